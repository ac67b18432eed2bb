"""The answer cache: keys, LRU order, both bounds, and use from many threads."""

from __future__ import annotations

import threading

import pyoxigraph as ox

from emmd_kg.sparql.cache import Cache, cache_key
from emmd_kg.sparql.results import Rendered


def answer(size: int = 10) -> Rendered:
    return Rendered(b"x" * size, "text/csv", False, 1)


def test_a_missing_key_gives_none():
    assert Cache(4).get(cache_key("v1", "ASK {}", "json")) is None


def test_a_stored_answer_comes_back():
    cache, rendered = Cache(4), answer()
    cache.put(cache_key("v1", "ASK {}", "json"), rendered)
    assert cache.get(cache_key("v1", "ASK {}", "json")) is rendered


def test_keys_differ_by_version_query_format_dataset_and_bindings():
    base = ("v1", "SELECT * {}", "json", ["http://g/1"], None, {"x": ox.Literal("1")})
    variants = [
        ("v2", *base[1:]),
        (base[0], "SELECT * { }", *base[2:]),
        (*base[:2], "csv", *base[3:]),
        (*base[:3], ["http://g/2"], *base[4:]),
        (*base[:4], ["http://g/1"], base[5]),
        (*base[:5], {"x": ox.Literal("1", language="en")}),
        (*base[:5], None),
    ]
    keys = {cache_key(*base)} | {cache_key(*v) for v in variants}
    assert len(keys) == len(variants) + 1


def test_no_dataset_and_an_empty_dataset_are_different_keys():
    assert cache_key("v1", "q", "json", None, None) != cache_key("v1", "q", "json", [], [])


def test_the_least_recently_used_entry_is_evicted_first():
    cache = Cache(2)
    cache.put("a", answer())
    cache.put("b", answer())
    cache.get("a")
    cache.put("c", answer())
    assert cache.get("b") is None
    assert cache.get("a") is not None and cache.get("c") is not None


def test_the_byte_budget_evicts_entries():
    cache = Cache(100, max_bytes=1000)
    for key in range(5):
        cache.put(key, answer(240))
    assert len(cache) == 4 and cache.size_bytes == 960 and cache.get(0) is None


def test_an_answer_over_a_quarter_of_the_budget_is_not_kept():
    cache = Cache(100, max_bytes=1000)
    cache.put("big", answer(251))
    assert cache.get("big") is None and cache.size_bytes == 0


def test_replacing_an_entry_keeps_the_byte_count_right():
    cache = Cache(10, max_bytes=1000)
    cache.put("a", answer(100))
    cache.put("a", answer(50))
    assert (len(cache), cache.size_bytes) == (1, 50)


def test_zero_entries_means_no_caching():
    cache = Cache(0)
    cache.put("a", answer())
    assert cache.get("a") is None


def test_clear_forgets_everything():
    cache = Cache(10)
    cache.put("a", answer())
    cache.clear()
    assert (len(cache), cache.size_bytes, cache.get("a")) == (0, 0, None)


def test_many_threads_keep_the_bounds():
    cache = Cache(50, max_bytes=4000)

    def worker(offset: int) -> None:
        for i in range(500):
            cache.put((offset, i % 80), answer(10 + i % 40))
            cache.get((offset, (i * 7) % 80))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert 0 < len(cache) <= 50 and 0 < cache.size_bytes <= 4000
