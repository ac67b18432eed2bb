"""Answer serialisation: the W3C result-format tests, the row cap, escaping, graphs."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from emmd_kg.rdf.formats import BY_NAME
from emmd_kg.sparql.results import TRUNCATED_LINK, render
from emmd_kg.store.base import QueryResult

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
QT = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"
EX = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def test_csv_lines_end_with_crlf_and_tsv_lines_with_lf():
    result = solutions("SELECT ?a ?b { VALUES (?a ?b) { (1 2) (3 4) } }")
    body = render(result, BY_NAME["csv"], 10).body
    assert body == b"a,b\r\n1,2\r\n3,4\r\n"
    result = solutions("SELECT ?a ?b { VALUES (?a ?b) { (1 2) (3 4) } }")
    assert render(result, BY_NAME["tsv"], 10).body == b"?a\t?b\n1\t2\n3\t4\n"


def solutions(query: str) -> QueryResult:
    return QueryResult.of(ox.Store().query(query))


TRICKY = (
    'SELECT ?t ?l ?d ?b ?n { VALUES (?t ?l ?d ?n) { ("a,b \\"q\\"\\r\\n\\t<&>" "x"@de-AT '
    '"5,5"^^<http://example.org/dt> 1.0e0) } BIND(BNODE() AS ?b) }'
)


@pytest.mark.parametrize("name", ["json", "xml"])
def test_json_and_xml_round_trip_every_kind_of_term(name):
    rendered = render(solutions(TRICKY), BY_NAME[name], 10)
    parsed = list(ox.parse_query_results(rendered.body, format=BY_NAME[name].ox_format))
    [row] = parsed
    assert row["t"] == ox.Literal('a,b "q"\r\n\t<&>')
    assert row["l"] == ox.Literal("x", language="de-AT")
    assert row["d"] == ox.Literal("5,5", datatype=ox.NamedNode(EX + "dt"))
    assert row["n"] == ox.Literal("1", datatype=ox.NamedNode(XSD + "double"))
    assert isinstance(row["b"], ox.BlankNode)


def test_csv_quotes_fields_with_commas_quotes_and_line_breaks():
    body = render(solutions(TRICKY), BY_NAME["csv"], 10).body.decode()
    [header, row] = list(csv.reader(io.StringIO(body, newline="")))
    assert header == ["t", "l", "d", "b", "n"]
    assert row[:3] == ['a,b "q"\r\n\t<&>', "x", "5,5"] and row[3].startswith("_:")


def test_tsv_writes_terms_with_escapes_tags_datatypes_and_abbreviated_numbers():
    body = render(solutions(TRICKY), BY_NAME["tsv"], 10).body.decode()
    header, row = body.rstrip("\n").split("\n")
    t, lang, dt, blank, number = row.split("\t")
    assert t == '"a,b \\"q\\"\\r\\n\\t<&>"'
    assert (lang, dt) == ('"x"@de-at', f'"5,5"^^<{EX}dt>')  # the store lower-cases tags
    assert blank == "_:b0"
    assert number == f'"1"^^<{XSD}double>'  # canonical "1" is no Turtle double: kept typed


def test_xml_replaces_characters_xml_cannot_carry():
    rendered = render(solutions('SELECT ("a\\u0001b" AS ?x) {}'), BY_NAME["xml"], 10)
    [row] = list(ox.parse_query_results(rendered.body, format=ox.QueryResultsFormat.XML))
    assert row["x"].value == "a\ufffdb"


def test_blank_nodes_are_numbered_per_answer():
    query = "SELECT ?a ?b ?c { BIND(BNODE('x') AS ?a) BIND(BNODE('y') AS ?b) BIND(?a AS ?c) }"
    doc = json.loads(render(solutions(query), BY_NAME["json"], 10).body)
    [row] = doc["results"]["bindings"]
    assert [row[v]["value"] for v in "abc"] == ["b0", "b1", "b0"]


ROWS = "SELECT ?n { VALUES ?n { 1 2 3 4 5 } } ORDER BY ?n"


def test_more_rows_than_the_cap_are_cut_and_marked():
    rendered = render(solutions(ROWS), BY_NAME["json"], 2)
    doc = json.loads(rendered.body)
    assert (rendered.truncated, rendered.rows) == (True, 2)
    assert [b["n"]["value"] for b in doc["results"]["bindings"]] == ["1", "2"]
    assert doc["head"]["link"] == [TRUNCATED_LINK] and doc["truncated"] is True


def test_exactly_the_cap_is_not_truncated():
    rendered = render(solutions(ROWS), BY_NAME["json"], 5)
    assert (rendered.truncated, rendered.rows) == (False, 5)
    assert "link" not in json.loads(rendered.body)["head"]


@pytest.mark.parametrize("name", ["json", "xml"])
def test_standard_parsers_read_a_truncated_answer(name):
    rendered = render(solutions(ROWS), BY_NAME[name], 2)
    assert TRUNCATED_LINK.encode() in rendered.body
    parsed = ox.parse_query_results(rendered.body, format=BY_NAME[name].ox_format)
    assert [row["n"].value for row in parsed] == ["1", "2"]


def test_rdflib_reads_a_truncated_json_answer():
    from rdflib.query import Result

    body = render(solutions(ROWS), BY_NAME["json"], 2).body
    assert len(list(Result.parse(io.BytesIO(body), format="json"))) == 2


@pytest.mark.parametrize(
    "name, body", [("json", b'{"head":{},"boolean":true}'), ("csv", b"true"), ("tsv", b"true")]
)
def test_ask_answers_are_booleans(name, body):
    rendered = render(solutions("ASK {}"), BY_NAME[name], 10)
    assert (rendered.body, rendered.rows, rendered.truncated) == (body, 1, False)


def test_a_format_of_the_other_kind_is_refused():
    with pytest.raises(ValueError):
        render(solutions(ROWS), BY_NAME["turtle"], 10)


GRAPH = (
    f'<{EX}a> <{EX}name> "A"@de, "A"@en ; <{EX}size> 3 ; <{EX}knows> <{EX}b> .\n'
    f'<{EX}b> a <{EX}Thing> ; <{EX}note> "x\\ny" .\n'
)


def construct():
    store = ox.Store()
    store.load(GRAPH.encode(), format=ox.RdfFormat.TURTLE)
    return QueryResult.of(store.query("CONSTRUCT WHERE { ?s ?p ?o }"))


def triples_of(body: bytes, fmt) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt)}


EXPECTED = triples_of(GRAPH.encode(), ox.RdfFormat.TURTLE)


@pytest.mark.parametrize("name", ["turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld"])
def test_graph_formats_round_trip(name):
    fmt = BY_NAME[name]
    rendered = render(construct(), fmt, 100)
    assert triples_of(rendered.body, fmt.ox_format) == EXPECTED
    assert (rendered.rows, rendered.truncated, rendered.media_type) == (6, False, fmt.media_type)


def test_turtle_uses_the_given_prefixes():
    body = render(construct(), BY_NAME["turtle"], 100, prefixes={"ex": EX}).body
    assert b"@prefix ex: <http://example.org/>" in body and b"ex:knows ex:b" in body


CONTEXT = {
    "@context": {
        "ex": EX,
        "name": {"@id": "ex:name", "@container": "@language"},
        "knows": {"@id": "ex:knows", "@type": "@id"},
    }
}


def test_json_ld_is_compacted_with_the_given_context():
    body = render(construct(), BY_NAME["jsonld"], 100, jsonld_context=CONTEXT).body
    document = json.loads(body)
    node = next(n for n in document["@graph"] if n["@id"] in ("ex:a", EX + "a"))
    assert node["name"] == {"de": "A", "en": "A"} and node["knows"] in ("ex:b", EX + "b")
    assert triples_of(body, ox.RdfFormat.JSON_LD) == EXPECTED


def test_more_triples_than_the_cap_are_cut_and_marked():
    rendered = render(construct(), BY_NAME["turtle"], 2)
    assert (rendered.rows, rendered.truncated) == (2, True)
    assert rendered.body.startswith(b"# truncated")
    assert len(triples_of(rendered.body, ox.RdfFormat.TURTLE)) == 2


def test_a_truncated_rdf_xml_answer_is_still_xml():
    rendered = render(construct(), BY_NAME["rdfxml"], 2)
    assert b"<!-- truncated" in rendered.body
    assert len(triples_of(rendered.body, ox.RdfFormat.RDF_XML)) == 2


# --- the one result type ------------------------------------------------------------


def test_a_select_result_has_its_variables_and_rows_indexable_by_name():
    result = solutions("SELECT ?a ?b { VALUES (?a ?b) { (1 UNDEF) } }")
    assert (result.kind, result.variables) == ("solutions", ("a", "b"))
    [row] = result
    assert (row["a"].value, row["b"], tuple(row)) == (
        "1",
        None,
        (ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")), None),
    )


def test_an_ask_result_has_a_boolean_and_no_rows():
    result = solutions("ASK {}")
    assert (result.kind, result.boolean, result.variables) == ("boolean", True, ())
    with pytest.raises(TypeError):
        iter(result)
    with pytest.raises(TypeError):
        result.solutions()


def test_a_graph_result_yields_triples():
    result = construct()
    assert result.kind == "triples" and result.variables == ()
    assert all(isinstance(t, ox.Triple) for t in result.triples())
    with pytest.raises(TypeError):
        _ = result.boolean


def test_a_result_has_no_truth_value():
    with pytest.raises(TypeError):
        bool(solutions("ASK { FILTER(false) }"))


@pytest.mark.parametrize("value", [True, False])
@pytest.mark.parametrize("name", ["json", "xml", "csv", "tsv"])
def test_a_made_up_boolean_renders_as_the_engines_own(name, value):
    engine = solutions("ASK {}" if value else "ASK { FILTER(false) }")
    made = QueryResult.of_boolean(value)
    assert made.boolean is value
    assert render(made, BY_NAME[name], 10) == render(engine, BY_NAME[name], 10)


def test_triples_in_a_plain_list_render_as_a_graph():
    triples = list(construct().triples())
    assert render(triples, BY_NAME["turtle"], 100) == render(construct(), BY_NAME["turtle"], 100)
    assert render(triples, BY_NAME["turtle"], 100) == render(
        QueryResult.of_triples(triples), BY_NAME["turtle"], 100
    )
