"""The name variants a search must find at rank 1 in the real project's data.

Shared by the /search tests (``tests/test_search_http.py``) and the search benchmark
(``python -m bench search``), which prints the share found at rank 1.
"""

from __future__ import annotations

ID = "https://w3id.org/emmd/id/organisation/"

VARIANTS = [
    # (what a person types, the IRI expected at rank 1, what kind of variant)
    ("Landesstrassenbaubehorde", ID + "lsbb", "ss for ß, no umlaut"),
    ("Landesstrassenbaubehoerde", ID + "lsbb", "ss for ß, oe for ö"),
    ("LSBB", ID + "lsbb", "acronym"),
    ("lsbb", ID + "lsbb", "acronym, wrong case"),
    ("lvermgeo", ID + "lvermgeo", "acronym, wrong case"),
    ("SMR", ID + "smr", "acronym"),
    ("tmil", ID + "tmil", "acronym, lower case"),
    ("Landesamt fur Denkmalpflege", ID + "landesamt-fuer-denkmalpflege", "no umlaut"),
    ("Landesamt fuer Denkmalpflege", ID + "landesamt-fuer-denkmalpflege", "ue for ü"),
    ("Landesamt für Denkmalpfelge", ID + "landesamt-fuer-denkmalpflege", "typo"),
    ("Denkmalpflge", ID + "landesamt-fuer-denkmalpflege", "typo, partial name"),
    ("State Office for Monument Conservation", ID + "landesamt-fuer-denkmalpflege", "English"),
    ("monument conservation", ID + "landesamt-fuer-denkmalpflege", "English, partial"),
    ("Vermessung Geoinformation Landesamt", ID + "lvermgeo", "words reordered"),
    ("state office surveying", ID + "lvermgeo", "English, partial"),
    ("Staatsbetrieb Geobasis", ID + "staatsbetrieb-geobasisinformation-und-vermessung", "prefix"),
    ("Geobasisinformation", ID + "staatsbetrieb-geobasisinformation-und-vermessung", "one word"),
    ("Saechsisches Staatsministerium Regionalentwicklung", ID + "smr", "ae for ä"),
    ("Sachsisches Staatsministerium fur Regionalentwicklung", ID + "smr", "no umlauts"),
    ("saxon state ministry regional development", ID + "smr", "English, lower case"),
    ("Ministerium fur Landesentwicklung und Verkehr", ID + "mlv", "no umlaut"),
    ("Ministeriums für Landesentwicklung und Verkehr", ID + "mlv", "inflected"),
    ("Ministry of State Development and Transport", ID + "mlv", "English"),
    ("Thueringer Ministerium Infrastruktur Landwirtschaft", ID + "tmil", "ue for ü"),
    ("Thuringer Ministerium fur Infrastuktur", ID + "tmil", "no umlaut, typo"),
    ("STATE ROAD CONSTRUCTION AUTHORITY", ID + "lsbb", "English, upper case"),
    ("road construction authorities", ID + "lsbb", "English, inflected"),
    ("Strassenbaubehörde", ID + "lsbb", "inside a compound"),
]
