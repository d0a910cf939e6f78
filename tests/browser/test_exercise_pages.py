"""The exercise pages in Chromium, through their hooks: [data-testid=check], the result's
data-status, and window.pyml.editor.

For every exercise: the stub is in the editor, a wrong solution fails with its message and the
reference solution passes (one page load each). On two pages: code that never ends is stopped
(by Python's time limit, and by ending the worker when Python cannot stop it) and a correct
solution then passes without a reload; "Train with my code" with the solution ends where
pyml's own model does. Progress survives a reload, and Start over forgets it.
"""

import json
import re
import sys
import time
from pathlib import Path

import pytest

from pyml import exercises

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the CPython checker's table
from conftest import BOOT_TIMEOUT_MS, expect  # noqa: E402
from test_exercises import WRONG  # noqa: E402

CHECK_TIMEOUT_MS = 30_000
STATUS = re.compile(r"^(pass|fail|error)$")


def open_exercise(fresh_page, site, name, page=None):
    page = page or fresh_page()
    page.goto(site + "exercises/%s.html" % name)
    expect(page.locator("main")).to_have_attribute("data-state", "ready", timeout=BOOT_TIMEOUT_MS)
    return page


def check(page, code, timeout=CHECK_TIMEOUT_MS):
    """Put ``code`` in the editor, press Check, wait for the result; return (status, message)."""
    page.evaluate("(code) => window.pyml.editor.setCode(code)", code)
    page.get_by_test_id("check").click()
    result = page.get_by_test_id("check-result")
    expect(result).to_have_attribute("data-status", STATUS, timeout=timeout)
    return result.get_attribute("data-status"), page.get_by_test_id("check-message").inner_text()


def page_errors(page):
    return [e for e in page.errors if "favicon" not in e]


@pytest.mark.parametrize("name", list(exercises.EXERCISES))
def test_a_wrong_solution_fails_and_the_solution_passes(fresh_page, site, name):
    page = open_exercise(fresh_page, site, name)
    assert page.evaluate("() => window.pyml.editor.getCode()") == exercises.stub(name)
    expect(page.get_by_test_id("show-solution")).to_be_hidden()
    source, status, words = WRONG[name][0]
    got_status, message = check(page, source)
    assert (got_status, words in message) == (status, True), message
    expect(page.get_by_test_id("check-case")).to_contain_text("expected")
    expect(page.get_by_test_id("show-solution")).to_be_visible()  # offered after a failed check
    page.get_by_test_id("show-solution").click()
    solution = page.get_by_test_id("solution-code").inner_text()
    assert solution.strip() == exercises.solution_source(name).strip()
    assert check(page, solution) == ("pass", "All %d cases pass. Well done!" % len(exercises.EXERCISES[name].cases()))
    stored = json.loads(page.evaluate("() => localStorage.getItem('pyml.exercises.v1')"))
    assert stored["passed"] == {name: True} and stored["code"][name] == solution
    assert page_errors(page) == []


def test_code_that_never_ends_is_stopped_and_the_page_works_again(fresh_page, site):
    page = open_exercise(fresh_page, site, "gradient-descent")
    loop = "def gradient_step(X, y, theta, alpha):\n    while True:\n        pass\n"
    started = time.monotonic()
    status, message = check(page, loop)
    assert status == "error" and "was stopped at line" in message
    assert time.monotonic() - started < 10  # Python's own limit: 5 s of the learner's code
    # A regular expression that backtracks for ages runs in C, where Python cannot stop it: the
    # runner ends the worker at 10 s and boots a new one.
    stuck = "import re\n\ndef gradient_step(X, y, theta, alpha):\n    re.match('(a+)+$', 'a' * 40 + 'b')\n"
    started = time.monotonic()
    status, message = check(page, stuck, timeout=BOOT_TIMEOUT_MS)
    assert status == "error" and "did not finish within 10 s" in message and "restarting" in message
    assert time.monotonic() - started < 10 + 5  # the answer comes at the limit, not after the new boot
    assert check(page, exercises.solution_source("gradient-descent"), timeout=BOOT_TIMEOUT_MS)[0] == "pass"  # no reload
    assert page_errors(page) == []


