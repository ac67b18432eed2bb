"""The Reconciliation Service API 0.2 at ``/reconcile``, as OpenRefine speaks it.

- :mod:`.reconcile_views` — ``/reconcile``: the service manifest, query batches
  (``queries``, GET or POST form) and data extension (``extend``);
- :mod:`.suggest_views` — suggest for entities, types and properties, and property
  proposals for data extension;
- :mod:`.preview_views` — the preview card and the view redirect;
- :mod:`.query_batch` — reading the request: strict UTF-8, the JSON of a batch, limits;
- :mod:`.service_manifest` — the manifest; :mod:`.extension` — extension answers;
- :mod:`.reconcile_context` — the served version's graph facts, index and prefixes;
- :mod:`.reconcile_api` — their OpenAPI operations.

Scoring and the graph facts are below the web layer, in
:mod:`emmd_kg.search.reconcile_scoring` and :mod:`emmd_kg.search.reconcile_graph`.
"""
