"""The SHACL shapes (shapes/*.ttl) against their fixtures and against the real data.

Fixtures live in tests/fixtures/shapes/:

- ``pass-<shape>[-<variant>].ttl`` must conform;
- ``fail-<shape>-<constraint>.ttl`` violates exactly one constraint and nothing else. Its
  header names the expected result: ``# expect: <sh:resultPath IRI or "closed">
  <sh:sourceConstraintComponent local name>``. ``<shape>`` is the shape's local name in
  kebab case (a node shape without its ``Shape`` suffix), ``<constraint>`` the constraint
  component's local name in kebab case without ``ConstraintComponent``; for example
  ``shapes:StateMinistry-state`` with ``sh:minCount`` is
  ``fail-state-ministry-state-min-count.ttl``.

Every fixture is validated together with ontology/*.ttl and without data/.
"""

from __future__ import annotations

import functools
import pathlib
import re
from dataclasses import dataclass

import owlrl
import pytest
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
BROKEN = ROOT / "tests" / "fixtures" / "broken"

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES_NS = "https://w3id.org/emmd/def/shapes#"

# Constraint parameters (SHACL Core) and the component each one belongs to.
COMPONENTS = {
    SH.minCount: "MinCount",
    SH.maxCount: "MaxCount",
    SH["class"]: "Class",
    SH.datatype: "Datatype",
    SH.nodeKind: "NodeKind",
    SH.languageIn: "LanguageIn",
    SH.uniqueLang: "UniqueLang",
    SH["in"]: "In",
    SH.hasValue: "HasValue",
    SH.pattern: "Pattern",
    SH.minLength: "MinLength",
    SH.maxLength: "MaxLength",
    SH.minInclusive: "MinInclusive",
    SH.maxInclusive: "MaxInclusive",
    SH.minExclusive: "MinExclusive",
    SH.maxExclusive: "MaxExclusive",
    SH.qualifiedMinCount: "QualifiedMinCount",
    SH.qualifiedMaxCount: "QualifiedMaxCount",
    SH.node: "Node",
    SH["not"]: "Not",
    SH["or"]: "Or",
    SH["and"]: "And",
    SH.xone: "Xone",
    SH.equals: "Equals",
    SH.disjoint: "Disjoint",
    SH.lessThan: "LessThan",
    SH.lessThanOrEquals: "LessThanOrEquals",
    SH.closed: "Closed",
}
# Parameters of a shape that are not constraints of their own.
NOT_CONSTRAINTS = {
    RDF.type,
    RDFS.comment,
    RDFS.label,
    SH.path,
    SH.message,
    SH.name,
    SH.description,
    SH.severity,
    SH.order,
    SH.group,
    SH.deactivated,
    SH.property,
    SH.qualifiedValueShape,
    SH.qualifiedValueShapesDisjoint,
    SH.ignoredProperties,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
}


def _parse_files(paths) -> Graph:
    graph = Graph()
    for path in sorted(paths):
        graph.parse(path, format="turtle")
    return graph


@functools.cache
def _shapes_text() -> tuple[str, ...]:
    return tuple(p.read_text(encoding="utf-8") for p in sorted((ROOT / "shapes").glob("*.ttl")))


def shapes_graph() -> Graph:
    """A fresh copy of the shapes graph for each validation (pyshacl writes into it)."""
    graph = Graph()
    for text in _shapes_text():
        graph.parse(data=text, format="turtle")
    return graph


@functools.cache
def ontology_graph() -> Graph:
    return _parse_files((ROOT / "ontology").glob("*.ttl"))


@functools.cache
def data_graph() -> Graph:
    return _parse_files((ROOT / "data").rglob("*.ttl"))


@dataclass(frozen=True)
class Result:
    focus: str
    path: str | None
    component: str
    source_shape: str
    message: str