def train_the_solution(fresh_page, site, name, result):
    """Open exercise ``name``, train with its solution, and wait for the panel's ``result``
    attribute (pyml's own run, which ends after the learner's). Returns the page and the panel."""
    page = open_exercise(fresh_page, site, name)
    page.evaluate("(code) => window.pyml.editor.setCode(code)", exercises.solution_source(name))
    page.get_by_test_id("train").click()
    panel = page.get_by_test_id("train-panel")
    expect(panel).to_have_attribute("data-state", "done", timeout=60_000)
    expect(panel).to_have_attribute(result, re.compile("."), timeout=30_000)
    return page, panel


def test_train_with_my_code_ends_where_pyml_does(fresh_page, site):
    page, panel = train_the_solution(fresh_page, site, "gradient-descent", "data-pyml-theta")
    theta = json.loads(panel.get_attribute("data-theta"))
    reference = json.loads(panel.get_attribute("data-pyml-theta"))
    assert theta == pytest.approx(reference, rel=1e-9)
    assert page.get_by_test_id("yours-steps").inner_text() == page.get_by_test_id("pyml-steps").inner_text()
    # A wrong step trains too, and says where it went wrong.
    wrong = "def gradient_step(X, y, theta, alpha):\n    return theta[:1]\n"
    page.evaluate("(code) => window.pyml.editor.setCode(code)", wrong)
    page.get_by_test_id("train").click()
    expect(panel).to_have_attribute("data-state", "error", timeout=30_000)
    expect(page.get_by_test_id("train-state")).to_contain_text("gradient_step returned shape (1,), expected (2,)")

    page, panel = train_the_solution(fresh_page, site, "logistic-cost", "data-pyml-theta")
    assert json.loads(panel.get_attribute("data-theta")) == pytest.approx(
        json.loads(panel.get_attribute("data-pyml-theta")), rel=1e-9)

    page, panel = train_the_solution(fresh_page, site, "kmeans", "data-gap")
    assert float(panel.get_attribute("data-gap")) < 1e-9
    expect(page.get_by_test_id("train-compare")).to_contain_text("ends at the same centroids")


def test_progress_is_restored_and_start_over_forgets_it(fresh_page, site):
    page = open_exercise(fresh_page, site, "sigmoid")
    page.locator(".cm-content").click()  # the editor keeps Tab for indenting; Escape, Tab leaves it
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    expect(page.get_by_test_id("check")).to_be_focused()
    status, message = check(page, "import numpy as np\n\ndef sigmoid(z)\n    return z\n")
    assert status == "error" and message.startswith("Syntax error on line 3")
    assert page.evaluate("() => window.pyml.editor.getCode()").startswith("import numpy")
    assert check(page, exercises.solution_source("sigmoid"))[0] == "pass"
    mine = exercises.solution_source("sigmoid") + "\n# my notes\n"
    page.evaluate("(code) => window.pyml.editor.setCode(code)", mine)
    page.reload()
    expect(page.locator("main")).to_have_attribute("data-state", "ready", timeout=BOOT_TIMEOUT_MS)
    assert page.evaluate("() => window.pyml.editor.getCode()") == mine
    expect(page.get_by_test_id("exercise-nav")).to_contain_text("The sigmoid function ✓ passed")
    page.goto(site + "exercises/index.html")
    expect(page.locator("[data-exercise=sigmoid]")).to_contain_text("✓ passed")
    expect(page.get_by_test_id("progress-summary")).to_have_text("1 of 11 passed in this browser.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("start-over").click()
    expect(page.get_by_test_id("progress-summary")).to_have_text("0 of 11 passed in this browser.")
    page = open_exercise(fresh_page, site, "sigmoid", page)
    assert page.evaluate("() => window.pyml.editor.getCode()") == exercises.stub("sigmoid")


def test_the_runner_runs_a_program_with_the_same_limits(runtime_page):
    """web/js/runner.js, for the playground's "Run here": printed output, or the error and its line."""
    run = """async (code) => {
      const { Runner } = await import("./js/runner.js");
      return new Runner(harness.runtime).run(code);
    }"""
    program = "import numpy as np\nfrom pyml import LinearRegression\nprint(np.arange(3).sum())\n"
    assert runtime_page.evaluate(run, program) == {"output": "3\n", "error": None, "line": None, "kind": None}
    failed = runtime_page.evaluate(run, "print('so far')\nimport os\n")
    assert failed["output"] == "so far\n" and failed["line"] == 2 and "import os is not available" in failed["error"]
    stopped = runtime_page.evaluate(run, "while True:\n    pass\n")
    assert stopped["line"] in (1, 2) and "was stopped" in stopped["error"] and stopped["kind"] == "timeout"
