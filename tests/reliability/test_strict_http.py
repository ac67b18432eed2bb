"""Strict HTTP at the front door: what a client sends is read as HTTP says, never
guessed at.  Every request here is written byte by byte on a raw socket to the real
server, so no client library tidies it first.
"""

from __future__ import annotations

import json
import socket

import pytest

TIMEOUT = 10


def _exchange(server, raw: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``raw`` on a fresh connection; the status, header fields and body answered."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) as sock:
        sock.sendall(raw)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        fields = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        fields = {k.lower(): v for k, v in fields.items()}
        length = int(fields.get("content-length", "0"))
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    return int(lines[0].split()[1]), fields, body


def _get(server, target: bytes, host: bytes | None = b"127.0.0.1", method: bytes = b"GET"):
    request = method + b" " + target + b" HTTP/1.1\r\n"
    if host is not None:
        request += b"Host: " + host + b"\r\n"
    return _exchange(server, request + b"Connection: close\r\n\r\n")


def _problem(body: bytes) -> dict:
    return json.loads(body)


@pytest.mark.parametrize("query", [b"%FF", b"SELECT%20%C3%28", b"ASK%7B%7D%ED%A0%80"])
def test_a_query_string_that_is_not_utf8_is_a_400_problem(server, query):
    status, fields, body = _get(server, b"/sparql?query=" + query)
    assert status == 400
    assert fields["content-type"].startswith("application/problem+json")
    assert "UTF-8" in _problem(body)["detail"]


def test_a_valid_utf8_query_string_is_answered(server):
    status, _, body = _get(server, b"/sparql?query=ASK%7B%3Fs%20%3Fp%20%22%C3%A4%22%7D")
    assert status == 200 and b"boolean" in body


def test_an_http_1_1_request_without_host_is_a_400_problem(server):
    status, fields, body = _get(server, b"/health", host=None)
    assert status == 400
    assert "Host" in _problem(body)["detail"]


def test_an_http_1_0_request_without_host_is_answered(server):
    status, _, _ = _exchange(server, b"GET /health HTTP/1.0\r\n\r\n")
    assert status == 200


@pytest.mark.parametrize("method", [b"get", b"Get", b"post", b"BREW"])
def test_a_method_http_does_not_spell_so_is_a_501_problem(server, method):
    status, fields, body = _get(server, b"/health", method=method)
    assert status == 501
    assert "case-sensitive" in _problem(body)["detail"]


def test_a_lowercase_head_is_a_501_too(server):
    status, fields, _ = _get(server, b"/health", method=b"hEAD")  # granian sends no body
    assert status == 501 and fields["content-type"].startswith("application/problem+json")


def test_a_known_method_a_route_does_not_allow_is_a_405_with_allow(server):
    status, fields, _ = _get(server, b"/", method=b"DELETE")
    assert status == 405 and "GET" in fields["allow"]


@pytest.mark.parametrize(
    "host", [b"[::1]", b"[::1]:5000", b"LOCALHOST", b"LocalHost:80", b"localhost.", b"127.0.0.1"]
)
def test_a_trusted_host_in_any_case_with_or_without_port_is_answered(server, host):
    status, _, _ = _get(server, b"/health", host=host)
    assert status == 200


@pytest.mark.parametrize(
    "host", [b"evil.example", b"[::2]", b"[::1]evil", b"localhost:x", b"::1", b"localhost..", b""]
)
def test_an_untrusted_or_malformed_host_is_a_400_problem(server, host):
    status, _, body = _get(server, b"/health", host=host)
    assert status == 400
    assert _problem(body)["status"] == 400
