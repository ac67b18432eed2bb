"""SHACL validation with pyshacl: a readable report, and the verdict that gates the build.

Runs over the ontology, the data and the inferred triples together (the shapes may
rely on inferred super-types), with no further inference.  Only ``sh:Violation``
results fail the build; warnings and infos are reported.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyshacl
import rdflib
from rdflib.namespace import SH

from ..rdf.namespaces import all_prefixes


@dataclass(frozen=True)
class Finding:
    """One SHACL result, with the source file(s) describing its focus node."""

    severity: str
    focus: str
    path: str | None
    message: str
    shape: str
    files: tuple[str, ...]

    def line(self, shorten) -> str:
        """The finding as one readable line."""
        where = ", ".join(self.files) or "(no source file)"
        path = f" {shorten(self.path)}" if self.path else ""
        return f"{where}: {self.severity} at {shorten(self.focus)}{path}: {self.message}"


@dataclass(frozen=True)
class Report:
    """The outcome of validation."""

    conforms: bool
    findings: tuple[Finding, ...]
    shapes: int
    scope: str = "all"
    """What was validated: "all", or the focus nodes of an incremental build."""

    @property
    def violations(self) -> int:
        """How many findings are violations (the ones that fail the build)."""
        return sum(f.severity == "Violation" for f in self.findings)

    def text(self, base: str) -> str:
        """The findings as lines, IRIs shortened with the known prefixes."""
        prefixes = sorted(all_prefixes(base).items(), key=lambda kv: -len(kv[1]))

        def shorten(iri: str | None) -> str:
            for name, ns in prefixes:
                if iri and iri.startswith(ns):
                    return f"{name}:{iri[len(ns) :]}"
            return f"<{iri}>"

        return "\n".join(f.line(shorten) for f in self.findings)


def _text(graph: rdflib.Graph, node, predicate) -> str | None:
    value = graph.value(node, predicate)
    return None if value is None else str(value)


def validate(
    data: rdflib.Graph,
    shapes: rdflib.Graph,
    subject_files: dict[str, list[str]],
    focus: frozenset[str] | None = None,
) -> Report:
    """Validate ``data`` against ``shapes``; each finding names the files of its focus node.

    With ``focus``, ``data`` is a neighbourhood and only findings about the focus nodes
    count: nodes at its edge lack triples that lie outside it.
    """
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
    )
    findings = []
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        node = _text(results, result, SH.focusNode) or ""
        if focus is not None and node not in focus:
            continue
        path = results.value(result, SH.resultPath)
        severity = _text(results, result, SH.resultSeverity) or str(SH.Violation)
        findings.append(
            Finding(
                severity=severity.rsplit("#", 1)[-1],
                focus=node,
                path=str(path) if isinstance(path, rdflib.URIRef) else None,
                message=_text(results, result, SH.resultMessage) or "constraint not met",
                shape=_text(results, result, SH.sourceShape) or "",
                files=tuple(subject_files.get(node, ())),
            )
        )
    findings.sort(key=lambda f: (f.files, f.focus, f.path or "", f.message))
    shape_count = len(set(shapes.subjects(rdflib.RDF.type, SH.NodeShape)))
    scope = "all" if focus is None else f"{len(focus)} changed or linked nodes"
    conforms = conforms or not any(f.severity == "Violation" for f in findings)
    return Report(bool(conforms), tuple(findings), shape_count, scope)
