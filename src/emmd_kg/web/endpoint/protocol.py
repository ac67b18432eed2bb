"""Reading a SPARQL 1.1 Protocol request: the query, the dataset, refusals of updates.

The three query operations (GET, POST form, POST direct) are told apart here and
everything else is refused with the status the protocol asks for: other methods 405,
an update 403 (this endpoint is read-only), a wrong media type 415, a missing or
repeated query 400, a body that is not UTF-8 400.

Where clients differ and nothing is at stake, it is lenient, as Fuseki is: the answer
format may be asked for in ``format``, ``output`` or ``results`` (the spellings of
SPARQLWrapper, Fuseki and Virtuoso clients), repeated and together, as long as they agree
(checked once the query's kind is known, :func:`~emmd_kg.rdf.negotiation.agreed_format`),
and parameters the protocol does not define are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Request

from ...errors import EmmdError, QueryError, QueryForbidden
from ...rdf.negotiation import agreed_format

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
FORMAT_PARAMETERS = ("format", "output", "results")


class UnsupportedMediaType(EmmdError, status=415, title="Unsupported media type"):
    """A POST body whose media type the protocol does not allow."""


@dataclass(frozen=True)
class ProtocolRequest:
    """One query operation: the query text and the dataset the protocol names."""

    query: str | None
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    formats: tuple[str, ...] = ()
    """Every value of the format parameters, in the order given (empty ones left out)."""

    @property
    def format(self) -> str | None:
        """The first format asked for by parameter (the editor's choice), if any."""
        return self.formats[0] if self.formats else None

    def format_for(self, kind: str) -> str | None:
        """The one format the format parameters name for an answer of ``kind``; None if
        none is given; a 400 naming the values when they disagree."""
        return agreed_format(self.formats, kind) if self.formats else None


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise QueryError(f"parameter '{name}' given {len(values)} times; send exactly one")
    return values[0] if values else None


def _formats(params: MultiDict[str, str]) -> tuple[str, ...]:
    return tuple(v for name in FORMAT_PARAMETERS for v in params.getlist(name) if v.strip())


def _graphs(params: MultiDict[str, str], name: str) -> tuple[str, ...] | None:
    values = params.getlist(name)
    return tuple(values) if values else None


def _body_text(request: Request) -> str:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise QueryError(f"the query body must be UTF-8, not {charset}")
    try:
        return request.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"the query body is not valid UTF-8 ({exc.reason})") from None


def read(request: Request) -> ProtocolRequest:
    """The query operation ``request`` asks for, or the refusal it deserves."""
    args = request.args
    if "update" in args or "using-graph-uri" in args or "using-named-graph-uri" in args:
        raise QueryForbidden("this endpoint is read-only: SPARQL Update is not accepted")
    if request.method in ("GET", "HEAD"):
        return ProtocolRequest(
            _single(args.getlist("query"), "query"),
            _graphs(args, "default-graph-uri"),
            _graphs(args, "named-graph-uri"),
            _formats(args),
        )
    mimetype = request.mimetype
    if mimetype == UPDATE:
        raise QueryForbidden("this endpoint is read-only: SPARQL Update is not accepted")
    if mimetype == FORM:
        form = request.form
        if "update" in form:
            raise QueryForbidden("this endpoint is read-only: SPARQL Update is not accepted")
        merged = MultiDict([*args.items(multi=True), *form.items(multi=True)])
        query = _single(form.getlist("query"), "query")
        if query is None:
            raise QueryError("a form POST must carry the query in the 'query' field")
        return ProtocolRequest(
            query,
            _graphs(merged, "default-graph-uri"),
            _graphs(merged, "named-graph-uri"),
            _formats(merged),
        )
    if mimetype == DIRECT:
        return ProtocolRequest(
            _body_text(request),
            _graphs(args, "default-graph-uri"),
            _graphs(args, "named-graph-uri"),
            _formats(args),
        )
    shown = mimetype or "none"
    raise UnsupportedMediaType(
        f"POST must send {FORM} or {DIRECT} (got {shown})", accepted=[FORM, DIRECT]
    )
