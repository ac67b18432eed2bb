"""Made-up but plausible names for the synthetic projects: German first, English beside.

Everything is drawn from a seeded :class:`random.Random`, so a project is the same on
every run.  Names are invented (no real state or ministry is meant); slugs are
lower-case ASCII, as the design asks of keys.

>>> import random
>>> name = state_name(random.Random(1), 7)
>>> name.slug == slug(name.de)
True
>>> slug("Straßen- und Brückenbau in Süd-Öhringen")
'strassen-und-brueckenbau-in-sued-oehringen'
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

# Policy topics (German, English), the vocabulary of responsibilities and policy areas.
TOPICS: tuple[tuple[str, str], ...] = (
    ("Strukturwandel", "structural change"),
    ("Regionalpolitik", "regional policy"),
    ("Ländlicher Raum", "rural areas"),
    ("Innovation", "innovation"),
    ("Stadtentwicklung", "urban development"),
    ("Bauwesen", "construction"),
    ("Wohnungswesen", "housing"),
    ("Landesplanung", "state planning"),
    ("Demografie", "demography"),
    ("Verkehr", "transport"),
    ("Logistik", "logistics"),
    ("Vermessung", "surveying"),
    ("Geoinformation", "geoinformation"),
    ("Landwirtschaft", "agriculture"),
    ("Forstwirtschaft", "forestry"),
    ("Jagd und Fischerei", "hunting and fishing"),
    ("Denkmalpflege", "monument conservation"),
    ("Straßenbau", "road construction"),
    ("Energie", "energy"),
    ("Umwelt", "environment"),
    ("Klimaschutz", "climate protection"),
    ("Digitales", "digital affairs"),
    ("Tourismus", "tourism"),
    ("Wasserwirtschaft", "water management"),
)
AGENCY_KINDS: tuple[tuple[str, str], ...] = (
    ("Landesamt für", "State Office for"),
    ("Staatsbetrieb für", "State Enterprise for"),
    ("Landesbehörde für", "State Authority for"),
    ("Landesanstalt für", "State Institute for"),
)
_STEMS = ("Halden", "Marken", "Auen", "Brück", "Eichen", "Felsen", "Linden", "Wald", "Seen")
_ENDINGS = ("land", "mark", "gau", "heide", "tal", "berg", "hausen", "feld")
_PREFIXES = ("", "Nord-", "Süd-", "Ost-", "West-", "Ober-", "Nieder-")
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True)
class Name:
    """A name in German and English, and its slug."""

    de: str
    en: str
    slug: str


def slug(text: str) -> str:
    """A lower-case ASCII slug of ``text``."""
    ascii_text = text.lower().translate(_TRANSLITERATION)
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def state_name(rng: random.Random, number: int) -> Name:
    """The name of an invented federal state; ``number`` keeps it unique."""
    word = rng.choice(_PREFIXES) + rng.choice(_STEMS) + rng.choice(_ENDINGS)
    de = f"{word} {number}"
    return Name(de, de, slug(de))


def topic(rng: random.Random) -> tuple[str, str]:
    """One policy topic, (German, English)."""
    return rng.choice(TOPICS)


def topics(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` different policy topics."""
    return rng.sample(TOPICS, count)


def joined(parts: list[tuple[str, str]]) -> tuple[str, str]:
    """Topics joined into one phrase: "A, B und C" / "A, B and C"."""
    de = [p[0] for p in parts]
    en = [p[1] for p in parts]
    if len(parts) == 1:
        return de[0], en[0]
    return ", ".join(de[:-1]) + " und " + de[-1], ", ".join(en[:-1]) + " and " + en[-1]


def ministry_name(rng: random.Random, state: Name, number: int) -> tuple[Name, str]:
    """A ministry of ``state`` for two or three topics, and its acronym."""
    de, en = joined(topics(rng, rng.randint(2, 3)))
    full_de = f"Ministerium für {de} des Landes {state.de}"
    full_en = f"Ministry of {en[0].upper() + en[1:]} of the State of {state.en}"
    acronym = "M" + "".join(w[0] for w in de.split() if w[0].isupper())[:3] + str(number)
    return Name(full_de, full_en, f"{slug(acronym)}-{state.slug}"), acronym


def agency_name(rng: random.Random, state: Name, number: int) -> Name:
    """A subordinate agency of a ministry in ``state``."""
    kind_de, kind_en = rng.choice(AGENCY_KINDS)
    de, en = topic(rng)
    return Name(
        f"{kind_de} {de} {state.de} ({number})",
        f"{kind_en} {en.capitalize()} of {state.en} ({number})",
        f"{slug(kind_de.split()[0])}-{slug(de)}-{state.slug}-{number}",
    )


def region_name(state: Name) -> Name:
    """The metropolitan region around ``state``."""
    return Name(
        f"Metropolregion {state.de}",
        f"Metropolitan Region {state.en}",
        f"metropolregion-{state.slug}",
    )


def network_name(number: int) -> Name:
    """A network of metropolitan regions (number 0 is the European one)."""
    if number == 0:
        return Name(
            "Europäisches Netzwerk der Metropolregionen",
            "European Network of Metropolitan Regions",
            "european-network",
        )
    return Name(
        f"Initiativkreis der Metropolregionen, Gruppe {number}",
        f"Initiative Group of Metropolitan Regions, group {number}",
        f"initiative-group-{number}",
    )
