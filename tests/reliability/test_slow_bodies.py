"""Promise: request bodies that never complete do not stall the other clients."""

from __future__ import annotations

import socket

import httpx
import pytest

from conftest import RunningServer

SLOW_CLIENTS = 8
BODY_TIMEOUT = 2  # seconds the server waits for a body
INCOMPLETE = (
    b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/sparql-query\r\nContent-Length: 1000\r\n\r\nSELECT"
)
CHUNKED = (
    b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n6\r\nSELECT\r\n"
)


@pytest.fixture(scope="module")
def small_server(artefact, settings):
    """A server of one worker with few request threads, so a stall would show."""
    running = RunningServer(settings.artefact_dir, workers=1, threads=12, body_timeout=BODY_TIMEOUT)
    yield running
    running.stop()


@pytest.mark.parametrize("head", [INCOMPLETE, CHUNKED], ids=["content-length", "chunked"])
def test_other_clients_are_answered_while_bodies_never_complete(small_server, head):
    held = [socket.create_connection(("127.0.0.1", small_server.port)) for _ in range(SLOW_CLIENTS)]
    try:
        for sock in held:
            sock.sendall(head)
        statuses = [
            httpx.get(small_server.url + "/health", timeout=5).status_code for _ in range(5)
        ]
        assert statuses == [200] * 5
    finally:
        for sock in held:
            sock.close()


@pytest.mark.parametrize("head", [INCOMPLETE, CHUNKED], ids=["content-length", "chunked"])
def test_a_body_that_never_completes_gets_a_408_that_closes_the_connection(small_server, head):
    with socket.create_connection(("127.0.0.1", small_server.port)) as sock:
        sock.settimeout(BODY_TIMEOUT + 30)  # a bound on the test, far past the deadline
        sock.sendall(head)
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += sock.recv(65536)
    head_lines = answer.split(b"\r\n\r\n")[0].lower().split(b"\r\n")
    assert head_lines[0].startswith(b"http/1.1 408")
    assert b"content-type: application/problem+json" in head_lines
    assert b"connection: close" in head_lines
