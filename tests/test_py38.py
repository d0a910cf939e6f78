"""pyml must stay valid Python 3.8: the offline browser runtime is Pyodide 0.17.0 (Python 3.8.2).

(npm's @pyodide/pyodide 0.17.1 repackages Pyodide 0.17.0.)
"""

import ast
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "pyml").rglob("*.py")) + sorted((ROOT / "tests").glob("test_*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_parses_as_python_38(path):
    ast.parse(path.read_text(encoding="utf-8"), str(path), feature_version=(3, 8))


@pytest.mark.skipif(shutil.which("ruff") is None or sys.platform == "emscripten", reason="ruff not installed")
def test_ruff_with_python_38_target():
    # pyproject.toml sets target-version = "py38": ruff flags syntax and APIs newer than that.
    result = subprocess.run(
        ["ruff", "check", "--no-cache", "pyml", "tests", "build.py"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
