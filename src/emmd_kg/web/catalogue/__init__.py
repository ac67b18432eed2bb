"""``/queries``: the saved-query catalogue, its forms and its runs."""
