"""A runtime that heals itself: a Python worker that dies, hangs or crashes is ended and replaced
without a reload, every page sharing it hears "restarted", and training works again.

The page is web/runtime-test.html (``window.harness``); the hub is web/js/hub.js.
"""

import pytest

from pyml import datasets

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

TRAIN = """async (config) => {
  await harness.train(config, {});
  const frame = await harness.training.finished;
  return { iteration: frame.iteration, done: frame.done };
}"""

RESULT = "(code) => harness.runtime.run(code, { timeoutMs: 3000 }).then((r) => r.result, (e) => `${e.name}: ${e.message}`)"


def plane_config(n_iter):
    X, y = datasets.plane(40, random_state=2)
    return {"model": "LinearRegression", "params": {"n_iter": n_iter}, "data": {"X": X.tolist(), "y": y.tolist()}}


def trains_again(page):
    """After a restart: the runtime boots again by itself and a new training runs to its end."""
    page.wait_for_function("() => harness.runtime.state === 'ready'", timeout=90_000)
    expect(page.get_by_test_id("status")).to_have_text("ready")
    assert page.evaluate(TRAIN, plane_config(20)) == {"iteration": 20, "done": True}
    expect(page.get_by_test_id("training-state")).to_have_text("done")


@pytest.mark.parametrize("shared", [True, False], ids=["shared-worker", "dedicated-worker"])
def test_a_killed_python_worker_is_replaced_and_training_works_again(fresh_page, site, shared):
    page = fresh_page()
    page.goto(site + "runtime-test.html?callTimeoutMs=3000" + ("" if shared else "&shared=0"))
    page.wait_for_boot()
    assert page.evaluate("harness.runtime.options.shared") is shared
    page.evaluate("(config) => harness.train(config, { maxSteps: 5 })", plane_config(10 ** 6))
    page.wait_for_function("() => harness.frames.length >= 3")

    # As if the browser killed it (out of memory): it stops without a word.
    page.evaluate("for (const worker of harness.runtime._hosted.values()) worker.terminate()")
    expect(page.get_by_test_id("training-state")).to_have_text("error", timeout=10_000)
    expect(page.get_by_test_id("error")).to_contain_text("TimeoutError: No answer to step within 3 s")
    page.wait_for_function("() => harness.restarts.length === 1")
    assert page.evaluate("harness.restarts[0].reason") == "timeout"
    trains_again(page)
    assert page.errors == []


def test_an_endless_loop_in_run_ends_with_its_time_limit_and_the_runtime_restarts(fresh_page, site):
    page = fresh_page()
    page.goto(site + "runtime-test.html")
    page.wait_for_boot()
    # A learner's loop that never ends: the call fails at its limit instead of hanging the page.
    answer = page.evaluate(RESULT, "n = 0\nwhile True:\n    n += 1")
    assert answer == "TimeoutError: No answer to run within 3 s: the runtime stopped responding and was restarted."
    assert page.evaluate("harness.restarts") == [
        {"reason": "timeout", "message": "No answer to run within 3 s: the runtime stopped responding and was restarted."}]
    # The old Python is gone: the new one has nothing from before.
    page.wait_for_function("() => harness.runtime.state === 'ready'", timeout=90_000)
    assert page.evaluate(RESULT, "'n' in globals()") == "False"
    trains_again(page)
    assert page.errors == []


def test_a_crash_inside_python_restarts_the_runtime_at_once(fresh_page, site):
    page = fresh_page()
    page.goto(site + "runtime-test.html")
    page.wait_for_boot()
    # Runaway recursion past a raised limit overflows the WebAssembly stack: Pyodide cannot go on.
    code = "import sys\nsys.setrecursionlimit(10 ** 6)\ndef f(n):\n    return f(n + 1)\nf(0)"
    answer = page.evaluate(RESULT, code)
    assert answer.startswith("RangeError: Maximum call stack size exceeded"), answer
    page.wait_for_function("() => harness.restarts.length === 1")
    assert page.evaluate("harness.restarts[0]") == {
        "reason": "crash", "message": "The Python runtime crashed (RangeError: Maximum call stack size exceeded)."}
    trains_again(page)
    # Pyodide itself logs its fatal error (its message, then the error and its stack): nothing else.
    assert page.errors[0] == "Pyodide has suffered a fatal error. Please report this to the Pyodide maintainers."
    assert page.errors[1].startswith("The cause of the fatal error was:")
    assert not [e for e in page.errors[2:] if "Maximum call stack size exceeded" not in e], page.errors


def test_restart_on_request_and_a_huge_model_file_refused_before_python_sees_it(fresh_page, site):
    page = fresh_page()
    page.goto(site + "runtime-test.html")
    page.wait_for_boot()
    refused = page.evaluate("""() => harness.runtime.load("x".repeat(40 * 1024 * 1024))
        .then(() => "loaded", (e) => `${e.name}: ${e.message}`)""")
    assert refused == ("ValueError: This model file is 40.0 MB; the page opens model files up to 32.0 MB. "
                       "Load a smaller model, or open this one in CPython with pyml.load.")
    assert page.evaluate("harness.restarts") == []  # refused up front: nothing was sent
    page.evaluate("(config) => harness.train(config, { maxSteps: 5 })", plane_config(10 ** 6))
    page.wait_for_function("() => harness.frames.length >= 2")
    page.evaluate("harness.runtime.restart()")
    expect(page.get_by_test_id("training-state")).to_have_text("error")
    page.wait_for_function("() => harness.restarts.length === 1")
    assert page.evaluate("harness.restarts[0].reason") == "requested"
    trains_again(page)
    assert page.errors == []
