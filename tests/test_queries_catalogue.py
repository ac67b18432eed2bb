"""The saved-query file format and typed parameters: parsing, checks, validation, binding."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from emmd_kg.config import Settings
from emmd_kg.errors import ParameterError, SourceSyntaxError
from emmd_kg.queries.check import check_query
from emmd_kg.queries.params import Parameter, json_schema, to_term
from emmd_kg.queries.run import bind, read_request
from emmd_kg.queries.saved import parse_query
from emmd_kg.queries.text import rebase_query
from emmd_kg.rdf.sparql_lexer import query_form

BASE = "https://w3id.org/emmd/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
HEADER = """#+ title = { en = "Things", de = "Dinge" }
#+ description = "Everything of a kind."
#+ tags = ["a", "b"]
#+
#+ [parameters.kind]
#+ type = "iri"
#+ class = "https://w3id.org/emmd/def/emmd#State"
#+ default = "https://w3id.org/emmd/id/state/sachsen"
#+
#+ [parameters.lang]
#+ type = "language"
#+ default = "en"
#+ allowed = ["de", "en"]
#+
#+ [[examples]]
#+ parameters = { kind = "https://w3id.org/emmd/id/state/thueringen" }
#+ columns = ["label"]
#+ rows = [['"Thuringia"@en'], [""]]
"""
BODY = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?kind ?label ?lang WHERE {
  ?kind skos:prefLabel ?label FILTER(LANGMATCHES(LANG(?label), ?lang))
} ORDER BY ?label
"""


def parse(text: str, name: str = "things", base: str = BASE):
    return parse_query(text, f"queries/{name}.rq", BASE, base)


def checked(text: str) -> None:
    check_query(parse(text), Settings(), frozenset({BASE + "graph/partner-page"}))


def failure(text: str, check: bool = False) -> SourceSyntaxError:
    with pytest.raises(SourceSyntaxError) as caught:
        checked(text) if check else parse(text)
    return caught.value


# --- the file format --------------------------------------------------------------


def test_header_gives_title_description_tags_and_parameters():
    query = parse(HEADER + BODY)
    assert query.title == {"en": "Things", "de": "Dinge"}
    assert query.description == {"": "Everything of a kind."}
    assert query.tags == ("a", "b")
    assert [p.name for p in query.parameters] == ["kind", "lang"]
    assert query.parameter("lang").allowed == (("de", ""), ("en", ""))


def test_query_text_is_the_body_without_the_header():
    query = parse(HEADER + BODY)
    assert query.text == BODY
    assert query.form == "SELECT"
    assert query.body_line == HEADER.count("\n") + 1


def test_example_rows_are_terms_with_unbound_cells_as_none():
    (example,) = parse(HEADER + BODY).examples
    assert example.parameters == {"kind": (BASE + "id/state/thueringen",)}
    assert example.rows == ((ox.Literal("Thuringia", language="en"),), (None,))


def test_example_terms_may_use_the_query_prefixes():
    text = HEADER.replace("['\"Thuringia\"@en']", "['skos:Concept']") + BODY
    assert parse(text).examples[0].rows[0] == (ox.NamedNode(SKOS + "Concept"),)


def test_query_version_is_the_hash_of_the_file():
    import hashlib

    text = HEADER + BODY
    assert parse(text).version == hashlib.sha256(text.encode()).hexdigest()[:16]


def test_header_syntax_error_names_file_line_and_column():
    error = failure(HEADER.replace('tags = ["a", "b"]', "tags = [a]") + BODY)
    assert error.path == "queries/things.rq"
    assert error.line == 3 and error.column is not None


def test_missing_title_is_an_error():
    assert "title" in failure(HEADER.replace("#+ title", "#+ titel") + BODY).reason


def test_unknown_parameter_key_is_an_error_at_its_table():
    error = failure(HEADER.replace('#+ default = "en"', '#+ defualt = "en"') + BODY)
    assert "defualt" in error.reason and error.line == 10


def test_unknown_parameter_type_is_an_error():
    assert "type must be one of" in failure(HEADER.replace('"language"', '"lang"') + BODY).reason


