"""Turning RDF terms into things a page can show: text, and links that stay on this server."""

from __future__ import annotations

from urllib.parse import quote


def local_href(iri: str, base: str) -> str | None:
    """The link for ``iri``: a path on this server for IRIs under the base (its query
    part stays a query: a saved query's run), the IRI itself for other http(s) IRIs, and
    no link at all for anything else (``javascript:`` …).

    >>> local_href("https://x.org/queries/q?lang=de", "https://x.org/")
    '/queries/q?lang=de'
    """
    if iri.startswith(base):
        return "/" + quote(iri[len(base) :], safe="/?#:@!$&'()*+,;=-._~%")
    if iri.startswith(("http://", "https://")):
        return iri
    return None
