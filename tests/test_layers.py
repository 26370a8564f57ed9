"""The import contracts in pyproject.toml fail on a forbidden import.

`make lint` (and so CI) runs lint-imports on the tree as it is; this checks the
contracts themselves catch what they are for, on a copy of the project's packages
with one forbidden import added, so a contract loosened by mistake fails here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_copy(tmp_path: Path, module: str = "", source: str = "") -> subprocess.CompletedProcess:
    """lint-imports on a copy of every root package, with `module` (a dotted name) added."""
    for package in CONFIG["root_packages"]:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "migrations", "*.txt"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    if module:
        (tmp_path / (module.replace(".", "/") + ".py")).write_text(source)
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_tree_as_it_is_keeps_every_contract(tmp_path):
    result = lint_copy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(CONFIG['contracts'])} kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "source", "broken"),
    [
        # A lower layer naming a higher one: the way cms once imported updates' block.
        ("cms.probe", "from updates import blocks\n", "Layers"),
        ("core.probe", "import accounts.models\n", "Layers"),
        # Nothing imports the demo content.
        ("petitions.probe", "from demo import site\n", "Layers"),
        # A feature app using another's models rather than its services.
        ("petitions.probe", "from updates.models import Subscriber\n", "petitions uses"),
        ("donations.probe", "import supporters.models\n", "donations uses"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(tmp_path, module, source, broken):
    result = lint_copy(tmp_path, module, source)
    assert result.returncode == 1, result.stdout + result.stderr
    assert any(
        line.startswith(broken) and " BROKEN" in line for line in result.stdout.splitlines()
    ), result.stdout
    assert module in result.stdout


def test_an_import_through_the_services_is_allowed(tmp_path):
    result = lint_copy(
        tmp_path, "petitions.probe", "from updates.services import subscriber_signup\n"
    )
    assert result.returncode == 0, result.stdout + result.stderr