def _validate(graph: Graph) -> tuple[bool, list[Result], str]:
    conforms, report, text = validate(
        data_graph=graph,
        shacl_graph=shapes_graph(),
        ont_graph=None,
        inference="none",
        advanced=True,
    )
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(node, SH.resultPath)
        component = str(report.value(node, SH.sourceConstraintComponent))
        results.append(
            Result(
                focus=str(report.value(node, SH.focusNode)),
                path=str(path) if isinstance(path, URIRef) else None,
                component=component.rsplit("#", 1)[-1],
                source_shape=str(report.value(node, SH.sourceShape)),
                message=str(report.value(node, SH.resultMessage)),
            )
        )
    return bool(conforms), sorted(results, key=repr), text


def _with_ontology(graph: Graph) -> Graph:
    merged = Graph()
    for triple in ontology_graph():
        merged.add(triple)
    for triple in graph:
        merged.add(triple)
    return merged


@functools.cache
def validate_fixture(name: str) -> tuple[bool, tuple[Result, ...], str]:
    fixture = _parse_files([FIXTURES / name])
    conforms, results, text = _validate(_with_ontology(fixture))
    return conforms, tuple(results), text


def _expectation(name: str) -> tuple[str, str]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    match = re.search(r"^# expect: (\S+) (\S+)$", text, re.MULTILINE)
    assert match, f"{name} has no '# expect: <path or closed> <component>' header"
    path, component = match.groups()
    return path.strip("<>"), component


def _kebab(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).replace("_", "-").lower()


def _stem(shape: URIRef, node_shape: bool) -> str:
    local = str(shape).rsplit("#", 1)[-1]
    if node_shape:
        local = local.removesuffix("Shape")
    return _kebab(local)


@dataclass(frozen=True)
class Constraint:
    shape: str
    component: str
    fixture: str


def constraints() -> list[Constraint]:
    """Every constraint in the shapes: (shape, component) and the fixture that must break it."""
    shapes = shapes_graph()
    found: dict[tuple[str, str], Constraint] = {}
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    property_shapes = set(shapes.objects(None, SH.property))
    for shape in node_shapes | property_shapes:
        assert isinstance(shape, URIRef), f"shape without an IRI: {shape!r}"
        is_node = shape in node_shapes
        for parameter, value in shapes.predicate_objects(shape):
            if parameter in NOT_CONSTRAINTS:
                continue
            assert parameter in COMPONENTS, f"{shape}: unknown parameter {parameter}"
            if parameter in (SH.closed, SH.uniqueLang) and not value.toPython():
                continue
            short = COMPONENTS[parameter]
            component = f"{short}ConstraintComponent"
            fixture = f"fail-{_stem(shape, is_node)}-{_kebab(short)}.ttl"
            found[(str(shape), component)] = Constraint(str(shape), component, fixture)
    return sorted(found.values(), key=lambda c: c.fixture)


PASS_FIXTURES = sorted(p.name for p in FIXTURES.glob("pass-*.ttl"))
FAIL_FIXTURES = sorted(p.name for p in FIXTURES.glob("fail-*.ttl"))


def test_fixtures_exist():
    assert len(PASS_FIXTURES) >= 10
    assert len(FAIL_FIXTURES) >= 50


@pytest.mark.parametrize("name", PASS_FIXTURES)
def test_pass_fixture_conforms(name):
    conforms, results, text = validate_fixture(name)
    assert conforms, text
    assert results == ()


@pytest.mark.parametrize("name", FAIL_FIXTURES)
def test_fail_fixture_gives_exactly_the_expected_result(name):
    path, component = _expectation(name)
    conforms, results, text = validate_fixture(name)
    assert not conforms
    assert len(results) == 1, text
    (result,) = results
    assert result.component == component, text
    if path == "closed":
        assert result.component == "ClosedConstraintComponent", text
    else:
        assert result.path == path, text


