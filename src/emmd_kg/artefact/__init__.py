"""The artefact: one folder per dataset version, its manifest, reading and writing.

:mod:`.layout` says where each file lies, :mod:`.manifest` types ``manifest.json``,
:mod:`.writer` writes a version and promotes it to ``current``, :mod:`.history` keeps
the build order and prunes by it, :mod:`.reader` opens the
current one, :mod:`.verify` checks a version against its manifest before it is served.
"""

from ..errors import ArtefactError
from .history import HISTORY, Published, prune, published, record
from .layout import (
    CONTEXT,
    CURRENT,
    DUMP_FORMATS,
    DUMPS,
    MANIFEST,
    NQUADS,
    SHAPES,
    VERSIONS,
)
from .manifest import (
    DumpFile,
    FileDigest,
    Manifest,
    QueryFile,
    QueryFiles,
    SearchFile,
    Validation,
)
from .reader import Artefact, open_artefact
from .verify import verify
from .writer import (
    digest_files,
    discard,
    promote,
    sort_quads,
    staging_dir,
    write_dumps,
    write_manifest,
)

__all__ = [
    "CONTEXT",
    "CURRENT",
    "HISTORY",
    "DUMP_FORMATS",
    "DUMPS",
    "MANIFEST",
    "NQUADS",
    "SHAPES",
    "VERSIONS",
    "Artefact",
    "ArtefactError",
    "DumpFile",
    "FileDigest",
    "Manifest",
    "Published",
    "QueryFile",
    "QueryFiles",
    "SearchFile",
    "Validation",
    "digest_files",
    "discard",
    "open_artefact",
    "promote",
    "prune",
    "published",
    "record",
    "sort_quads",
    "staging_dir",
    "write_dumps",
    "verify",
    "write_manifest",
]
