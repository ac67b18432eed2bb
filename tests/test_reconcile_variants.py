"""Names as people write them in a spreadsheet reconcile to the right IRI at rank 1."""

from __future__ import annotations

import json

import httpx
import pytest

ID = "https://w3id.org/emmd/id/"
VARIANTS = [
    ("Landesstrassenbaubehoerde", "organisation/lsbb"),  # ss for ß, oe for ö
    ("landesstrasenbaubehorde", "organisation/lsbb"),  # a typo, no umlaut, lower case
    ("state road construction authority", "organisation/lsbb"),  # English, lower case
    ("LVERMGEO", "organisation/lvermgeo"),  # an acronym in the wrong case
    ("Ministerium Landesentwicklung Verkehr", "organisation/mlv"),  # words left out
    ("Saechsisches Staatsministerium fuer Regionalentwicklung", "organisation/smr"),
    ("Metrex", "network/metrex"),
    ("Initiativkreis Metropolregionen", "network/ikm"),  # partial
    ("Landesamt Denkmalpflege", "organisation/landesamt-fuer-denkmalpflege"),
    ("Geobasisinformation", "organisation/staatsbetrieb-geobasisinformation-und-vermessung"),
]


@pytest.fixture(scope="module")
def answered(server) -> dict:
    queries = {text: {"query": text} for text, _ in VARIANTS}
    answer = httpx.post(server.url + "/reconcile", data={"queries": json.dumps(queries)})
    assert answer.status_code == 200
    return answer.json()


@pytest.mark.parametrize(("text", "expected"), VARIANTS, ids=[t for t, _ in VARIANTS])
def test_a_variant_of_a_name_finds_its_entity_first(answered, text, expected):
    assert answered[text]["result"][0]["id"] == ID + expected
