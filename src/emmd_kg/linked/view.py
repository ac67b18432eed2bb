"""A description turned into what a resource page shows, in one language.

The page is generic: names come from ``skos:prefLabel`` / ``rdfs:label`` (and a few
title properties) in the page's language, falling back to an untagged label, then any
label, then the compact IRI; the description from the usual description properties;
every value keeps its IRI so the template can link it (through
:func:`~emmd_kg.web.html.links.local_href`, which never links anything but http(s)).  The
schema.org object embedded for search engines maps a few standard classes and
properties (ORG, CPOV, SKOS, DCAT) to their schema.org counterparts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..rdf.namespaces import PREFIXES, RDF_TYPE
from ..store.base import Term
from .description import LABEL_PREDICATES, Description, Statement

_P = PREFIXES
NAME_PREDICATES = (*LABEL_PREDICATES, _P["dct"] + "title", _P["foaf"] + "name")
DESCRIPTION_PREDICATES = tuple(
    _P[prefix] + local
    for prefix, local in (
        ("dct", "description"),
        ("skos", "definition"),
        ("rdfs", "comment"),
        ("schema", "description"),
    )
)
PROVENANCE = _P["prov"] + "wasDerivedFrom"
_WORDS: dict[str, tuple[str, str]] = {
    "formats": ("Formats", "Formate"),
    "language": ("Language", "Sprache"),
    "lang_en": ("English", "English"),
    "lang_de": ("Deutsch", "Deutsch"),
    "type": ("Type", "Typ"),
    "properties": ("Properties", "Eigenschaften"),
    "property": ("Property", "Eigenschaft"),
    "value": ("Value", "Wert"),
    "incoming": ("Links to this resource", "Verweise auf diese Ressource"),
    "subject": ("From", "Von"),
    "provenance": ("Provenance", "Herkunft"),
    "graphs": ("Statements from the graphs", "Aussagen aus den Graphen"),
    "derived": ("Derived from", "Abgeleitet aus"),
    "inferred": ("inferred", "abgeleitet"),
    "none": ("None.", "Keine."),
    "truncated": (
        "Only the first links are listed; the SPARQL endpoint has them all.",
        "Nur die ersten Verweise sind aufgeführt; alle liefert der SPARQL-Endpunkt.",
    ),
    "downloads": ("Downloads", "Downloads"),
    "endpoint": ("SPARQL endpoint", "SPARQL-Endpunkt"),
    "tree": ("Organisations", "Organisationen"),
    "tree_caption": (
        "The organisations and how they relate: hierarchy, partnerships, memberships. "
        "Each box links to its organisation.",
        "Die Organisationen und ihre Beziehungen: Hierarchie, Partnerschaften, "
        "Mitgliedschaften. Jedes Kästchen verweist auf seine Organisation.",
    ),
    "rel_hierarchy": ("part of", "Teil von"),
    "rel_partner": ("partner of", "Partner von"),
    "rel_member": ("member of", "Mitglied von"),
    "as_list": ("As a list", "Als Liste"),
    "matrix": ("Responsibilities", "Zuständigkeiten"),
    "matrix_caption": (
        "Who is responsible for each area in each column's organisation, in its own "
        "wording. Rows: the concepts of",
        "Wer in der Organisation jeder Spalte für welches Feld zuständig ist, in ihrem "
        "eigenen Wortlaut. Zeilen: die Begriffe von",
    ),
    "as_table": ("As a table", "Als Tabelle"),
    "area": ("Area", "Feld"),
    "nobody": ("–", "–"),
    "browse": ("Browse", "Stöbern"),
    "dataset": ("Dataset description", "Beschreibung des Datensatzes"),
    "queries": ("Saved queries", "Gespeicherte Abfragen"),
    "dumps": ("Dumps", "Dumps"),
    "context": ("JSON-LD context", "JSON-LD-Kontext"),
    "shapes": ("SHACL shapes", "SHACL-Shapes"),
    "openapi": ("OpenAPI description", "OpenAPI-Beschreibung"),
    "sitemap": ("Sitemap", "Sitemap"),
    "vocabularies": ("Vocabularies and concept schemes", "Vokabulare und Begriffssysteme"),
}
_PROPERTY_WORDS: dict[tuple[str, str], tuple[str, str]] = {
    ("rdf", "type"): ("type", "Typ"),
    ("rdfs", "label"): ("label", "Bezeichnung"),
    ("rdfs", "comment"): ("comment", "Kommentar"),
    ("skos", "prefLabel"): ("name", "Name"),
    ("skos", "altLabel"): ("also called", "auch genannt"),
    ("skos", "definition"): ("definition", "Definition"),
    ("skos", "scopeNote"): ("scope note", "Anwendungshinweis"),
    ("skos", "example"): ("example", "Beispiel"),
    ("skos", "broader"): ("broader concept", "Oberbegriff"),
    ("skos", "narrower"): ("narrower concept", "Unterbegriff"),
    ("skos", "inScheme"): ("in scheme", "im Begriffssystem"),
    ("skos", "topConceptOf"): ("top concept of", "oberster Begriff von"),
    ("skos", "hasTopConcept"): ("top concept", "oberster Begriff"),
    ("dct", "title"): ("title", "Titel"),
    ("dct", "description"): ("description", "Beschreibung"),
    ("dct", "spatial"): ("area", "Gebiet"),
    ("dct", "source"): ("source", "Quelle"),
    ("dct", "identifier"): ("identifier", "Kennung"),
    ("org", "subOrganizationOf"): ("part of", "Teil von"),
    ("org", "hasSubOrganization"): ("has part", "hat als Teil"),
    ("org", "transitiveSubOrganizationOf"): ("within", "innerhalb von"),
    ("org", "classification"): ("classification", "Einordnung"),
    ("org", "purpose"): ("purpose", "Zweck"),
    ("org", "memberOf"): ("member of", "Mitglied von"),
    ("org", "hasMember"): ("member", "Mitglied"),
    ("org", "linkedTo"): ("linked to", "verbunden mit"),
    ("prov", "wasDerivedFrom"): ("derived from", "abgeleitet aus"),
    ("foaf", "homepage"): ("home page", "Homepage"),
    ("schema", "foundingDate"): ("founded", "gegründet"),
}
PROPERTY_NAMES: dict[str, dict[str, str]] = {
    lang: {_P[prefix] + local: words[i] for (prefix, local), words in _PROPERTY_WORDS.items()}
    for i, lang in enumerate(("en", "de"))
}
"""Names of common standard properties that their vocabularies label elsewhere (the
data has no labels for them); a property the data labels is named by its label."""
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
UI: dict[str, dict[str, str]] = {
    lang: {key: words[i] for key, words in _WORDS.items()} for i, lang in enumerate(("en", "de"))
}
"""The words of the pages themselves, per page language."""
SCHEMA_TYPES = (
    (_P["cv"] + "PublicOrganisation", "GovernmentOrganization"),
    (_P["org"] + "FormalOrganization", "Organization"),
    (_P["org"] + "Organization", "Organization"),
    (_P["skos"] + "ConceptScheme", "DefinedTermSet"),
    (_P["owl"] + "Ontology", "DefinedTermSet"),
    (_P["skos"] + "Concept", "DefinedTerm"),
    (_P["dcat"] + "Dataset", "Dataset"),
)
SCHEMA_LINKS = (
    ("parentOrganization", _P["org"] + "subOrganizationOf"),
    ("areaServed", _P["dct"] + "spatial"),
    ("memberOf", _P["org"] + "memberOf"),
)


@dataclass(frozen=True)
class Value:
    """One term as shown: its text, its IRI (if any) and a note (language or datatype)."""

    text: str
    iri: str | None = None
    note: str | None = None
    inferred: bool = False
    anchor: str | None = None
    """For a blank node: the id of its section on the same page."""
    language: str | None = None
    """For a language-tagged literal: its language (the page marks it up with it)."""
    title: str | None = None
    """For a property: its compact IRI (the page shows it on hover)."""


@dataclass
class Section:
    """What the page says about one IRI of the document."""

    iri: str
    anchor: str
    name: str
    types: list[Value] = field(default_factory=list)
    description: str | None = None
    properties: list[tuple[Value, list[Value]]] = field(default_factory=list)
    incoming: list[tuple[Value, Value]] = field(default_factory=list)
    graphs: list[Value] = field(default_factory=list)
    derived_from: list[Value] = field(default_factory=list)


class Labels:
    """Names of the IRIs of one description, in one language."""

    def __init__(
        self, statements: tuple[Statement, ...], lang: str, prefixes: dict[str, str]
    ) -> None:
        self.lang = lang
        self.prefixes = prefixes
        self._names: dict[str, dict[str, list[ox.Literal]]] = defaultdict(lambda: defaultdict(list))
        for s in statements:
            if isinstance(s.subject, ox.NamedNode) and isinstance(s.object, ox.Literal):
                self._names[s.subject.value][s.predicate.value].append(s.object)

    def text(self, iri: str, predicates: tuple[str, ...] = NAME_PREDICATES) -> str | None:
        """The best literal of ``predicates`` for ``iri`` in this language, or None."""
        by_predicate = self._names.get(iri, {})
        for wanted in (self.lang, "", None):
            for predicate in predicates:
                for literal in sorted(by_predicate.get(predicate, ()), key=str):
                    if wanted is None or (literal.language or "") == wanted:
                        return literal.value
        return None

    def name(self, iri: str) -> str:
        """The name of ``iri``: a label, else its compact form."""
        return self.text(iri) or self.compact(iri)

    def property_name(self, iri: str) -> str:
        """A property's name: its label, else a known name, else its local name in words
        (``subOrganizationOf``: "sub organization of"), else its compact form."""
        known = PROPERTY_NAMES.get(self.lang, PROPERTY_NAMES["en"]).get(iri)
        if (label := self.text(iri)) or known:
            return label or known or ""
        local = re.split(r"[#/]", iri)[-1]
        words = _CAMEL.sub(" ", local).replace("_", " ").strip()
        return words.lower() if words and not words.isupper() else self.compact(iri)

    def compact(self, iri: str) -> str:
        """``prefix:local`` for IRIs under a known namespace, else the IRI."""
        best = max((ns for ns in self.prefixes.values() if iri.startswith(ns)), key=len, default="")
        if not best or best == iri:
            return iri
        prefix = next(k for k, v in self.prefixes.items() if v == best)
        return f"{prefix}:{iri[len(best) :]}"


def value(term: Term, labels: Labels, inferred: bool = False) -> Value:
    """A term as shown on a page."""
    if isinstance(term, ox.NamedNode):
        return Value(labels.name(term.value), term.value, None, inferred)
    if isinstance(term, ox.BlankNode):
        return Value(f"_:{term.value[:12]}", None, "blank node", inferred, _anchor(term))
    note = term.language or labels.compact(term.datatype.value)
    shown = None if note == "xsd:string" else note
    return Value(term.value, None, shown, inferred, None, term.language)


def property_value(iri: str, labels: Labels, inferred: bool = False) -> Value:
    """A property as shown on a page: its name, with its compact IRI as the title."""
    return Value(labels.property_name(iri), iri, None, inferred, title=labels.compact(iri))


def sections(description: Description, labels: Labels, derived: frozenset[str]) -> list[Section]:
    """One section per IRI the document describes, the document's own first."""
    out, into = defaultdict(list), defaultdict(list)
    for s in description.statements:
        if s.role == "out":
            out[_key(s.subject)].append(s)
        elif s.role == "in":
            into[s.object.value].append(s)
    blank = sorted(key for key in out if key.startswith("_:"))
    result = []
    for iri in (*description.subjects, *blank):
        own = out.get(iri, [])
        if iri.startswith("_:"):
            section = Section(iri, _anchor(own[0].subject), f"_:{iri[2:14]}")
        else:
            section = Section(iri, iri.partition("#")[2] or "resource", labels.name(iri))
        section.description = labels.text(iri, DESCRIPTION_PREDICATES)
        grouped: dict[str, list[Value]] = defaultdict(list)
        for s in own:
            shown = value(s.object, labels, s.graph.value in derived)
            if s.predicate.value == RDF_TYPE:
                section.types.append(shown)
            if s.predicate.value == PROVENANCE:
                section.derived_from.append(shown)
            grouped[s.predicate.value].append(shown)
        section.properties = [
            (property_value(p, labels), _unique(values))
            for p, values in sorted(grouped.items(), key=lambda item: labels.property_name(item[0]))
        ]
        section.incoming = sorted(
            {
                (
                    value(s.subject, labels),
                    property_value(s.predicate.value, labels, s.graph.value in derived),
                )
                for s in into.get(iri, [])
            },
            key=lambda pair: (pair[1].text, pair[0].text),
        )
        graphs = {s.graph.value for s in own}
        section.graphs = [value(ox.NamedNode(g), labels, g in derived) for g in sorted(graphs)]
        section.types, section.derived_from = _unique(section.types), _unique(section.derived_from)
        result.append(section)
    return result


