"""pyml's numpy-only tests, run inside Pyodide (Python 3.8, numpy 1.17) in Chromium.

The proof that pyml really runs on the browser's Python: the test files that need only numpy
(tests/test_*.py without ``_sklearn`` in the name) are copied into Pyodide's file system and
run there by Pyodide's own pytest, through the runtime's ``run`` call, against the pyml the
page installed from its wheel. Pyodide's micropip and pytest and
their dependencies are not part of the site (dist/ holds only what the page needs): the test
serves them to the page from the Pyodide distribution, and the worker loads micropip when the
test's code imports it.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
SUITE = "/tmp/pyml-suite"  # in Pyodide's file system
RUN_TIMEOUT_MS = 15 * 60 * 1000

# Wait for an asyncio task of the page's Python (micropip.install), checking once per frame;
# answer the repr of its exception, or null.
WAIT_FOR_TASK = """async (name) => {
  for (;;) {
    const answer = await harness.runtime.run(`${name}.done()`);
    if (answer.result === "True") return (await harness.runtime.run(`${name}.exception()`)).result;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}"""

# Run pytest over the copied files. Pyodide 0.17's pytest is 3.6, older than the tmp_path
# fixture (pytest 3.9) the tests may use: a plugin provides it from tmpdir when missing.
RUN_SUITE = """
import json, os, pathlib, sys
import pytest

files = json.loads(%r)
for name, text in files.items():
    path = pathlib.Path(%r, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)

class _OldPytest:
    @pytest.fixture
    def tmp_path(self, tmpdir):
        return pathlib.Path(str(tmpdir))

plugins = [] if hasattr(pytest, "TempPathFactory") else [_OldPytest()]
# (pyml itself is imported from the installed wheel: the copied sources are not on sys.path)
exit_code = pytest.main(["-q", "-rs", "-p", "no:cacheprovider", "--capture=sys", %r], plugins=plugins)
import pyml
print("pyml from:", pyml.__file__)
print("exit code:", int(exit_code))
"""


def suite_files():
    """The numpy-only test files (and a conftest.py and their data), plus pyml's sources for test_py38.py to
    parse with the real Python 3.8, by their paths in the repository."""
    paths = [p for p in sorted(TESTS.glob("test_*.py")) if "_sklearn" not in p.name]
    paths += [TESTS / "conftest.py"] if (TESTS / "conftest.py").exists() else []
    paths += sorted((TESTS / "data").rglob("*.json"))  # model files the tests load
    paths += sorted((ROOT / "pyml").rglob("*.py"))
    return {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in paths}


def serve_pytest_from_the_distribution(page, site):
    """Answer the page's requests for pytest's package files from node_modules' Pyodide."""
    from conftest import DIST, build

    source = build.NPM_PYODIDE
    in_site = {p.name for p in (DIST / "pyodide").iterdir()}
    extra = {site + "pyodide/" + name: source / name for name in build.pyodide_files(source, ["micropip", "pytest"])
             if name not in in_site}
    page.route(lambda url: url in extra, lambda route, request: route.fulfill(path=str(extra[request.url])))


def test_numpy_only_tests_pass_in_pyodide(runtime_page, site):
    serve_pytest_from_the_distribution(runtime_page, site)
    run = "(code) => harness.runtime.run(code)"
    runtime_page.evaluate(run, "import micropip\n_pytest_install = micropip.install('pytest')")
    failure = runtime_page.evaluate(WAIT_FOR_TASK, "_pytest_install")
    if failure is not None:
        pytest.skip("Pyodide's pytest is unusable here: installing it failed with %s" % failure)

    files = suite_files()
    code = RUN_SUITE % (json.dumps(files), SUITE, SUITE + "/tests")
    answer = runtime_page.evaluate("(code) => harness.runtime.run(code, { timeoutMs: %d })" % RUN_TIMEOUT_MS, code)
    output = answer["stdout"]
    summary = output.strip().splitlines()[-3] if output.strip() else ""
    print("%d test files in Pyodide: %s" % (len([n for n in files if n.startswith("tests/test_")]), summary))
    assert "exit code: 0" in output, output[-20000:]
    assert re.search(r"\d+ passed", summary), output[-5000:]
    assert re.search(r"pyml from: .*site-packages/pyml/__init__.py", output)  # the wheel, not the copies
