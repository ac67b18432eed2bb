"""The dataset description: DCAT-AP.de + VoID, with every figure computed from the data.

The hand-written part (titles, publisher, licence, themes, contact) lives in the
project's ``meta/*.ttl``; this module adds what only the build knows: the VoID
statistics and partitions, the distributions of the dumps with size and checksum, the
SPARQL data service, and the modification date (the newest ``prov:generatedAtTime`` of
the source graphs, so the description stays deterministic).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from ..rdf.namespaces import PREFIXES, RDF_TYPE
from ..sources import Triple

DCAT, DCT, VOID = PREFIXES["dcat"], PREFIXES["dct"], PREFIXES["void"]
SPDX, XSD, PROV = PREFIXES["spdx"], PREFIXES["xsd"], PREFIXES["prov"]
SD = PREFIXES["sd"]
IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"


@dataclass(frozen=True)
class Dump:
    """One written dump file, as the description needs to know it."""

    extension: str
    media_type: str
    file_type: str
    size: int
    sha256: str


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _int(value: int, datatype: str = "integer") -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + datatype))


def _partition_iri(dataset: str, kind: str, iri: str) -> ox.NamedNode:
    return _n(f"{dataset}#{kind}-{hashlib.sha256(iri.encode()).hexdigest()[:12]}")


def statistics(dataset: str, triples: set[Triple], base: str) -> list[Triple]:
    """VoID statistics of the distinct ``triples`` of the union."""
    ds = _n(dataset)
    subjects = {s for s, _, _ in triples}
    objects = {o for _, _, o in triples}
    properties = Counter(p.value for _, p, _ in triples)
    instances: dict[str, set[str]] = {}
    for s, p, o in triples:
        if p.value == RDF_TYPE and isinstance(o, ox.NamedNode):
            instances.setdefault(o.value, set()).add(s.value)
    entities = {
        s.value for s in subjects if isinstance(s, ox.NamedNode) and s.value.startswith(base)
    }
    out: list[Triple] = [
        (ds, _n(VOID + "triples"), _int(len(triples))),
        (ds, _n(VOID + "entities"), _int(len(entities))),
        (ds, _n(VOID + "classes"), _int(len(instances))),
        (ds, _n(VOID + "properties"), _int(len(properties))),
        (ds, _n(VOID + "distinctSubjects"), _int(len(subjects))),
        (ds, _n(VOID + "distinctObjects"), _int(len(objects))),
        (ds, _n(VOID + "uriSpace"), ox.Literal(base)),
    ]
    for cls, members in sorted(instances.items()):
        node = _partition_iri(dataset, "class", cls)
        out += [
            (ds, _n(VOID + "classPartition"), node),
            (node, _n(VOID + "class"), _n(cls)),
            (node, _n(VOID + "entities"), _int(len(members))),
        ]
        if cls.startswith(base):
            out.append((ds, _n(VOID + "exampleResource"), _n(min(members))))
    vocabularies: set[str] = set()
    for prop, count in sorted(properties.items()):
        node = _partition_iri(dataset, "property", prop)
        out += [
            (ds, _n(VOID + "propertyPartition"), node),
            (node, _n(VOID + "property"), _n(prop)),
            (node, _n(VOID + "triples"), _int(count)),
        ]
        vocabularies.update(ns for ns in PREFIXES.values() if prop.startswith(ns))
    for cls in instances:
        vocabularies.update(ns for ns in PREFIXES.values() if cls.startswith(ns))
    out += [(ds, _n(VOID + "vocabulary"), _n(ns)) for ns in sorted(vocabularies)]
    return out


def modified(triples: Iterable[Triple]) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    """The newest ``prov:generatedAtTime`` among the source graphs' provenance."""
    times = [o for _, p, o in triples if p.value == PROV + "generatedAtTime"]
    return max(times, key=lambda t: t.value, default=None)


def distributions(dataset: str, base: str, dumps: list[Dump], licence: str | None) -> list[Triple]:
    """A DCAT distribution (and VoID data dump) per dump file, with size and checksum."""
    ds = _n(dataset)
    out: list[Triple] = []
    for dump in dumps:
        node = _n(f"{dataset}#dump-{dump.extension}")
        url = _n(f"{base}dumps/dataset.{dump.extension}")
        checksum = _n(f"{dataset}#dump-{dump.extension}-checksum")
        out += [
            (ds, _n(DCAT + "distribution"), node),
            (ds, _n(VOID + "dataDump"), url),
            (node, _n(PREFIXES["rdf"] + "type"), _n(DCAT + "Distribution")),
            (node, _n(DCAT + "accessURL"), url),
            (node, _n(DCAT + "downloadURL"), url),
            (node, _n(DCAT + "mediaType"), _n(IANA + dump.media_type)),
            (node, _n(DCT + "format"), _n(FILE_TYPE + dump.file_type)),
            (node, _n(DCAT + "byteSize"), _int(dump.size, "nonNegativeInteger")),
            (node, _n(DCT + "title"), ox.Literal(f"Dump ({dump.media_type})", language="en")),
            (node, _n(SPDX + "checksum"), checksum),
            (checksum, _n(PREFIXES["rdf"] + "type"), _n(SPDX + "Checksum")),
            (checksum, _n(SPDX + "algorithm"), _n(SPDX + "checksumAlgorithm_sha256")),
            (
                checksum,
                _n(SPDX + "checksumValue"),
                ox.Literal(dump.sha256, datatype=_n(XSD + "hexBinary")),
            ),
        ]
        if licence:
            out.append((node, _n(DCT + "license"), _n(licence)))
    return out


def service(
    dataset: str, base: str, publisher: ox.NamedNode | ox.BlankNode | ox.Literal | None
) -> list[Triple]:
    """The SPARQL endpoint as a DCAT data service and a VoID endpoint."""
    ds, node, endpoint = _n(dataset), _n(f"{dataset}#sparql-service"), _n(f"{base}sparql")
    out: list[Triple] = [
        (ds, _n(VOID + "sparqlEndpoint"), endpoint),
        (node, _n(PREFIXES["rdf"] + "type"), _n(DCAT + "DataService")),
        (node, _n(DCAT + "endpointURL"), endpoint),
        (node, _n(DCAT + "endpointDescription"), endpoint),
        (node, _n(DCAT + "servesDataset"), ds),
        (node, _n(DCT + "conformsTo"), _n("https://www.w3.org/TR/sparql11-protocol/")),
        (node, _n(DCT + "title"), ox.Literal("SPARQL-Endpunkt", language="de")),
        (node, _n(DCT + "title"), ox.Literal("SPARQL endpoint", language="en")),
    ]
    if publisher is not None:
        out.append((node, _n(DCT + "publisher"), publisher))
    return out
