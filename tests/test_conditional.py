"""Conditional GETs: the ETag of a representation, and 304 when the client holds it."""

from __future__ import annotations

import pytest
from flask import Flask, Response

from emmd_kg.web.caching import conditional, etag_for


@pytest.fixture
def client():
    app = Flask(__name__)

    @app.route("/doc", methods=["GET", "HEAD", "POST"])
    def doc():
        response = Response("the document", mimetype="text/turtle")
        response.headers["Vary"] = "Accept"
        return conditional(response, "v1")

    return app.test_client()


def tag() -> str:
    return etag_for("v1", "/doc", "text/turtle")


def test_the_answer_carries_a_strong_etag_and_public_caching(client):
    response = client.get("/doc")
    assert response.status_code == 200
    assert response.headers["ETag"] == f'"{tag()}"'
    assert response.headers["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("held", ['"{}"', 'W/"{}"', '"other", "{}"', "*"])
def test_a_client_holding_the_representation_gets_304_without_a_body(client, held):
    response = client.get("/doc", headers={"If-None-Match": held.format(tag())})
    assert response.status_code == 304
    assert response.data == b""
    assert response.headers["ETag"] == f'"{tag()}"'
    assert response.headers["Vary"] == "Accept"


def test_another_tag_gets_the_whole_answer(client):
    response = client.get("/doc", headers={"If-None-Match": '"other"'})
    assert response.status_code == 200
    assert response.text == "the document"


def test_head_is_conditional_too(client):
    response = client.head("/doc", headers={"If-None-Match": f'"{tag()}"'})
    assert response.status_code == 304


def test_a_post_is_never_answered_304(client):
    response = client.post("/doc", headers={"If-None-Match": f'"{tag()}"'})
    assert response.status_code == 200
