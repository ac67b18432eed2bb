"""The README documents what a newcomer needs: the two commands and every setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from emmd_kg.config import SETTINGS_HELP

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(SETTINGS_HELP))
def test_every_setting_is_documented(name):
    assert f"| `{name}` |" in README


def test_readme_opens_with_the_serve_and_test_commands():
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert "./run serve" in first_block and "./run test" in first_block


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "./run test" in ci
