"""``/search``: the full-text search over every named resource, as a page and as JSON."""
