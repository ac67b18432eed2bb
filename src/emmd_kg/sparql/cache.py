"""A small, thread-safe LRU of rendered answers to GET queries.

An answer depends on the dataset version, the query text (after the gate decoded its
escapes), the format, the dataset selected by the request and the pre-bound values; the
key holds all of them, so a reload (new version) never serves an old answer.  The cache
is bounded by entry count and by the total size of the bodies; an answer larger than a
quarter of the byte budget is not kept (it would evict everything else).

>>> from emmd_kg.sparql.results import Rendered
>>> cache = Cache(max_entries=2)
>>> key = cache_key("v1", "ASK {}", "json")
>>> cache.put(key, Rendered(b'{"head":{},"boolean":true}', "application/json", False, 1))
>>> cache.get(key).rows
1
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence

from ..store.base import Term
from .results import Rendered

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def cache_key(
    version: str,
    query: str,
    fmt_name: str,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    bindings: Mapping[str, Term] | None = None,
) -> Hashable:
    """The key of one answer; bound terms are keyed by their N-Triples form."""
    return (
        version,
        query,
        fmt_name,
        None if default_graphs is None else tuple(default_graphs),
        None if named_graphs is None else tuple(named_graphs),
        tuple(sorted((name, str(term)) for name, term in (bindings or {}).items())),
    )


class Cache:
    """Least-recently-used answers, at most ``max_entries`` and ``max_bytes`` of bodies."""

    def __init__(self, max_entries: int, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, Rendered] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Rendered | None:
        """The answer stored under ``key`` (now the most recently used), or None."""
        with self._lock:
            rendered = self._entries.get(key)
            if rendered is not None:
                self._entries.move_to_end(key)
            return rendered

    def put(self, key: Hashable, rendered: Rendered) -> None:
        """Store an answer, evicting the least recently used ones to stay in bounds."""
        size = len(rendered.body)
        if self.max_entries <= 0 or size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = rendered
            self._bytes += size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self._bytes -= len(evicted.body)

    def clear(self) -> None:
        """Forget every answer."""
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size_bytes(self) -> int:
        """Total size of the bodies held."""
        return self._bytes
