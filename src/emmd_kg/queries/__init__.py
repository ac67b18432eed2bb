"""The saved-query catalogue: ``queries/*.rq`` with typed parameters, run safely.

- :mod:`.header`, :mod:`.declarations` and :mod:`.saved` read a file into a
  :class:`SavedQuery`;
- :mod:`.params` turns request text into RDF terms by declared type;
- :mod:`.check` is what the build demands of each query;
- :mod:`.catalogue_rdf` is the catalogue as RDF;
- :mod:`.run` binds values and pages answers through the engine;
- :mod:`.files` carries the files into the build, :mod:`.console` serves the CLI.
"""

from .params import Parameter, to_term
from .saved import Catalogue, Example, SavedQuery, parse_query, read_folder

__all__ = [
    "Catalogue",
    "Example",
    "Parameter",
    "SavedQuery",
    "parse_query",
    "read_folder",
    "to_term",
]