def test_every_constraint_has_a_failing_fixture():
    missing = []
    for constraint in constraints():
        if not (FIXTURES / constraint.fixture).exists():
            missing.append(constraint.fixture)
            continue
        _, results, text = validate_fixture(constraint.fixture)
        assert [(r.source_shape, r.component) for r in results] == [
            (constraint.shape, constraint.component)
        ], text
    assert missing == []


def test_every_failing_fixture_names_a_constraint():
    names = {c.fixture for c in constraints()}
    assert sorted(set(FAIL_FIXTURES) - names) == []


def test_every_node_shape_has_a_passing_fixture():
    shapes = shapes_graph()
    stems = {_stem(s, True) for s in shapes.subjects(RDF.type, SH.NodeShape)}
    assert stems
    without = sorted(
        s for s in stems if not any(re.fullmatch(rf"pass-{s}(-.+)?\.ttl", p) for p in PASS_FIXTURES)
    )
    assert without == []


def test_every_shape_has_an_iri_under_the_shapes_namespace():
    shapes = shapes_graph()
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    property_shapes = set(shapes.objects(None, SH.property))
    assert node_shapes and property_shapes
    for shape in node_shapes | property_shapes:
        assert isinstance(shape, URIRef) and str(shape).startswith(SHAPES_NS), shape


def test_every_property_shape_has_an_english_message():
    shapes = shapes_graph()
    for shape in set(shapes.objects(None, SH.property)):
        messages = [m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)]
        assert [m.language for m in messages] == ["en"], shape


def test_own_class_shapes_are_closed():
    shapes = shapes_graph()
    emmd = "https://w3id.org/emmd/def/emmd#"
    own_classes = {
        c for c in ontology_graph().subjects(RDF.type, OWL.Class) if str(c).startswith(emmd)
    }
    assert own_classes
    for cls in own_classes:
        targeting = list(shapes.subjects(SH.targetClass, cls))
        assert len(targeting) == 1, cls
        assert shapes.value(targeting[0], SH.closed) == Literal(True), cls


def test_every_class_used_in_the_data_has_a_shape():
    shapes = shapes_graph()
    ontology = ontology_graph()
    targets = set(shapes.objects(None, SH.targetClass))
    used = set(data_graph().objects(None, RDF.type)) | {OWL.Ontology}
    for cls in used:
        supers = set(ontology.transitive_objects(cls, RDFS.subClassOf))
        assert supers & targets, f"no shape targets {cls} or a superclass of it"


def test_data_and_ontology_conform():
    graph = Graph()
    for triple in data_graph():
        graph.add(triple)
    conforms, results, text = _validate(_with_ontology(graph))
    assert conforms, text


def _owlrl_closure(graph: Graph) -> Graph:
    """Asserted plus inferred triples, less owlrl's noise (as the build filters it)."""
    closure = Graph()
    for triple in graph:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closure)
    kept = Graph()
    for s, p, o in closure:
        if isinstance(s, Literal) or p == OWL.sameAs or (p == RDF.type and o == OWL.Thing):
            continue
        kept.add((s, p, o))
    return kept


def test_data_with_inferred_triples_conforms():
    """The closed shapes allow what the reasoner adds (inverses, transitive links ...)."""
    graph = _with_ontology(data_graph())
    closure = _owlrl_closure(graph)
    assert len(closure) > len(graph)
    conforms, results, text = _validate(closure)
    assert conforms, text


def test_no_blank_nodes_in_ontology_or_data():
    for graph in (ontology_graph(), data_graph()):
        for triple in graph:
            assert not any(isinstance(term, BNode) for term in triple), triple


def test_syntax_error_fixture_reports_its_line():
    path = BROKEN / "syntax-error.ttl"
    text = path.read_text(encoding="utf-8")
    line = int(re.search(r"^# error-line: (\d+)$", text, re.MULTILINE).group(1))
    with pytest.raises(Exception) as caught:
        Graph().parse(path, format="turtle")
    assert f"at line {line} " in str(caught.value)
