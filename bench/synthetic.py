"""A synthetic project shaped like the real one, at a target triple count, valid by its shapes.

``generate(target, folder)`` writes a project folder that ``emmd-kg build --project
folder`` builds: ``ontology/ shapes/ meta/ queries/ emmd-kg.toml`` are copied from the
real project, ``data/synthetic/*.ttl`` is generated (seeded, so the same on every run).
The data has the real data's shape at any size: states with territories, ministries
under states with responsibilities (concepts of the responsibilities scheme mapped to
shared policy areas by close, broad or narrow matches), agencies under ministries,
metropolitan regions, networks with their member-count figures, memberships as
``org:Membership`` nodes, one source document, labels in German and English,
descriptions, and provenance on everything.

The target is the build manifest's ``triples``: the distinct triples of ontology, data
and inferences.  Inferences are estimated per entity (see ``_Generator``), so the built
count lands near the target; ``tests/test_bench_generator.py`` holds it to 10 %.  A
narrow-matched area is never broad-matched, so the SKOS closure stays linear in size.
"""

from __future__ import annotations

import random
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from emmd_kg.config import load_settings

from . import names
from .vocab import Vocabulary

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("ontology", "shapes", "meta", "queries", "emmd-kg.toml")
GRAPH = "synthetic"
MARKER = ".synthetic-project"
STATES_PER_NETWORK = 25


@dataclass(frozen=True)
class Generated:
    """A generated project: where it is, its size (estimated for the build) and contents."""

    project: Path
    target: int
    estimate: int
    asserted: int
    counts: dict[str, int]


@dataclass
class _Plan:
    """A state or ministry being filled: what is left to add to it."""

    node: ox.NamedNode
    name: names.Name
    left: int
    agencies: int = 0
    region: ox.NamedNode | None = None