def test_default_of_the_wrong_type_is_an_error():
    assert (
        "language tag" in failure(HEADER.replace('default = "en"', 'default = "e n"') + BODY).reason
    )


def test_default_outside_the_allowed_values_is_an_error():
    assert "allowed" in failure(HEADER.replace('default = "en"', 'default = "fr"') + BODY).reason


def test_required_parameter_with_a_default_is_an_error():
    text = HEADER.replace('#+ default = "en"', '#+ default = "en"\n#+ required = true') + BODY
    assert "no default" in failure(text).reason


def test_reserved_parameter_name_is_an_error():
    assert "reserved" in failure(HEADER.replace("parameters.lang", "parameters.page") + BODY).reason


def test_example_with_an_unknown_parameter_is_an_error():
    text = HEADER.replace("{ kind =", "{ knd =") + BODY
    assert "unknown parameter 'knd'" in failure(text).reason


def test_a_query_without_examples_is_an_error():
    head = HEADER.split("#+ [[examples]]")[0]
    assert "examples" in failure(head + BODY).reason


def test_file_name_must_be_a_slug():
    with pytest.raises(SourceSyntaxError, match="slugs"):
        parse(HEADER + BODY, name="Things_1")


def test_a_file_without_header_is_an_error():
    assert "no header" in failure(BODY).reason


# --- checks the build makes -------------------------------------------------------


def test_well_formed_query_passes_the_checks():
    checked(HEADER + BODY)


def test_sparql_syntax_error_names_the_file_line():
    error = failure(HEADER + BODY.replace("?label FILTER", "?label ?x ?y FILTER"), check=True)
    assert error.line == HEADER.count("\n") + 3 and error.column is not None


def test_a_parameter_the_query_does_not_project_is_an_error():
    error = failure(HEADER + BODY.replace("SELECT ?kind ?label ?lang", "SELECT ?label"), True)
    assert "projected" in error.reason


def test_select_without_top_level_order_by_is_an_error():
    assert "ORDER BY" in failure(HEADER + BODY.replace("ORDER BY ?label", ""), check=True).reason


def test_service_in_a_saved_query_is_an_error():
    body = BODY.replace("?kind skos", "SERVICE <http://127.0.0.1:9/> { ?x ?y ?z } ?kind skos")
    assert "SERVICE" in failure(HEADER + body, check=True).reason


def test_bound_of_a_parameter_is_an_error():
    body = BODY.replace("FILTER(", "FILTER(BOUND(?lang) && ")
    assert "COALESCE" in failure(HEADER + body, check=True).reason


def test_example_must_state_the_answer_of_its_form():
    text = HEADER + "ASK { ?kind ?p ?lang }\n"
    assert "states 'boolean'" in failure(text, check=True).reason


def test_values_query_must_select_value():
    text = HEADER.replace(
        '#+ class = "https://w3id.org/emmd/def/emmd#State"\n',
        '#+ values = "SELECT ?x WHERE { ?x a ?y } ORDER BY ?x"\n',
    )
    assert "?value" in failure(text + BODY, check=True).reason


# --- base IRIs and the scanner ----------------------------------------------------


def test_iris_move_to_the_configured_base_but_strings_stay():
    other = "http://kg.example.test/"
    text = HEADER + BODY.replace(
        "?kind skos", '?kind <https://w3id.org/emmd/def/x> "https://w3id.org/emmd/" . ?kind skos'
    )
    query = parse(text, base=other)
    assert "<http://kg.example.test/def/x>" in query.text
    assert '"https://w3id.org/emmd/"' in query.text
    assert query.parameter("kind").default == (other + "id/state/sachsen",)
    assert query.parameter("kind").class_iri == other + "def/emmd#State"
    assert query.examples[0].parameters["kind"] == (other + "id/state/thueringen",)


def test_rebase_leaves_comments_alone():
    text = "# <https://a/x>\nASK { <https://a/x> ?p ?o }"
    assert (
        rebase_query(text, "https://a/", "https://b/")
        == "# <https://a/x>\nASK { <https://b/x> ?p ?o }"
    )


