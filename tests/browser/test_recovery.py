"""The playground recovers from a Python that hangs or dies, without a reload.

runtime.js ends such a worker, boots a fresh one and tells the page ("restarted"); the page then
shows one notice, keeps the URL, settings, data and added points, makes the data again in the new
Python and opens an untrained model, so Train works at once; a run that was training trains again
from the start by itself (issue 17, point 4).
"""

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

from test_playground import TRAIN_TIMEOUT_MS, close, open_playground, pixels, state  # noqa: E402

QUERY = "dataset=moons&model=mlp&hidden_layer_sizes=5&n_epochs=2000&speed=slow"

# Ask Python for something that never ends, with a short limit: the runtime ends it and restarts.
HANG = """() => { window.pyml.runtime.run("while True:\\n    pass", { timeoutMs: 2000 }).catch(() => {}); }"""

# As if the browser killed the worker (out of memory): it stops without a word, and the step in
# flight finds no answer within the (lowered) call limit.
KILL = """() => {
  window.pyml.runtime.options.callTimeoutMs = 5000;
  for (const worker of window.pyml.runtime._hosted.values()) worker.terminate();
}"""


def what_the_user_has(page):
    return {
        "url": page.url,
        "state": state(page),
        "data": page.evaluate("() => window.pyml.data.X.concat(window.pyml.data.X_test)"),
        "labels": page.evaluate("() => window.pyml.data.y"),
    }


def run_until_it_trains(page):
    page.get_by_test_id("train").click()
    expect(page.get_by_test_id("iteration")).not_to_have_text("0", timeout=TRAIN_TIMEOUT_MS)


def expect_one_runtime_notice(page, *texts):
    notice = page.locator('[data-testid="notice"][data-subject="runtime"]')
    expect(notice).to_contain_text("your data and settings are kept", timeout=TRAIN_TIMEOUT_MS)
    for text in texts:
        expect(notice).to_contain_text(text)
    expect(page.get_by_test_id("status")).to_have_text("Python is running again.", timeout=TRAIN_TIMEOUT_MS)
    # One notice, nothing else: the failed step does not add a "Training stopped" of its own.
    expect(page.get_by_test_id("notice")).to_have_count(1)


@pytest.mark.parametrize("fault", [HANG, KILL], ids=["hung", "killed"])
def test_a_run_that_was_training_trains_again_after_python_hangs_or_dies(chromium, site, fault):
    page = open_playground(chromium, site, QUERY)
    page.evaluate("() => window.pyml.addPoint(0.5, 0.25)")  # the learner's own point
    expect(page.get_by_test_id("iteration")).to_have_text("0")
    before = what_the_user_has(page)
    assert [0.5, 0.25] in before["data"]
    run_until_it_trains(page)
    page.evaluate(fault)

    expect_one_runtime_notice(
        page,
        "Python stopped responding, so the page ended it and started a fresh one.",
        "The model you had lived in that Python and is gone",
        "training starts again from the beginning",
    )
    expect(page.get_by_test_id("notice").locator("li")).to_contain_text(
        "the runtime stopped responding and was restarted")  # the runtime's own detail
    # The new model, made from the same data, trains without a click.
    expect(page.locator("body")).to_have_attribute("data-training", "running")
    expect(page.get_by_test_id("iteration")).not_to_have_text("0", timeout=TRAIN_TIMEOUT_MS)
    page.get_by_test_id("train").click()  # pause
    expect(page.locator("body")).to_have_attribute("data-training", "paused")
    assert what_the_user_has(page) == before
    assert page.evaluate("() => window.pyml.sessionRows()") == len(page.evaluate("() => window.pyml.data.X"))
    expect(page.get_by_test_id("notice")).to_have_count(1)
    close(page)


def test_a_paused_run_waits_for_train_after_python_hangs(chromium, site):
    page = open_playground(chromium, site, QUERY)
    points = pixels(page, "plot-canvas")  # the data, no model drawn yet
    run_until_it_trains(page)
    page.get_by_test_id("train").click()  # pause: the learner is looking at the model
    expect(page.locator("body")).to_have_attribute("data-training", "paused")
    before = what_the_user_has(page)
    page.evaluate(HANG)

    expect_one_runtime_notice(page, "The model you had lived in that Python and is gone", "press Train to train a new one")
    # A new untrained model is open: the counter is back at 0 and Train is ready.
    expect(page.locator("body")).to_have_attribute("data-training", "paused")
    expect(page.get_by_test_id("iteration")).to_have_text("0")
    expect(page.get_by_test_id("train")).to_have_text("Train")
    expect(page.get_by_test_id("train")).to_be_enabled()
    assert what_the_user_has(page) == before
    assert pixels(page, "plot-canvas") == points  # the same points, drawn as before, no model yet

    run_until_it_trains(page)
    expect(page.get_by_test_id("notice")).to_have_count(1)
    assert page.url == before["url"]
    close(page)


def test_a_guided_demo_reopens_its_lab_after_a_restart(chromium, site):
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(site + "demos/pca.html")
    demo = page.get_by_test_id("demo")
    expect(demo).to_have_attribute("data-state", "done", timeout=TRAIN_TIMEOUT_MS)
    # Another page of the site shares this Python (the hub) and restarts it: every page hears it.
    other = context.new_page()
    other.goto(site + "runtime-test.html")
    other.wait_for_function("() => window.harness && harness.runtime.state === 'ready'", timeout=TRAIN_TIMEOUT_MS)
    other.evaluate("() => { harness.runtime.restart(); }")
    status = page.get_by_test_id("status")
    expect(status).to_contain_text("restarted on request", timeout=TRAIN_TIMEOUT_MS)
    expect(status).to_contain_text("Python is running again: use the demo as before.", timeout=TRAIN_TIMEOUT_MS)
    # The lab died with the old Python: the slider's next call opens it again in the new one.
    page.get_by_test_id("k").fill("64")
    expect(page.get_by_test_id("pca-state")).to_contain_text("from 64 of 64", timeout=TRAIN_TIMEOUT_MS)
    assert float(demo.get_attribute("data-error")) < 1e-6
    context.close()
