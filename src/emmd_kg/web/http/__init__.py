"""The response path every request and response takes (docs/ARCHITECTURE.md).

:mod:`.front` (the one layer in front of Flask's routing), :mod:`.finish` (the last step
of every answer), :mod:`.response_cache` (finished answers), :mod:`.problems` (errors as
problem documents) and :mod:`.operations` (what each route declares for OpenAPI).
"""
