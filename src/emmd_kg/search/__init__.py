"""Finding things: the full-text index of every named resource, part of the artefact.

:mod:`.analysis` turns names and queries into terms, :mod:`.name_records` reads the
records from the quads and writes them deterministically into the version folder,
:mod:`.text_index` makes the tantivy index of a version and answers searches,
:mod:`.matching` picks the name a hit matched.  Built from the artefact, never from the
store, so it serves every store backend alike.
"""

from .hits import Hit, Hits
from .name_records import RECORDS, Name, Record, read_records, records, write_records
from .text_index import SearchIndex

__all__ = [
    "RECORDS",
    "Hit",
    "Hits",
    "Name",
    "Record",
    "SearchIndex",
    "read_records",
    "records",
    "write_records",
]
