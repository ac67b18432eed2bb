"""Run queries in a forked child process, so that no query can take the server down.

pyoxigraph cannot be cancelled from Python and crashes on some pathological queries;
rdflib's parser is not thread-safe (docs/SECURITY.md).  So an :class:`Executor` owns one child
process, forked from the current process: a store loaded before the fork is shared
copy-on-write, nothing is reloaded per query.  The child evaluates the query, writes
the answer with :func:`~emmd_kg.sparql.results.render` (row cap included) and sends the
bytes back; the parent waits at most ``settings.query_timeout``.  Then:

- past the deadline the child is killed (SIGKILL) and :class:`QueryTimeout` (503, with
  ``extra["retry_after"]``) is raised;
- a child that dies is reported as what killed it, read from its exit status and from
  what the engine wrote to the child's standard error (a memory file the parent reads
  when the child is gone): an engine panic (pyoxigraph aborts the process, e.g. on a
  sort whose comparison is not a total order) is :class:`EngineFault` (500, no
  Retry-After: the same query fails the same way again); an allocation failure under
  the address-space cap of ``max_query_memory_mb`` *beyond* what the child inherited, a
  stack overflow or a segfault (deep nesting) is :class:`QueryResourceExhausted` (503),
  as is a reply larger than ``max_reply_bytes``; a child killed by another signal (or
  ending with an exit status) is :class:`QueryProcessEnded`, a 503 naming it; the
  CPU-time limit's SIGXCPU is a :class:`QueryTimeout`;
- a syntax error gives :class:`QueryError` (400) with the parser's message, as does a
  function the engine does not support (with the engine's words); any other engine
  failure a plain 500 whose details go to the log, never to the client.

A fresh child is forked lazily for the next query.  The child ignores SIGINT (the parent
decides when to stop), writes no core files, closes the sockets it inherited (client
connections must close when the parent closes them), and never outlives its parent for
long: idle, it leaves on end-of-file of its socket; busy, a CPU-time limit set before
each query (``query_timeout`` + 1 s) ends it even if nobody is left to kill it.
(``PR_SET_PDEATHSIG`` is not used: it fires when the forking *thread* ends, and request
threads come and go.)

One Executor runs one query at a time (it holds a lock); :class:`ExecutorPool` hands
idle executors to threads.  Create them lazily in each HTTP worker process, after
the server has forked it; an executor used from another process than its creator's
forks its own child.  Messages are length-prefixed pickles over a socketpair
(pyoxigraph terms, the ``bindings``, pickle), each written with one call and, when it
fits the socket buffer, read with one.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import pickle
import queue
import re
import resource
import select
import signal
import socket
import stat
import struct
import sys
import threading
import time
import weakref
from collections.abc import Callable
from typing import Unpack

from .. import errors
from ..config import Settings
from ..errors import (
    EmmdError,
    EngineFault,
    QueryError,
    QueryProcessEnded,
    QueryResourceExhausted,
    QueryTimeout,
)
from ..rdf.formats import BY_NAME, Format
from ..rdf.namespaces import all_prefixes
from ..store.base import QueryOptions, Store
from .results import Rendered, render

MAX_REPLY_BYTES = 64 * 1024 * 1024
LANE_WAIT = 1.0  # seconds a query waits for an idle query process before its 503
DIAGNOSTICS_BYTES = 64 * 1024  # what is read of a dead child's standard error, from its end
_UNSUPPORTED = re.compile(r"custom function .* is not supported")
_HEADER = struct.Struct("!Q")
_AT = re.compile(r"error at (\d+):(\d+)")
log = logging.getLogger(__name__)

StoreGetter = Callable[[], Store]
ContextGetter = Callable[[], "dict | None"]


class Executor:
    """One child process that runs queries against the store ``store_getter()`` returns.

    ``store_getter`` is called before every query: when it returns another store than
    the child was forked with (a reload swapped it), the child is replaced, so a reload
    needs no call here.  ``prefixes`` (default: :func:`~emmd_kg.rdf.namespaces.all_prefixes`
    of the base IRI) abbreviate Turtle, TriG and RDF/XML; ``jsonld_context`` (a dict, or
    a zero-arg callable read at each fork) compacts JSON-LD, which is expanded without.
    """

    def __init__(
        self,
        store_getter: StoreGetter,
        settings: Settings,
        *,
        prefixes: dict[str, str] | None = None,
        jsonld_context: dict | ContextGetter | None = None,
        max_reply_bytes: int = MAX_REPLY_BYTES,
    ) -> None:
        self._getter = store_getter
        self._settings = settings
        self._prefixes = all_prefixes(settings.base_iri) if prefixes is None else prefixes
        self._context = jsonld_context
        self._max_reply = max_reply_bytes
        self._lock = threading.Lock()
        self._child: tuple[int, _Channel] | None = None
        self._stderr: _Diagnostics | None = None
        self._forked_with: Callable[[], Store | None] = lambda: None
        self._owner = os.getpid()

    @property
    def store_version(self) -> str:
        """The version of the store the next query will run against."""
        return self._getter().version

    def run(self, query: str, fmt: Format, **options: Unpack[QueryOptions]) -> Rendered:
        """Evaluate ``query`` (already through the gate) and render it in ``fmt``."""
        request = (
            query,
            options.get("default_graphs"),
            options.get("named_graphs"),
            dict(options.get("bindings") or {}),
            fmt.name,
            self._settings.max_rows,
        )
        with self._lock:
            store = self._getter()
            if self._owner != os.getpid() or self._forked_with() is not store:
                self._discard()
            channel = self._child[1] if self._child else self._spawn(store)
            try:
                channel.send(request)
            except OSError:  # the idle child is gone (killed from outside): fork again
                self._discard()
                channel = self._spawn(store)
                channel.send(request)
            reply = self._receive(channel, time.monotonic() + self._settings.query_timeout)
        if reply[0] == "ok":
            return Rendered(*reply[1:])
        raise _rebuild(*reply[1:])

    def close(self) -> None:
        """Kill the child; the next query (if any) forks a new one."""
        with self._lock:
            self._discard()

    def _spawn(self, store: Store) -> _Channel:
        context = self._context() if callable(self._context) else self._context
        options = {"prefixes": self._prefixes, "jsonld_context": context}
        parent_end, child_end = socket.socketpair()
        parent_pid = os.getpid()
        stderr = _Diagnostics()
        try:
            pid = os.fork()
        except OSError as exc:
            parent_end.close()
            child_end.close()
            stderr.close()
            raise QueryResourceExhausted(f"cannot start a query worker: {exc.strerror}") from None
        if pid == 0:  # the child: never return into the caller's code
            status = 70
            try:
                parent_end.close()
                os.dup2(stderr.fd, 2)
                _serve(
                    _Channel(child_end), store, self._settings, parent_pid, self._max_reply, options
                )
                status = 0
            finally:
                os._exit(status)
        child_end.close()
        channel = _Channel(parent_end)
        self._child, self._owner = (pid, channel), parent_pid
        self._stderr = stderr
        self._forked_with = _reference(store)
        return channel

    def _discard(self) -> None:
        """Kill and reap the child, if this process has one."""
        child, self._child = self._child, None
        if child is None or self._owner != os.getpid():
            return
        pid, channel = child
        channel.close()
        self._take_stderr()
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)

    def _receive(self, channel: _Channel, deadline: float) -> tuple:
        try:
            reply = channel.receive(deadline, self._max_reply)
        except TimeoutError:
            self._discard()
            timeout = self._settings.query_timeout
            raise QueryTimeout(
                f"the query ran longer than the limit of {timeout:g} s",
                limit=timeout,
                retry_after=max(1, round(timeout)),
            ) from None
        except EOFError:
            assert self._child is not None
            (pid, channel), self._child = self._child, None
            channel.close()
            status = _reap(pid)
            raise _death(status, self._take_stderr()) from None
        except QueryResourceExhausted:
            self._discard()
            raise
        if reply[0] != "ok" and self._stderr is not None:
            self._stderr.forward()  # what the child logged about the failure
        return reply

    def _take_stderr(self) -> str:
        """What the child wrote to its standard error and nobody read yet (logged);
        the memory file is closed."""
        stderr, self._stderr = self._stderr, None
        if stderr is None:
            return ""
        text = stderr.forward()
        stderr.close()
        return text


class ExecutorPool:
    """``size`` executors shared by threads; each query borrows an idle one.

    A thread that finds none idle within ``LANE_WAIT`` (enough for a burst of short
    queries to take turns) gets QueryTimeout (503 with Retry-After): a lane held by
    runaway queries answers at once instead of after their time limit, and holds no
    request thread, so the threads left answer documents and ``/health``.
    """

    def __init__(
        self,
        store_getter: StoreGetter,
        settings: Settings,
        size: int,
        *,
        prefixes: dict[str, str] | None = None,
        jsonld_context: dict | ContextGetter | None = None,
    ) -> None:
        self._settings = settings
        self._getter = store_getter
        self._executors = [
            Executor(store_getter, settings, prefixes=prefixes, jsonld_context=jsonld_context)
            for _ in range(size)
        ]
        self._idle: queue.LifoQueue[Executor] = queue.LifoQueue()
        for executor in self._executors:
            self._idle.put(executor)

    @property
    def store_version(self) -> str:
        """The version of the store the next query will run against."""
        return self._getter().version

    def run(self, query: str, fmt: Format, **options: Unpack[QueryOptions]) -> Rendered:
        """Like :meth:`Executor.run`, on the most recently idle executor."""
        timeout = self._settings.query_timeout
        try:
            executor = self._idle.get(timeout=LANE_WAIT)
        except queue.Empty:
            raise QueryTimeout(
                "every query worker is busy", limit=timeout, retry_after=max(1, round(timeout))
            ) from None
        try:
            return executor.run(query, fmt, **options)
        finally:
            self._idle.put(executor)

    def close(self) -> None:
        """Kill every child (waiting for running queries to finish)."""
        for executor in self._executors:
            executor.close()


def _reference(store: Store) -> Callable[[], Store | None]:
    """A weak reference if the store allows one (the parent need not keep it alive)."""
    try:
        return weakref.ref(store)
    except TypeError:
        return lambda: store


class _Channel:
    """One end of the socketpair: length-prefixed pickles, one at a time each way."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self._poller = select.poll()
        self._poller.register(sock, select.POLLIN)
        self._pending = bytearray()

    def send(self, message: object) -> None:
        """Write ``message``."""
        self.send_pickled(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def send_pickled(self, data: bytes) -> None:
        """Write one pickled message in one call, so the reader wakes once."""
        self.sock.sendall(_HEADER.pack(len(data)) + data)

    def receive(self, deadline: float | None, max_size: int | None = None) -> tuple:
        """The next message; TimeoutError past ``deadline``, EOFError if the peer left,
        QueryResourceExhausted if it announces more than ``max_size`` bytes."""
        (size,) = _HEADER.unpack(self._take(_HEADER.size, deadline))
        if max_size is not None and size > max_size:
            raise QueryResourceExhausted(
                f"the answer is larger than {max_size} bytes", limit=max_size
            )
        return pickle.loads(self._take(size, deadline))

    def close(self) -> None:
        """Close this end; the peer reads end-of-file."""
        self.sock.close()

    def _take(self, size: int, deadline: float | None) -> bytes:
        pending = self._pending
        while len(pending) < size:
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._poller.poll(remaining * 1000):
                    raise TimeoutError
            chunk = self.sock.recv(max(size - len(pending), 1 << 16))
            if not chunk:
                raise EOFError
            pending += chunk
        data = bytes(pending[:size])
        del pending[:size]
        return data


class _Diagnostics:
    """An anonymous memory file a child's standard error (fd 2) is pointed at.

    Rust writes a panic's message and an allocation failure there before aborting; the
    parent reads what is new with ``pread`` (never moving the shared file offset).
    """

    def __init__(self) -> None:
        self.fd = os.memfd_create("emmd-kg-query-stderr")
        self._read = 0

    def forward(self) -> str:
        """The text written since the last call (at most DIAGNOSTICS_BYTES, from its
        end), also logged."""
        size = os.fstat(self.fd).st_size
        start = max(self._read, size - DIAGNOSTICS_BYTES)
        data = os.pread(self.fd, size - start, start) if size > start else b""
        self._read = size
        text = data.decode("utf-8", "replace").strip()
        if text:
            log.warning("query process: %s", text)
        return text

    def close(self) -> None:
        """Release the memory file."""
        os.close(self.fd)


def _reap(pid: int) -> str:
    """Wait for a dead child and describe how it ended: ``signal SIGNAME`` or ``exit
    status N``."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return "already reaped"
    if os.WIFSIGNALED(status):
        return f"signal {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def _death(status: str, stderr: str) -> EmmdError:
    """The error a child's death stands for, from ``status`` (see :func:`_reap`) and
    what it wrote to its standard error."""
    lines = stderr.splitlines()
    panic = next((i for i, line in enumerate(lines) if " panicked at " in line), None)
    if panic is not None:
        reason = lines[panic + 1].strip() if panic + 1 < len(lines) else "no message"
        return EngineFault(
            f"the query engine failed on this query: {reason}", engine_message=reason
        )
    if "memory allocation of" in stderr:
        return QueryResourceExhausted("the query needs more memory than allowed")
    if "overflowed its stack" in stderr or status == "signal SIGSEGV":
        return QueryResourceExhausted(
            f"the query nests deeper than the engine can take (the query process ended by "
            f"{status.removeprefix('signal ')})"
        )
    if status == "signal SIGXCPU":
        return QueryTimeout("the query used up its CPU time", retry_after=5)
    return QueryProcessEnded(f"the query process was ended by {status}")


def _rebuild(name: str, message: str, state: dict) -> EmmdError:
    """The child's EmmdError, rebuilt in the parent with its attributes."""
    cls = getattr(errors, name, EmmdError)
    if not (isinstance(cls, type) and issubclass(cls, EmmdError)):
        cls = EmmdError
    exc = cls.__new__(cls)
    Exception.__init__(exc, message)
    exc.__dict__.update(state)
    return exc


# --- the child ---------------------------------------------------------------------


def _serve(
    channel: _Channel,
    store: Store,
    settings: Settings,
    parent_pid: int,
    max_reply: int,
    render_options: dict,
) -> None:
    """The child's loop: one request in, one reply out, until the parent goes away."""
    _become_worker(channel.sock.fileno(), parent_pid, settings.max_query_memory_mb)
    cpu_cap = math.ceil(settings.query_timeout) + 1
    cpu_limit = 0
    while True:
        try:
            request = channel.receive(None)
        except (EOFError, OSError):
            return
        usage = resource.getrusage(resource.RUSAGE_SELF)
        limit = math.ceil(usage.ru_utime + usage.ru_stime) + cpu_cap
        if limit != cpu_limit:  # the same limit as before needs no system call
            _limit(resource.RLIMIT_CPU, limit)
            cpu_limit = limit
        reply, fatal = _answer(store, request, render_options)
        data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        if len(data) > max_reply:
            limit_error = QueryResourceExhausted(
                f"the answer is larger than {max_reply} bytes", limit=max_reply
            )
            reply = (
                "error",
                "QueryResourceExhausted",
                limit_error.message,
                dict(vars(limit_error)),
            )
            data = pickle.dumps(reply)
        channel.send_pickled(data)
        if fatal:
            return


def _answer(store: Store, request: tuple, render_options: dict) -> tuple[tuple, bool]:
    """Run one request; the reply, and whether the child must end after sending it."""
    query, default_graphs, named_graphs, bindings, fmt_name, max_rows = request
    try:
        result = store.query(
            query,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            bindings=bindings or None,
        )
        rendered = render(result, BY_NAME[fmt_name], max_rows, **render_options)
        fields = (rendered.body, rendered.media_type, rendered.truncated, rendered.rows)
        return ("ok", *fields, store.version), False
    except SyntaxError as exc:
        message = str(exc)
        if len(message) > 300:  # pyoxigraph lists every expected token
            message = message[:300] + " …"
        error: EmmdError = QueryError(f"syntax error: {message}", **_position(message))
        fatal = False
    except MemoryError:
        error = QueryResourceExhausted("the query needs more memory than allowed")
        fatal = True
    except EmmdError as exc:
        error, fatal = exc, False
    except Exception as exc:
        unsupported = _UNSUPPORTED.search(str(exc))
        if unsupported is not None:
            return _error_reply(QueryError(f"unsupported: the {unsupported[0]}")), False
        log.exception("query evaluation failed")
        error, fatal = EmmdError("query evaluation failed"), False
    return _error_reply(error), fatal


def _error_reply(error: EmmdError) -> tuple:
    return ("error", type(error).__name__, error.message, dict(vars(error)))


def _position(message: str) -> dict[str, int]:
    """The line and column of the engine's syntax error (pyoxigraph: ``error at L:C``).

    >>> _position("error at 3:14: expected one of ...")
    {'line': 3, 'column': 14}
    """
    found = _AT.search(message)
    return {"line": int(found[1]), "column": int(found[2])} if found else {}


def _become_worker(own_fd: int, parent_pid: int, memory_mb: int) -> None:
    """Signals, core files, inherited sockets and the address-space cap (Linux)."""
    for signum in signal.valid_signals():
        with contextlib.suppress(OSError, ValueError):
            if callable(signal.getsignal(signum)):
                signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if os.getppid() != parent_pid:
        os._exit(0)
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError):
        for name in os.listdir("/proc/self/fd"):
            fd = int(name)
            with contextlib.suppress(OSError):
                if fd > 2 and fd != own_fd and stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.close(fd)
    with open("/proc/self/statm") as statm:
        inherited = int(statm.read().split()[0]) * resource.getpagesize()
    _limit(resource.RLIMIT_AS, inherited + memory_mb * 1024 * 1024, hard_too=True)


def _limit(kind: int, value: int, *, hard_too: bool = False) -> None:
    """Set the soft limit (and the hard one) of ``kind`` to ``value``, within the hard one."""
    _, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, value if hard_too else hard))
