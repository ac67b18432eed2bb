"""The exception hierarchy of the engine.

Every error the engine raises on purpose is an :class:`EmmdError`.  Each class carries
the HTTP status and the CLI exit code it turns into, so the two edges (the web error
handler and the CLI) render one shape without knowing the cases::

    EmmdError                      status 500, exit 1
    ├── BuildError                 a source file or the build itself is wrong (exit 1)
    │   ├── SourceSyntaxError      a file does not parse: file, line, column
    │   ├── ValidationFailed       SHACL found violations: the report
    │   └── ArtefactError          a built artefact is damaged: file and what is wrong
    ├── UsageError                 a bad command-line argument (exit 2)
    ├── NotFound                   404: an unknown resource, query or graph
    ├── NotAcceptable              406: no representation the client accepts
    ├── BackendUnavailable         502: the remote SPARQL store failed or is unreachable
    └── QueryError                 a refused or failed query (status 400 unless told)
        ├── QueryTooLarge          413: text or body over the cap
        ├── QueryTooDeep           400: bracket nesting over the cap
        ├── QueryForbidden         400: SERVICE, an unknown FROM graph, an update …
        ├── QueryTimeout           503 + Retry-After: over the run-time cap
        ├── QueryResourceExhausted 503: over the memory cap, or the query process died
        ├── EngineFault            500: the engine failed on this query (a panic): no retry
        ├── QueryProcessEnded      503: the query process was ended by a signal from outside
        └── ParameterError         400: a saved-query parameter is missing, unknown or bad
            └── MissingParameters  400: required parameters not given, all of them named
"""

from __future__ import annotations


class EmmdError(Exception):
    """Base class: a message for people, an HTTP status and an exit code.

    A subclass names what it changes in its header, e.g.
    ``class NotFound(EmmdError, status=404, title="Not found")``; the rest it inherits.
    """

    status: int = 500
    exit_code: int = 1
    title: str = "Internal error"

    def __init_subclass__(
        cls,
        *,
        status: int | None = None,
        exit_code: int | None = None,
        title: str | None = None,
        **kwargs: object,
    ) -> None:
        super().__init_subclass__(**kwargs)
        if status is not None:
            cls.status = status
        if exit_code is not None:
            cls.exit_code = exit_code
        if title is not None:
            cls.title = title

    def __init__(self, message: str, **extra: object) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra


class BuildError(EmmdError, title="Build failed"):
    """The sources cannot be turned into an artefact."""


class SourceSyntaxError(BuildError, title="Syntax error in a source file"):
    """A source file does not parse; the message names file, line and column."""

    def __init__(self, path: str, line: int | None, column: int | None, reason: str) -> None:
        where = path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {reason}", path=path, line=line, column=column)
        self.path, self.line, self.column, self.reason = path, line, column, reason


class ValidationFailed(BuildError, title="SHACL validation failed"):
    """SHACL validation found violations; ``report`` is the readable report."""

    def __init__(self, report: str, violations: int) -> None:
        super().__init__(f"{violations} SHACL violation(s)\n{report}", violations=violations)
        self.report, self.violations = report, violations


class ArtefactError(BuildError, title="Damaged artefact"):
    """A file of a built artefact is missing or differs from what its manifest records."""


class UsageError(EmmdError, status=400, exit_code=2, title="Bad usage"):
    """A command-line argument or setting is wrong."""


class NotFound(EmmdError, status=404, title="Not found"):
    """The requested resource, query or graph does not exist."""


class NotAcceptable(EmmdError, status=406, title="Not acceptable"):
    """No representation matches the Accept header; ``available`` lists the media types."""

    def __init__(self, available: list[str]) -> None:
        super().__init__(
            "none of the accepted media types is available; available: " + ", ".join(available),
            available=available,
        )
        self.available = available


class BackendUnavailable(EmmdError, status=502, title="Store unavailable"):
    """The remote store behind the server did not answer properly."""


class QueryError(EmmdError, status=400, title="Bad query"):
    """A query was refused or failed to run."""


class QueryTooLarge(QueryError, status=413, title="Query too large"):
    """The query text or the request body is over its cap."""


class QueryTooDeep(QueryError, title="Query nested too deeply"):
    """The query nests brackets deeper than the cap."""


class QueryForbidden(QueryError, title="Query not allowed"):
    """The query asks for something a public read-only endpoint never does."""


class QueryTimeout(QueryError, status=503, title="Query timed out"):
    """The query ran past the run-time cap; clients may retry later."""


class QueryResourceExhausted(QueryError, status=503, title="Query exhausted its resources"):
    """The query used more memory than allowed, or crashed its engine process."""


class EngineFault(QueryError, status=500, title="Query engine fault"):
    """The engine failed on this query in a way a retry repeats (it panicked)."""


class QueryProcessEnded(QueryError, status=503, title="Query process ended"):
    """The process running the query was ended from outside (a signal); a retry may work."""


class ParameterError(QueryError, title="Bad parameter"):
    """A saved-query parameter is unknown, missing or has a bad value."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"parameter '{parameter}': {message}", parameter=parameter)
        self.parameter = parameter


class MissingParameters(ParameterError):
    """Required saved-query parameters that were not given: all of them in one problem,
    so a client learns everything it must send at once (``parameters`` lists them,
    ``parameter`` is the first)."""

    def __init__(self, names: list[str]) -> None:
        listed = ", ".join(f"'{name}'" for name in names)
        noun = "parameters" if len(names) > 1 else "parameter"
        QueryError.__init__(
            self, f"{noun} {listed}: required; none given", parameter=names[0], parameters=names
        )
        self.parameter = names[0]
        self.parameters = names