def test_query_form_ignores_keywords_in_strings_comments_and_names():
    assert (
        query_form('PREFIX ask: <http://x/>\n# SELECT\nCONSTRUCT { ?s ?p "ASK" } WHERE {}')
        == "CONSTRUCT"
    )


# --- each parameter type ----------------------------------------------------------


def literal(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


@pytest.mark.parametrize(
    ("param", "raw", "term"),
    [
        (Parameter("p", "iri"), "https://x.test/a", ox.NamedNode("https://x.test/a")),
        (Parameter("p", "iri", namespace="urn:x:"), "urn:x:1", ox.NamedNode("urn:x:1")),
        (Parameter("p", "string"), 'say "hi" }', ox.Literal('say "hi" }')),
        (Parameter("p", "langString"), "Verkehr@DE", ox.Literal("Verkehr", language="de")),
        (Parameter("p", "langString", language="en"), "a@b", ox.Literal("a@b", language="en")),
        (Parameter("p", "integer"), "+0042", literal("42", "integer")),
        (Parameter("p", "decimal"), "+2.50", literal("2.50", "decimal")),
        (Parameter("p", "decimal"), ".5", literal(".5", "decimal")),
        (Parameter("p", "date"), "2024-02-29", literal("2024-02-29", "date")),
        (Parameter("p", "boolean"), "1", literal("true", "boolean")),
        (Parameter("p", "boolean"), "false", literal("false", "boolean")),
        (Parameter("p", "language"), "en-GB", ox.Literal("en-gb")),
    ],
)
def test_valid_values_become_the_terms_of_their_type(param, raw, term):
    assert to_term(param, raw) == term


@pytest.mark.parametrize(
    ("param", "raw", "expected"),
    [
        (Parameter("p", "iri"), "relative/path", "an absolute IRI"),
        (Parameter("p", "iri"), "http://x/> } SERVICE <http://127.0.0.1/", "an absolute IRI"),
        (Parameter("p", "iri"), "http://x/\\u003E", "an absolute IRI"),
        (Parameter("p", "iri", namespace="urn:x:"), "urn:y:1", "starting with urn:x:"),
        (Parameter("p", "string", max_length=3), "abcd", "at most 3 characters"),
        (Parameter("p", "langString"), "Verkehr", "language tag"),
        (Parameter("p", "langString"), "Verkehr@A", "language tag"),
        (Parameter("p", "integer"), "4.0", "an integer"),
        (Parameter("p", "integer"), "1" * 30, "an integer"),
        (Parameter("p", "integer", minimum="1", maximum="3"), "4", "from 1 to 3"),
        (Parameter("p", "decimal"), "1e5", "a decimal"),
        (Parameter("p", "decimal", minimum="0"), "-0.1", "at least 0"),
        (Parameter("p", "date"), "2023-02-29", "a date"),
        (Parameter("p", "date"), "29.02.2024", "a date"),
        (Parameter("p", "date", minimum="2000-01-01"), "1999-12-31", "at least 2000-01-01"),
        (Parameter("p", "boolean"), "yes", "true or false"),
        (Parameter("p", "language"), "en_GB", "language tag"),
    ],
)
def test_bad_values_name_the_parameter_and_what_was_expected(param, raw, expected):
    with pytest.raises(ParameterError) as caught:
        to_term(param, raw)
    assert caught.value.parameter == "p"
    assert expected in caught.value.message


@pytest.mark.parametrize(
    ("param", "schema"),
    [
        (Parameter("p", "integer", minimum="1"), {"type": "integer", "minimum": 1}),
        (Parameter("p", "boolean", default=("true",)), {"type": "boolean", "default": True}),
        (Parameter("p", "date"), {"type": "string", "format": "date"}),
        (
            Parameter("p", "iri", namespace="urn:x:"),
            {"type": "string", "format": "iri", "pattern": "^urn:x:"},
        ),
    ],
)
def test_json_schema_states_the_type(param, schema):
    assert json_schema(param) == schema


def test_json_schema_of_a_multi_valued_parameter_is_an_array():
    param = Parameter("p", "language", multiple=True, allowed=(("de", ""), ("en", "")))
    schema = json_schema(param)
    assert schema["type"] == "array" and schema["items"]["enum"] == ["de", "en"]


# --- reading a request and binding --------------------------------------------------


def never(*args):
    raise AssertionError("no query should run")


def test_unknown_request_parameter_is_refused_by_name():
    with pytest.raises(ParameterError, match="'endpoint'"):
        read_request(parse(HEADER + BODY), [("endpoint", "http://evil.test/")], Settings())


def test_empty_values_count_as_absent_and_paging_is_read():
    request = read_request(parse(HEADER + BODY), [("lang", ""), ("page", "2")], Settings())
    assert request.values == {} and request.page == 2 and request.page_size == 100


@pytest.mark.parametrize("raw", ["0", "-1", "x", "²", str(10**6)])
def test_bad_page_size_is_refused(raw):
    with pytest.raises(ParameterError, match="page_size"):
        read_request(parse(HEADER + BODY), [("page_size", raw)], Settings())


def test_binding_fills_defaults():
    query = parse(HEADER.replace('#+ class = "https://w3id.org/emmd/def/emmd#State"\n', "") + BODY)
    (run,) = bind(query, {}, never, Settings())
    assert run == {"kind": ox.NamedNode(BASE + "id/state/sachsen"), "lang": ox.Literal("en")}


def test_a_value_outside_the_allowed_list_is_refused():
    query = parse(HEADER.replace('#+ class = "https://w3id.org/emmd/def/emmd#State"\n', "") + BODY)
    with pytest.raises(ParameterError, match="expected one of de, en"):
        bind(query, {"lang": ["fr"]}, never, Settings())


def test_a_missing_required_parameter_is_refused():
    text = HEADER.replace(
        '#+ default = "https://w3id.org/emmd/id/state/sachsen"', "#+ required = true"
    )
    text = text.replace('#+ class = "https://w3id.org/emmd/def/emmd#State"\n', "")
    with pytest.raises(ParameterError, match="'kind': required"):
        bind(parse(text + BODY), {}, never, Settings())


def test_several_values_for_a_single_valued_parameter_are_refused():
    query = parse(HEADER.replace('#+ class = "https://w3id.org/emmd/def/emmd#State"\n', "") + BODY)
    with pytest.raises(ParameterError, match="given 2 times"):
        bind(query, {"lang": ["de", "en"]}, never, Settings())


def test_multi_valued_parameters_give_one_run_per_combination_in_order():
    text = HEADER.replace(
        '#+ class = "https://w3id.org/emmd/def/emmd#State"\n', "#+ multiple = true\n"
    )
    text = text.replace('#+ default = "en"', '#+ default = "en"\n#+ multiple = true')
    runs = bind(
        parse(text + BODY), {"kind": ["urn:a", "urn:b"], "lang": ["de", "en"]}, never, Settings()
    )
    assert [(r["kind"].value, r["lang"].value) for r in runs] == [
        ("urn:a", "de"),
        ("urn:a", "en"),
        ("urn:b", "de"),
        ("urn:b", "en"),
    ]


def test_too_many_runs_are_refused():
    text = HEADER.replace(
        '#+ class = "https://w3id.org/emmd/def/emmd#State"\n', "#+ multiple = true\n"
    )
    values = [f"urn:x:{n}" for n in range(5)]
    with pytest.raises(ParameterError, match="at most 4"):
        bind(parse(text + BODY), {"kind": values}, never, Settings(max_parameter_values=4))


def test_class_restricted_values_are_checked_through_the_engine(store):
    from emmd_kg.sparql.results import render

    def engine(text, fmt, bindings):
        return render(store.query(text, bindings=bindings), fmt, 1000)

    query = parse(HEADER + BODY)
    (run,) = bind(query, {"kind": [BASE + "id/state/thueringen"]}, engine, Settings())
    assert run["kind"] == ox.NamedNode(BASE + "id/state/thueringen")
    with pytest.raises(ParameterError, match="expected one of"):
        bind(query, {"kind": [BASE + "id/organisation/smr"]}, engine, Settings())