class _Generator(Vocabulary):
    """Adds entities one small step at a time; ``estimate`` is the expected build count.

    Inferences counted per entity: an organisation typed by a subclass gets
    ``org:Organization``; a ministry the inverse and transitive link to its state and
    ``org:linkedTo``; an agency the inverse and two transitive links; a state the
    symmetric ``skos:closeMatch``; a responsibility 1 (close match) or 5 per target
    (broad or narrow match: ``broader``/``narrower``, their transitive forms, the inverse
    match); a region ``org:hasMember`` per network; a network ``dct:extent`` and
    ``org:linkedTo``.
    """

    def __init__(self, base: str, rng: random.Random, ontology: int, areas: int) -> None:
        super().__init__(base)
        self.rng = rng
        self.ontology = ontology
        self.counts: Counter[str] = Counter()
        self.state: _Plan | None = None
        self.ministry: _Plan | None = None
        self.scaffold(areas)
        self.network(rng, 0)
        self.network(rng, 1)
        self.region(names.Name("Metropolregion Mitte", "Central Metropolitan Region", ""))

    @property
    def estimate(self) -> int:
        """Expected distinct triples of the build: ontology, data, inferences (and the three
        triples per network that :meth:`finish` adds)."""
        return self.ontology + self.asserted + self.inferred + 3 * len(self.networks)

    def step(self) -> None:
        """Add the next small piece: a state, a ministry, a responsibility or an agency."""
        ministry, state = self.ministry, self.state
        if ministry is not None and ministry.left > 0:
            self.responsibility(ministry)
        elif ministry is not None and ministry.agencies > 0 and state is not None:
            self.agency(ministry, state)
        elif state is not None and state.left > 0:
            self.new_ministry(state)
        else:
            self.new_state()

    def new_state(self) -> None:
        """A state with its two territories and its metropolitan region."""
        self.counts["state"] += 1
        number = self.counts["state"]
        if number % STATES_PER_NETWORK == 0:
            self.network(self.rng, len(self.networks))
        name = names.state_name(self.rng, number)
        node = self.iri(f"id/state/{name.slug}")
        text = (f"Bundesland {name.de}, erfunden.", f"Federal state {name.en}, invented.")
        self.describe(node, [self.emmd("State"), self.cv("PublicOrganisation")], name, text)
        for kind in ("nuts", "state-key"):
            place = ox.NamedNode(f"https://example.org/{kind}/{name.slug}")
            self.add(place, self.rdf_type, self.dct("Location"))
            self.labels(place, names.Name(f"{name.de} ({kind})", f"{name.en} ({kind})", ""))
            self.add(node, self.dct("spatial"), place)
        place = ox.NamedNode(f"https://example.org/place/{name.slug}")
        self.add(node, self.skos("closeMatch"), place)
        self.inferred += 2
        region = self.region(names.region_name(name))
        self.state = _Plan(node, name, left=self.rng.randint(1, 4), region=region)
        self.ministry = None

    def region(self, name: names.Name) -> ox.NamedNode:
        """A metropolitan region, member of the European and the newest national network."""
        node = self.iri(f"id/organisation/{name.slug}") if name.slug else self.hub_iri
        text = (f"{name.de}, erfunden.", f"{name.en}, invented.")
        kinds = [self.emmd("MetropolitanRegion"), self.org("Organization")]
        self.describe(node, kinds, name, text)
        for network, _, members in (self.networks[0], self.networks[-1]):
            self.add(node, self.org("memberOf"), network)
            self.membership(node, network, "member")
            members.append(node)
            self.inferred += 1
        self.counts["region"] += 1
        return node

    def new_ministry(self, state: _Plan) -> None:
        """A ministry of ``state``, partner of its region, with its first responsibility."""
        state.left -= 1
        self.counts["ministry"] += 1
        name, acronym = names.ministry_name(self.rng, state.name, self.counts["ministry"])
        node = self.iri(f"id/organisation/{name.slug}")
        kinds = [self.emmd("StateMinistry"), self.cv("PublicOrganisation")]
        text = (f"Fachministerium des Landes {state.name.de}.", f"Ministry of {state.name.en}.")
        self.describe(node, [*kinds, self.org("FormalOrganization")], name, text)
        for language in ("de", "en"):
            self.add(node, self.skos("altLabel"), ox.Literal(acronym, language=language))
        self.add(node, self.org("subOrganizationOf"), state.node)
        nuts = ox.NamedNode(f"https://example.org/nuts/{state.name.slug}")
        self.add(node, self.dct("spatial"), nuts)
        supreme = self.iri("def/authority-types/oberste-landesbehoerde")
        self.add(node, self.org("classification"), supreme)
        if self.rng.random() < 0.5:
            year = ox.Literal(str(self.rng.randint(1990, 2024)), datatype=self.xsd("gYear"))
            self.add(node, self.schema("foundingDate"), year)
        assert state.region is not None
        self.add(node, self.emmd("partnerOf"), state.region)
        self.membership(node, state.region, "partner")
        self.inferred += 4
        agencies = self.rng.randint(0, 5)
        self.ministry = _Plan(node, name, left=self.rng.randint(3, 8), agencies=agencies)
        self.responsibility(self.ministry)

    def responsibility(self, ministry: _Plan) -> None:
        """One item of a ministry's responsibilities, mapped to the policy areas."""
        ministry.left -= 1
        self.counts["responsibility"] += 1
        de, en = names.topic(self.rng)
        local = f"{ministry.name.slug}-{names.slug(de)}-{self.counts['responsibility']}"
        node = self.iri(f"def/responsibilities/{local}")
        self.concept(node, "responsibilities", names.Name(de, en.capitalize(), ""))
        for language, text in (("de", "Ein Eintrag der Aufgabenliste."), ("en", "A list item.")):
            self.add(node, self.skos("scopeNote"), ox.Literal(text, language=language))
        draw = self.rng.random()
        if draw < 0.5:
            self.add(node, self.skos("closeMatch"), self.rng.choice(self.coarse))
            self.inferred += 1
        elif draw < 0.8:
            self.add(node, self.skos("broadMatch"), self.rng.choice(self.coarse))
            self.inferred += 5
        else:
            for area in self.rng.sample(self.fine, 2):
                self.add(node, self.skos("narrowMatch"), area)
                self.inferred += 5
        self.add(ministry.node, self.org("purpose"), node)

    def agency(self, ministry: _Plan, state: _Plan) -> None:
        """A subordinate agency of ``ministry`` (in ``state``)."""
        ministry.agencies -= 1
        self.counts["agency"] += 1
        name = names.agency_name(self.rng, state.name, self.counts["agency"])
        node = self.iri(f"id/organisation/{name.slug}")
        kinds = [self.emmd("StateAgency"), self.cv("PublicOrganisation")]
        text = (f"Nachgeordnet dem {ministry.name.de}.", f"Reports to the {ministry.name.en}.")
        self.describe(node, [*kinds, self.org("FormalOrganization")], name, text)
        subordinate = self.iri("def/authority-types/nachgeordnete-behoerde")
        self.add(node, self.org("classification"), subordinate)
        self.add(node, self.org("subOrganizationOf"), ministry.node)
        self.inferred += 4

    def finish(self) -> None:
        """Close the networks: their member-count figures are known now."""
        for number, (_, name, members) in enumerate(self.networks):
            figure = self.iri(f"id/figure/{name.slug}-members")
            count = len(members)
            value = ox.Literal(str(count), datatype=self.xsd("integer"))
            self.add(figure, self.schema("value"), value)
            de, en = (f"{count} Metropolregionen", f"{count} metropolitan regions")
            if number == 0:  # the European network's figure is approximate, as in the source
                de, en = f"rund {de}", f"around {en}"
            self.add(figure, self.schema("description"), ox.Literal(de, language="de"))
            self.add(figure, self.schema("description"), ox.Literal(en, language="en"))
        self.counts["network"] = len(self.networks)


def generate(target: int, folder: Path, seed: int = 7, source: Path = ROOT) -> Generated:
    """Write a synthetic project of about ``target`` triples to ``folder`` (replaced)."""
    folder = Path(folder)
    if folder.exists():
        if not (folder / MARKER).exists():
            raise FileExistsError(f"{folder} exists and is not a synthetic project")
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / MARKER).write_text(f"target={target} seed={seed}\n", encoding="utf-8")
    for part in COPIED:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, folder / part)
        elif path.exists():
            shutil.copy(path, folder / part)
    settings = load_settings(source)
    ontology = {
        t
        for p in sorted((source / "ontology").glob("*.ttl"))
        for t in ox.parse(path=str(p), format=ox.RdfFormat.TURTLE)
    }
    generator = _Generator(
        settings.source_base, random.Random(seed), len(ontology), areas=max(13, target // 5000)
    )
    while generator.estimate < target or not generator.counts["ministry"]:
        generator.step()
    estimate = generator.estimate
    generator.finish()
    generator.write(folder / "data" / GRAPH)
    return Generated(folder, target, estimate, generator.asserted, dict(generator.counts))
