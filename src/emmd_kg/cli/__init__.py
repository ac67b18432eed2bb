"""The command line: ``emmd-kg build | validate | export | serve | reload | query | publish``.

A thin front-end over the library, one module per group of commands
(:mod:`.build_commands`, :mod:`.serve_commands`, :mod:`.store_commands`,
:mod:`.query_commands`, sharing :mod:`.shared`): options become Settings, library
errors become one line on stderr and the exit status the error carries (0 ok, 1 data or
query error, 2 usage error).  The modules behind the commands are imported when a
command runs, so ``emmd-kg build`` never loads the web server.
"""

from __future__ import annotations

import click

from .build_commands import build, export, validate
from .query_commands import query
from .search_commands import search
from .serve_commands import reload, serve
from .store_commands import publish

__all__ = ["main"]


@click.group()
@click.version_option(package_name="emmd-kg")
def main() -> None:
    """Build, serve and query the knowledge graph."""


for _command in (build, validate, export, serve, reload, publish, query, search):
    main.add_command(_command)
