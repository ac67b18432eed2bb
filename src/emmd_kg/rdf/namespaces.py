"""The namespaces the engine knows by prefix, and the IRIs it mints under the base."""

from __future__ import annotations

PREFIXES: dict[str, str] = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "org": "http://www.w3.org/ns/org#",
    "cv": "http://data.europa.eu/m8g/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "http://schema.org/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcatap": "http://data.europa.eu/r5r/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "void": "http://rdfs.org/ns/void#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "time": "http://www.w3.org/2006/time#",
    "sh": "http://www.w3.org/ns/shacl#",
    "spdx": "http://spdx.org/rdf/terms#",
}

RDF_TYPE = PREFIXES["rdf"] + "type"


def base_prefixes(base: str) -> dict[str, str]:
    """The prefixes of the IRIs minted under ``base``: ``id/``, ``def/``, ``graph/`` …"""
    return {
        "id": f"{base}id/",
        "def": f"{base}def/",
        "graph": f"{base}graph/",
    }


def all_prefixes(base: str) -> dict[str, str]:
    """Standard and base prefixes together, as used in every serialisation."""
    return {**PREFIXES, **base_prefixes(base)}


def graph_iri(base: str, name: str) -> str:
    """The IRI of the named graph ``name``."""
    return f"{base}graph/{name}"
