"""What a build must validate: everything, or only what changed since the last build.

With ``validation = "changed"`` a build compares its inputs with those of the artefact
it replaces (a :class:`PreviousBuild`, which the pipeline reads from that artefact's
manifest).  When only data files changed (none removed, same base IRI, same shapes,
ontology and axioms), the focus nodes are the subjects described in the changed
files and the nodes that link to them, and pyshacl sees only their neighbourhood (the
ontology, their triples and the triples of what they link to).  The cost then follows
the size of the change, not of the dataset: the path to tens of millions of triples.
Any other change validates everything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from ..config import Settings
from ..sources import Sources, Triple


@dataclass(frozen=True)
class PreviousBuild:
    """What the published artefact was built from: its base IRI and input checksums."""

    base_iri: str
    inputs: Mapping[str, str]


@dataclass(frozen=True)
class Scope:
    """The focus nodes to validate and the triples pyshacl needs to judge them."""

    focus: frozenset[str]
    triples: list[Triple]


def changed_data_files(
    settings: Settings, sources: Sources, previous: PreviousBuild | None
) -> list[str] | None:
    """The data files changed since the ``previous`` build; None when all must be checked
    (validation of everything is set, there is no previous build, or more than data
    changed)."""
    if settings.validation != "changed" or previous is None:
        return None
    now = sources.digest()
    before = {k: v for k, v in previous.inputs.items() if not k.startswith("queries/")}
    if previous.base_iri != settings.base_iri or set(before) - set(now):
        return None
    changed = sorted(path for path, digest in now.items() if before.get(path) != digest)
    data = {source.relative for source in sources.data}
    relevant = [path for path in changed if not path.startswith(("meta/", "queries/"))]
    if any(path not in data for path in relevant):
        return None
    return relevant


def scope(files: list[str], sources: Sources, ontology: list[Triple], every: list[Triple]) -> Scope:
    """The focus and neighbourhood of the subjects described in ``files``."""
    focus = {
        s.value for source in sources.data if source.relative in files for s, _, _ in source.triples
    }
    by_subject: dict[str, list[Triple]] = defaultdict(list)
    for triple in every:
        by_subject[triple[0].value].append(triple)
        if isinstance(triple[2], ox.NamedNode) and triple[2].value in focus:
            focus.add(triple[0].value)
    neighbours = {
        o.value for s in focus for _, _, o in by_subject.get(s, ()) if isinstance(o, ox.NamedNode)
    }
    wanted = focus | neighbours
    triples = [*ontology, *(t for s in sorted(wanted) for t in by_subject.get(s, ()))]
    return Scope(frozenset(focus), triples)
