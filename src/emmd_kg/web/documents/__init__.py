"""Linked data: the 303s of ``/id/``, ``/def/``, ``/graph/``, the ``/doc/`` documents,
the dataset description, its dumps and the sitemap."""
