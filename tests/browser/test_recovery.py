"""The playground recovers from a Python that hangs or dies, without a reload.

runtime.js ends such a worker, boots a fresh one and tells the page ("restarted"); the page then
shows one notice, keeps the URL, settings, data and added points, makes the data again in the new
Python and opens an untrained model, so Train works at once (issue 17, point 4).
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


@pytest.mark.parametrize("fault", [HANG, KILL], ids=["hung", "killed"])
def test_the_playground_recovers_from_a_hung_or_dead_python(chromium, site, fault):
    page = open_playground(chromium, site, QUERY)
    page.evaluate("() => window.pyml.addPoint(0.5, 0.25)")  # the learner's own point
    expect(page.get_by_test_id("iteration")).to_have_text("0")
    expect(page.get_by_test_id("train")).to_be_enabled()
    points = pixels(page, "plot-canvas")  # the data, no model drawn yet
    before = what_the_user_has(page)
    assert [0.5, 0.25] in before["data"]

    page.get_by_test_id("train").click()
    expect(page.get_by_test_id("iteration")).not_to_have_text("0", timeout=TRAIN_TIMEOUT_MS)
    page.evaluate(fault)

    notice = page.locator('[data-testid="notice"][data-subject="runtime"]')
    expect(notice).to_contain_text("your data and settings are kept", timeout=TRAIN_TIMEOUT_MS)
    expect(notice).to_contain_text("Python stopped responding, so the page ended it and started a fresh one.")
    expect(notice.locator("li")).to_contain_text("the runtime stopped responding and was restarted")  # the detail
    expect(notice).to_contain_text("The model you had lived in that Python and is gone")
    # A new untrained model is open: the counter is back at 0 and Train is ready.
    expect(page.get_by_test_id("status")).to_have_text("Python is running again.", timeout=TRAIN_TIMEOUT_MS)
    expect(page.locator("body")).to_have_attribute("data-training", "paused")
    expect(page.get_by_test_id("iteration")).to_have_text("0")
    expect(page.get_by_test_id("train")).to_have_text("Train")
    expect(page.get_by_test_id("train")).to_be_enabled()
    # One notice, nothing else: the failed step does not add a "Training stopped" of its own.
    expect(page.get_by_test_id("notice")).to_have_count(1)
    assert what_the_user_has(page) == before
    assert page.evaluate("() => window.pyml.sessionRows()") == len(page.evaluate("() => window.pyml.data.X"))
    assert pixels(page, "plot-canvas") == points  # the same points, drawn as before

    page.get_by_test_id("train").click()
    expect(page.get_by_test_id("iteration")).not_to_have_text("0", timeout=TRAIN_TIMEOUT_MS)
    page.get_by_test_id("train").click()  # pause
    expect(page.locator("body")).to_have_attribute("data-training", "paused")
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
