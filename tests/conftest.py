"""Helpers shared by the unit tests (tests/browser has its own conftest for Playwright).

Shared as fixtures: two conftest.py files without packages are both modules named
``conftest``, so a test module cannot import from this one by name.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODEGEN_CLI = ROOT / "tests" / "js" / "codegen_cli.mjs"


@pytest.fixture(scope="session")
def page_modules():
    """A function: what the page's own modules (run with Node.js through
    tests/js/codegen_cli.mjs) make of a request ({query, base?, predict?} or {models: true}
    or {features: true}). Skips the test when there is no Node.js."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js runs the page's modules")

    def ask(request):
        done = subprocess.run(
            [node, "--no-warnings", str(CODEGEN_CLI)], input=json.dumps(request), capture_output=True,
            text=True, timeout=60, cwd=ROOT,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return ask


@pytest.fixture(scope="session")
def build():
    """build.py as a module (skips inside Pyodide, whose copy of the suite has no build.py)."""
    import importlib.util

    path = ROOT / "build.py"
    if not path.exists():
        pytest.skip("build.py is not here (the suite's copy inside Pyodide)")
    spec = importlib.util.spec_from_file_location("pyml_build", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
