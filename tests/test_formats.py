"""The format table and content negotiation, edge by edge."""

from __future__ import annotations

import pytest

from emmd_kg.errors import NotAcceptable, ParameterError
from emmd_kg.rdf.formats import BY_NAME, FORMATS, formats_for
from emmd_kg.rdf.negotiation import DEFAULT, from_parameter, negotiate

REGISTERED = {
    "json": ("application/sparql-results+json", "json", "results"),
    "xml": ("application/sparql-results+xml", "xml", "results"),
    "csv": ("text/csv", "csv", "results"),
    "tsv": ("text/tab-separated-values", "tsv", "results"),
    "html": ("text/html", "html", "both"),
    "turtle": ("text/turtle", "ttl", "graph"),
    "ntriples": ("application/n-triples", "nt", "graph"),
    "nquads": ("application/n-quads", "nq", "graph"),
    "trig": ("application/trig", "trig", "graph"),
    "jsonld": ("application/ld+json", "jsonld", "graph"),
    "rdfxml": ("application/rdf+xml", "rdf", "graph"),
}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,*/*;q=0.8"


@pytest.mark.parametrize("name", sorted(REGISTERED))
def test_each_format_has_its_registered_media_type_extension_and_kind(name):
    fmt = BY_NAME[name]
    assert (fmt.media_type, fmt.extension, fmt.kind) == REGISTERED[name]


def test_the_table_holds_exactly_the_documented_formats():
    assert {f.name for f in FORMATS} == set(REGISTERED)


def test_every_data_format_has_a_pyoxigraph_writer_and_html_has_none():
    assert all(f.ox_format is not None for f in FORMATS if f.name != "html")
    assert BY_NAME["html"].ox_format is None


@pytest.mark.parametrize("kind, name", [("results", "json"), ("graph", "turtle")])
@pytest.mark.parametrize("accept", [None, "", "*/*", "*/*;q=0.5"])
def test_no_accept_or_any_type_gives_the_default_of_the_kind(accept, kind, name):
    assert negotiate(accept, kind, None) is BY_NAME[name] is DEFAULT[kind]


@pytest.mark.parametrize("fmt", [f for f in FORMATS], ids=lambda f: f.name)
def test_each_format_is_chosen_by_its_own_media_type(fmt):
    kind = "results" if fmt.kind == "both" else fmt.kind
    assert negotiate(fmt.media_type, kind, None) is fmt


def test_higher_quality_wins_over_order():
    accept = "application/sparql-results+json;q=0.1, text/tab-separated-values"
    assert negotiate(accept, "results", None).name == "tsv"


def test_equal_quality_goes_to_the_table_order():
    assert negotiate("text/csv, application/sparql-results+xml", "results", None).name == "xml"


def test_zero_quality_excludes_a_type_even_when_a_wildcard_allows_it():
    accept = "application/sparql-results+json;q=0, */*;q=0.1"
    assert negotiate(accept, "results", None).name == "xml"


def test_a_subtype_wildcard_picks_the_first_format_of_that_type():
    assert negotiate("text/*", "results", None).name == "csv"
    assert negotiate("text/*", "graph", None).name == "turtle"


def test_media_type_parameters_do_not_prevent_a_match():
    assert negotiate("text/turtle; charset=utf-8", "graph", None).name == "turtle"
    profile = 'application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"'
    assert negotiate(profile, "graph", None).name == "jsonld"


def test_plain_json_means_sparql_json_for_results_and_json_ld_for_graphs():
    assert negotiate("application/json", "results", None).name == "json"
    assert negotiate("application/json", "graph", None).name == "jsonld"


def test_plain_xml_means_sparql_xml_for_results_and_rdf_xml_for_graphs():
    assert negotiate("application/xml", "results", None).name == "xml"
    assert negotiate("application/xml", "graph", None).name == "rdfxml"


def test_a_browser_gets_html():
    assert negotiate(BROWSER, "results", None).name == "html"
    assert negotiate(BROWSER, "graph", None).name == "html"


def test_an_unavailable_type_is_406_listing_what_is_available():
    with pytest.raises(NotAcceptable) as caught:
        negotiate("image/png", "graph", None)
    assert caught.value.status == 406
    assert caught.value.available == [f.media_type for f in formats_for("graph")]
    assert "text/turtle" in caught.value.message


def test_a_results_type_is_not_acceptable_for_a_graph():
    with pytest.raises(NotAcceptable):
        negotiate("text/csv", "graph", None)


@pytest.mark.parametrize(
    "accept",
    [
        ";;;",
        ",,,",
        "text/html;q=abc",
        "text/html;q=2",
        "a/b/c",
        "*/json",
        "\x00\xff",
        '"',
        "text",
        "/",
        "*",
        "text/turtle;;q=0.5",
        "q=1",
        "x" * 5000,
        "text/turtle;q=" + "9" * 400,
    ],
)
def test_a_malformed_accept_header_gives_a_format_or_406_never_another_error(accept):
    for kind in ("results", "graph"):
        try:
            assert negotiate(accept, kind, None) in FORMATS
        except NotAcceptable:
            pass


def test_the_format_parameter_overrides_accept():
    assert negotiate("application/sparql-results+json", "results", "csv").name == "csv"


@pytest.mark.parametrize(
    "value, kind, name",
    [
        ("json", "results", "json"),
        ("JSON", "results", "json"),
        ("srj", "results", "json"),
        ("application/sparql-results+json", "results", "json"),
        ("tsv", "results", "tsv"),
        ("ttl", "graph", "turtle"),
        ("turtle", "graph", "turtle"),
        ("text/turtle", "graph", "turtle"),
        ("nt", "graph", "ntriples"),
        ("n-triples", "graph", "ntriples"),
        ("nq", "graph", "nquads"),
        ("json-ld", "graph", "jsonld"),
        ("json", "graph", "jsonld"),
        ("rdf", "graph", "rdfxml"),
        ("xml", "graph", "rdfxml"),
        ("xml", "results", "xml"),
        (" html ", "graph", "html"),
    ],
)
def test_the_format_parameter_takes_names_extensions_and_media_types(value, kind, name):
    assert from_parameter(value, kind).name == name


def test_an_unknown_format_parameter_is_400_naming_the_parameter():
    with pytest.raises(ParameterError) as caught:
        negotiate(None, "results", "yaml")
    assert caught.value.status == 400
    assert caught.value.parameter == "format"
    assert "json" in caught.value.message


def test_a_format_parameter_of_the_other_kind_is_406():
    with pytest.raises(NotAcceptable):
        negotiate(None, "graph", "csv")


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        negotiate(None, "table", None)


def test_formats_for_a_kind_start_with_its_default_and_include_html():
    for kind in ("results", "graph"):
        names = [f.name for f in formats_for(kind)]
        assert names[0] == DEFAULT[kind].name and "html" in names
