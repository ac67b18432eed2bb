"""Linked-data publication, independent of the web framework.

- :mod:`.index`: which documents exist under the base, and which IRIs each describes
  (a hash IRI ``{doc}#Term`` is described by the document ``{doc}``);
- :mod:`.description`: the description of one document, computed in-process with fixed
  queries and pre-bound variables (outgoing, incoming, labels, blank nodes closed);
- :mod:`.view`: a description turned into what a page shows, in one language;
- :mod:`.overview`: the organisation tree and the responsibility matrix, chosen from
  the data by vocabulary.
"""

from .description import Description, Statement, describe
from .index import DocumentIndex

__all__ = ["Description", "DocumentIndex", "Statement", "describe"]
