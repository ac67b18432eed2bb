"""Benchmark harness of the EMMD Knowledge Graph (not part of the test run).

``python -m bench build``     build times per step for the real data and synthetic sizes;
``python -m bench endpoint``  SPARQL and linked-data throughput against Oxigraph and
rdflib-endpoint, driven by wrk.  Generated projects and artefacts go to ``bench/out/``
(git-ignored); ``bench/RESULTS.md`` keeps the reports of a real run.
"""
