"""The lexical gate: the attacks of docs/SECURITY.md and the queries it must let through."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from emmd_kg.config import Settings
from emmd_kg.errors import QueryError, QueryForbidden, QueryTooDeep, QueryTooLarge
from emmd_kg.sparql.gate import decode_escapes, inspect

G1, G2 = "http://example.org/graph/1", "http://example.org/graph/2"
GRAPHS = frozenset({G1, G2})
SETTINGS = Settings()


def check(query: str, settings: Settings = SETTINGS):
    return inspect(query, settings, GRAPHS)


def test_an_ordinary_query_passes_unchanged():
    query = "PREFIX ex: <http://example.org/>\nSELECT ?s WHERE { ?s a ex:Thing } LIMIT 10"
    result = check(query)
    assert (result.text, result.form, result.kind) == (query, "SELECT", "results")
    assert (result.from_graphs, result.from_named) == ((), ())


@pytest.mark.parametrize(
    "query, form, kind",
    [
        ("SELECT * {}", "SELECT", "results"),
        ("ask {}", "ASK", "results"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", "graph"),
        ("DESCRIBE <http://example.org/x>", "DESCRIBE", "graph"),
        ("BASE <http://example.org/> PREFIX : <a#> # c\nDescribe :x", "DESCRIBE", "graph"),
    ],
)
def test_the_query_form_comes_after_the_prologue(query, form, kind):
    result = check(query)
    assert (result.form, result.kind) == (form, kind)


SERVICE_ATTACKS = [
    "SELECT * WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }",
    "SELECT * WHERE { SeRvIcE <http://evil.example/> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <file:///etc/passwd> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o . SERVICE ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o.SERVICE <http://evil.example/> {} }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:a\\#b ?o SERVICE <x:y> {} }",
]


@pytest.mark.parametrize("query", SERVICE_ATTACKS)
def test_service_is_refused_in_any_spelling(query):
    with pytest.raises(QueryForbidden, match="SERVICE is not allowed"):
        check(query)


def test_service_hidden_in_a_codepoint_escape_is_refused():
    with pytest.raises(QueryForbidden, match="SERVICE"):
        check(r"SELECT * WHERE { \u0053ERVICE <http://evil.example/> { ?s ?p ?o } }")


def test_an_escape_that_decodes_into_another_escape_is_refused():
    with pytest.raises(QueryError, match="another escape"):
        check(r"SELECT * WHERE { \u005Cu0053ERVICE <http://evil.example/> { } }")


NOT_THE_KEYWORD = [
    'SELECT ("SERVICE <http://x/> {}" AS ?x) {}',
    "SELECT ('SERVICE' AS ?x) {}",
    'SELECT ("""a\n SERVICE <http://x/> {}""" AS ?x) {}',
    "SELECT (''' SERVICE ''' AS ?x) {}",
    'SELECT ("say \\"SERVICE\\"" AS ?x) {}',
    "SELECT * { <http://x/SERVICE> ?p ?o }",
    "SELECT * { ?s ?p ?o } # SERVICE <http://evil.example/> {}",
    "PREFIX ex: <http://example.org/> SELECT * { ?s ex:service ?service . ?s ?p $service }",
    "PREFIX service: <http://example.org/> SELECT * { ?s service:p ?o }",
    "SELECT * { ?s ?p 'x'@service }",
    "SELECT * { ?s <http://x/#SERVICE> ?o }",
]


@pytest.mark.parametrize("query", NOT_THE_KEYWORD)
def test_service_in_strings_iris_comments_and_names_is_not_the_keyword(query):
    assert check(query).form == "SELECT"


@pytest.mark.parametrize("query", SERVICE_ATTACKS + NOT_THE_KEYWORD)
def test_the_engine_parses_the_same_texts_so_the_attacks_are_real(query):
    ox.Store().query(query)  # parses (evaluation is lazy): pyoxigraph sees SERVICE too


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <http://x/s> <http://x/p> 1 }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <file:///etc/passwd>",
        "CLEAR ALL",
        "DROP GRAPH <http://example.org/graph/1>",
        "CREATE GRAPH <http://x/g>",
        "ADD DEFAULT TO <http://x/g>",
        "MOVE DEFAULT TO <http://x/g>",
        "COPY DEFAULT TO <http://x/g>",
        "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "PREFIX ex: <http://x/> insert data { ex:a ex:b ex:c }",
        "SELECT * {} ; INSERT DATA { <http://x/s> <http://x/p> 1 }",
    ],
)
def test_update_operations_are_refused_as_read_only(query):
    with pytest.raises(QueryForbidden, match="read-only"):
        check(query)


