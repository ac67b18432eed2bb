"""The query operation of one request, read and gated once.

The front layer and the ``/sparql`` view both need to know what a request asks: the
protocol's query and dataset (:mod:`.protocol`) and what the gate learnt of the query
(its form, its decoded text, its ``FROM`` graphs).  Whoever asks first reads it; the
answer is kept in the request's WSGI environ, so a request that the front layer hands
on to Flask (the editor) is never read or gated a second time.
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.wrappers import Request

from ...sparql import gate
from ..state import ServerState
from .protocol import ProtocolRequest, read

ENVIRON_KEY = "emmd_kg.operation"
PROTOCOL_KEY = "emmd_kg.protocol"


@dataclass(frozen=True)
class Operation:
    """A protocol request and, when it carries a query, the gate's verdict on it."""

    protocol: ProtocolRequest
    gated: gate.GateResult | None


def operation_of(request: Request, st: ServerState) -> Operation:
    """The operation ``request`` asks for; raises the refusal it deserves (4xx)."""
    known = request.environ.get(ENVIRON_KEY)
    if isinstance(known, Operation):
        return known
    protocol = protocol_of(request)
    gated = None
    if protocol.query is not None:
        gated = gate.inspect(protocol.query, st.settings, st.served.store.graph_names())
    operation = Operation(protocol, gated)
    request.environ[ENVIRON_KEY] = operation
    return operation


def protocol_of(request: Request) -> ProtocolRequest:
    """The protocol request ``request`` carries, read once (a form body can be read only
    once, and a refused query is read again to show it in the editor)."""
    known = request.environ.get(PROTOCOL_KEY)
    if isinstance(known, ProtocolRequest):
        return known
    protocol = read(request)
    request.environ[PROTOCOL_KEY] = protocol
    return protocol
