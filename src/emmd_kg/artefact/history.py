"""The order in which versions were published, and which of them are kept.

Every promotion that changes what ``current`` points at appends one line to
``history.jsonl`` in the build folder: the version and the moment it became current.
That log, not the folders' modification times, is the build order: retained versions
are listed from it (:func:`published`), and pruning (:func:`prune`) removes the oldest
by it, never one a caller protects (the version served, or one a running server may still
read).  A version published again (a revert) counts from its latest publication.  Folders
the log does not know (written before it existed) are older than every logged one.

>>> import tempfile
>>> build = Path(tempfile.mkdtemp())
>>> for name in ("a", "b", "c"):
...     (build / VERSIONS / name).mkdir(parents=True)
...     record(build, name, datetime(2026, 1, ord(name) - 96, tzinfo=UTC))
>>> [p.version for p in published(build)]
['c', 'b', 'a']
>>> [p.name for p in prune(build, keep=1, protect={"a"})]
['b']
>>> [p.version for p in published(build)]
['c', 'a']
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import BuildError
from .layout import MANIFEST, VERSIONS

HISTORY = "history.jsonl"


@dataclass(frozen=True)
class Published:
    """One retained version: its folder and when it last became current."""

    version: str
    path: Path
    published: datetime


def record(build_dir: Path, version: str, when: datetime | None = None) -> None:
    """Log that ``version`` became current at ``when`` (now by default), unless it already
    was the last one logged.  One short appended line, so concurrent builds cannot tear it."""
    entries = _entries(build_dir)
    if entries and entries[-1][0] == version:
        return
    moment = (when or datetime.now(UTC)).astimezone(UTC)
    line = json.dumps({"version": version, "published": moment.isoformat(timespec="seconds")})
    fd = os.open(build_dir / HISTORY, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (line + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def published(build_dir: Path) -> list[Published]:
    """The retained versions, newest publication first, each once; folders the log does not
    know come last (oldest), by name."""
    versions = build_dir / VERSIONS
    seen: dict[str, datetime] = {}
    for version, moment in reversed(_entries(build_dir)):
        if version not in seen and (versions / version / MANIFEST).exists():
            seen[version] = moment
    listed = [Published(v, versions / v, moment) for v, moment in seen.items()]
    unknown = sorted(_folders(versions) - seen.keys(), reverse=True)
    for name in unknown:
        stamp = (versions / name).stat().st_mtime
        listed.append(Published(name, versions / name, datetime.fromtimestamp(stamp, UTC)))
    return listed


def prune(build_dir: Path, keep: int, protect: Iterable[str] = ()) -> list[Path]:
    """Remove all but the ``keep`` newest versions in build order, never one in
    ``protect``; return the folders removed."""
    spared = set(protect)
    removed = []
    for entry in published(build_dir)[max(keep, 0) :]:
        if entry.version not in spared:
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(entry.path)
    return removed


def _folders(versions: Path) -> set[str]:
    if not versions.is_dir():
        return set()
    return {p.name for p in versions.iterdir() if p.is_dir() and not p.name.startswith(".")}


def _entries(build_dir: Path) -> list[tuple[str, datetime]]:
    """The log's lines in the order written; a line that does not read is an error naming
    the file and the line."""
    path = build_dir / HISTORY
    if not path.exists():
        return []
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            entries.append((str(data["version"]), datetime.fromisoformat(data["published"])))
        except (ValueError, KeyError, TypeError) as exc:
            raise BuildError(f"{path}:{number}: unreadable history line ({exc})") from None
    return entries