def test_from_a_local_file_is_refused_naming_the_iri():
    with pytest.raises(QueryForbidden, match="FROM may only select graphs") as caught:
        check("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    assert caught.value.extra["iri"] == "file:///etc/passwd"
    assert caught.value.status == 400


def test_from_with_an_escaped_bracket_is_refused():
    with pytest.raises(QueryForbidden, match="file:///etc/passwd"):
        check(r"SELECT * FROM \u003cfile:///etc/passwd> WHERE { ?s ?p ?o }")


def test_from_named_outside_the_store_is_refused():
    with pytest.raises(QueryForbidden, match="http://evil.example/g"):
        check("SELECT * FROM NAMED <http://evil.example/g> { GRAPH ?g { ?s ?p ?o } }")


def test_from_graphs_of_the_store_are_collected():
    result = check(f"SELECT * FROM <{G1}> FROM NAMED <{G2}> from named <{G1}> {{ ?s ?p ?o }}")
    assert (result.from_graphs, result.from_named) == ((G1,), (G2, G1))


def test_a_prefixed_from_is_expanded_before_the_check():
    result = check("PREFIX g: <http://example.org/graph/> SELECT * FROM g:1 { ?s ?p ?o }")
    assert result.from_graphs == (G1,)
    with pytest.raises(QueryForbidden, match="http://example.org/graph/evil"):
        check("PREFIX g: <http://example.org/graph/> SELECT * FROM g:evil { ?s ?p ?o }")


def test_a_from_with_an_undeclared_prefix_is_a_query_error():
    with pytest.raises(QueryError, match="undeclared prefix"):
        check("SELECT * FROM g:1 { ?s ?p ?o }")


def test_a_relative_from_without_base_is_refused():
    with pytest.raises(QueryForbidden, match="absolute IRI"):
        check("SELECT * FROM <../../etc/passwd> { ?s ?p ?o }")


def test_a_relative_from_is_resolved_against_base():
    result = check("BASE <http://example.org/graph/x> SELECT * FROM <1> { ?s ?p ?o }")
    assert result.from_graphs == (G1,)
    with pytest.raises(QueryForbidden, match="http://example.org/etc/passwd"):
        check("BASE <http://example.org/graph/> SELECT * FROM <../etc/passwd> { ?s ?p ?o }")


def test_from_without_an_iri_is_a_query_error():
    with pytest.raises(QueryError, match="after FROM"):
        check("SELECT * FROM { ?s ?p ?o }")


def test_three_thousand_nested_braces_are_refused_naming_the_cap():
    query = "SELECT * WHERE " + "{" * 3000 + "}" * 3000
    with pytest.raises(QueryTooDeep, match="limit of 64") as caught:
        check(query)
    assert caught.value.status == 400 and caught.value.extra["limit"] == 64


def test_nesting_up_to_the_cap_passes_and_one_more_is_refused():
    settings = Settings(max_nesting=4)
    assert check("SELECT * { { ( [] ) } }", settings).form == "SELECT"
    with pytest.raises(QueryTooDeep):
        check("SELECT * { { ( [ () ] ) } }", settings)


def test_brackets_inside_an_iri_token_count_towards_the_depth():
    query = "ASK { FILTER(?a<((((((1))))))>?b) }"
    with pytest.raises(QueryTooDeep):
        check(query, Settings(max_nesting=4))


def test_brackets_in_strings_and_comments_do_not_count():
    query = 'SELECT ("((((({{{{" AS ?x) { # ]]]]}}}}\n }'
    assert check(query, Settings(max_nesting=2)).form == "SELECT"


@pytest.mark.parametrize("query", ["SELECT * { ?s ?p ?o", "SELECT * { ( }", "SELECT * } {"])
def test_unbalanced_brackets_are_a_query_error(query):
    with pytest.raises(QueryError, match="unbalanced") as caught:
        check(query)
    assert type(caught.value) is QueryError


def test_a_query_over_the_byte_cap_is_413_naming_the_cap():
    query = "SELECT * { ?s ?p ?o } #" + "x" * (17 * 1024)
    with pytest.raises(QueryTooLarge, match="16384 bytes") as caught:
        check(query)
    assert caught.value.status == 413


def test_the_byte_cap_counts_utf8_bytes_not_characters():
    query = "SELECT * {} # " + "ä" * 60
    assert len(query) < 100 < len(query.encode())
    with pytest.raises(QueryTooLarge):
        check(query, Settings(max_query_bytes=100))


def test_codepoint_escapes_are_decoded_in_the_forwarded_text():
    result = check(r'SELECT ("\u00e4\U0001F600" AS ?x) { ?s \u003Chttp://x/p> ?o }')
    assert result.text == 'SELECT ("ä\U0001f600" AS ?x) { ?s <http://x/p> ?o }'


def test_an_escape_of_a_surrogate_is_refused():
    with pytest.raises(QueryError, match="not a Unicode character"):
        decode_escapes(r'SELECT ("\uD800" AS ?x) {}')


def test_a_lone_surrogate_in_the_text_is_refused():
    with pytest.raises(QueryError, match="not valid Unicode"):
        check('SELECT ("\ud800" AS ?x) {}')


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   # only a comment",
        "PREFIX ex: <http://x/>",
        "{ ?s ?p ?o }",
        "'SELECT'",
        "PREFIX <http://x/> SELECT * {}",
    ],
)
def test_text_without_a_query_form_is_a_query_error(query):
    with pytest.raises(QueryError):
        check(query)