def schema_org(description: Description, labels: Labels) -> dict:
    """The schema.org object of the document's own IRI, for search engines."""
    iri = description.document
    own = [s for s in description.statements if s.role == "out" and _key(s.subject) == iri]
    types = {s.object.value for s in own if s.predicate.value == RDF_TYPE}
    kind = next((name for cls, name in SCHEMA_TYPES if cls in types), "Thing")
    thing: dict = {
        "@context": "https://schema.org",
        "@type": kind,
        "@id": iri,
        "name": labels.name(iri),
    }
    text = labels.text(iri, DESCRIPTION_PREDICATES)
    if text:
        thing["description"] = text
    for key, predicate in SCHEMA_LINKS:
        targets = sorted(
            {
                s.object.value
                for s in own
                if s.predicate.value == predicate and isinstance(s.object, ox.NamedNode)
            }
        )
        if targets:
            thing[key] = [{"@id": t, "name": labels.name(t)} for t in targets]
    founding = [s.object.value for s in own if s.predicate.value == _P["schema"] + "foundingDate"]
    if founding:
        thing["foundingDate"] = min(founding)
    return thing


def _anchor(node: ox.NamedNode | ox.BlankNode) -> str:
    return f"blank-{node.value[:12]}"


def _key(term) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _unique(values: list[Value]) -> list[Value]:
    """Values without repeats (a fact in two graphs shows once), sorted by text."""
    seen: dict[tuple, Value] = {}
    for v in values:
        seen.setdefault((v.text, v.iri, v.note), v)
    return sorted(seen.values(), key=lambda v: (v.text.casefold(), v.note or ""))
