"""The playground page (web/index.html) in Chromium, with pyml running in Pyodide.

Every test drives the page as a person would (controls found by data-testid, web-first
assertions that wait for a state, never fixed sleeps) and reads what it shows: the iteration
counter, the loss values, the canvases' pixels. Screenshots of the main states go to
test-artifacts/playground/.
"""

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

from conftest import BOOT_TIMEOUT_MS, watch_errors  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "playground"
TRAIN_TIMEOUT_MS = 60_000
# Two cores shared with Pyodide and other suites: give web-first assertions room under load.
expect.set_options(timeout=15_000)


# ---------------------------------------------------------------- helpers

def open_playground(chromium, site, query="", width=1400, height=1000, page_name="index.html", touch=False):
    context = chromium.new_context(viewport={"width": width, "height": height}, accept_downloads=True,
                                   has_touch=touch, is_mobile=touch)
    page = context.new_page()
    page.errors = watch_errors(page)
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(site + page_name + ("?" + query if query else ""))
    expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=BOOT_TIMEOUT_MS)
    return page


def close(page):
    errors = list(page.errors)
    page.context.close()
    assert errors == [], "console errors: %s" % errors


def shot(page, name, full_page=True):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / (name + ".png")), full_page=full_page)


def pixels(page, testid="heatmap"):
    """The canvas's pixels as a data URL (what a person sees there)."""
    return page.get_by_test_id(testid).evaluate("canvas => canvas.toDataURL()")


def step_to(page, iteration):
    """Press Step until the counter shows ``iteration``."""
    counter = page.get_by_test_id("iteration")
    while int(counter.text_content()) < iteration:
        before = int(counter.text_content())
        page.get_by_test_id("step").click()
        expect(counter).not_to_have_text(str(before), timeout=TRAIN_TIMEOUT_MS)


def new_session_then_step(page):
    """After a change that starts a new session: wait until it has (the counter shows 0), then Step.

    Without the wait, the previous session's counter would say the step was already taken.
    """
    expect(page.get_by_test_id("iteration")).to_have_text("0")
    step_to(page, 1)


def train_until_done(page):
    page.get_by_test_id("train").click()
    expect(page.locator("body")).to_have_attribute("data-training", "done", timeout=TRAIN_TIMEOUT_MS)


def state(page):
    return page.evaluate("() => window.pyml.state")


# ---------------------------------------------------------------- every family trains and draws

FAMILIES = [
    # (id, query, iterative: the loss falls over several steps)
    ("logistic", "dataset=xor&model=logistic&features=x1,x2,x1*x2&speed=fast", True),
    ("mlp", "dataset=spiral&model=mlp&hidden_layer_sizes=6,4&n_epochs=200&speed=fast", True),
    ("linear", "dataset=plane&model=linear&n_iter=200&speed=fast", True),
    ("svm", "dataset=moons&model=svm&iter_per_step=1&speed=fast", True),
    ("tree", "dataset=circles&model=tree&max_depth=6", True),
    ("kmeans", "dataset=blobs&classes=3&model=kmeans&n_clusters=3", True),
    ("knn", "dataset=moons&model=knn&n_neighbors=9", False),
    ("naive-bayes", "dataset=tshirts&model=nb", False),
    ("anomaly", "dataset=blobs&model=anomaly", False),
    ("pca", "dataset=housing&model=pca", False),
]

# What each iterative family's loss measures (the bridge's LOSSES), and whether a test loss comes with it.
LOSS_NAMES = {
    "logistic": ("cross-entropy", True),
    "mlp": ("cross-entropy", True),
    "linear": ("½ · mean squared error", True),
    "svm": ("dual objective", False),
    "tree": ("weighted gini impurity", False),
    "kmeans": ("inertia", False),
}


@pytest.mark.parametrize("family, query, iterative", FAMILIES, ids=[f[0] for f in FAMILIES])
def test_each_family_trains_and_the_plot_changes(chromium, site, family, query, iterative):
    page = open_playground(chromium, site, query)
    counter = page.get_by_test_id("iteration")
    expect(counter).to_have_text("0")
    canvas = "plot-canvas" if family == "pca" else "heatmap"
    blank = pixels(page, canvas)

    step_to(page, 1)
    first = pixels(page, canvas)
    assert first != blank, "the first step drew nothing"
    if iterative:
        step_to(page, 3)
        assert pixels(page, canvas) != first, "the plot did not change between steps"
        ticks = page.evaluate("() => window.pyml.lossTicks()")  # three points: no 1.5, 2.5 ...
        assert ticks and all(t == int(t) for t in ticks), ticks
        page.get_by_test_id("train").click()
        page.wait_for_function(
            "() => document.body.dataset.training === 'done'"
            " || Number(document.querySelector('[data-testid=iteration]').textContent) >= 20",
            timeout=TRAIN_TIMEOUT_MS)
        # Pause (a click that lands just after the end finds the button disabled: nothing to do).
        page.evaluate("() => document.body.dataset.training === 'running' && document.querySelector('[data-testid=train]').click()")
        expect(page.locator("body")).not_to_have_attribute("data-training", "running")
        losses = page.evaluate("() => window.pyml.losses()")
        assert int(counter.text_content()) >= 3
        assert len(losses) >= 3 and losses[-1] < losses[0], losses
        # The chart and the readout say what the loss measures; a test loss only where it is the same measure.
        name, has_test = LOSS_NAMES[family]
        expect(page.get_by_test_id("loss-chart")).to_have_attribute("aria-label", name + " over iterations")
        readout = page.get_by_test_id("loss-readout")
        expect(readout).to_contain_text(name[0].upper() + name[1:] + " on the training data ")
        assert ("on the test data" in readout.text_content()) == has_test, readout.text_content()
    else:
        # Models that fit in one go: done with their first step.
        expect(page.locator("body")).to_have_attribute("data-training", "done")
        expect(counter).to_have_text("1")
    shot(page, "family-" + family)
    close(page)


COUNT_PREDICTS = """() => {
  const runtime = window.pyml.runtime;
  const predict = runtime.predict.bind(runtime);
  window.predicts = 0;
  runtime.predict = (...args) => { window.predicts += 1; return predict(...args); };
}"""


def test_line_regression_draws_the_fitted_curve_from_its_frames(chromium, site):
    page = open_playground(chromium, site, "dataset=line&model=linear&n_iter=100&speed=fast")
    page.evaluate(COUNT_PREDICTS)
    before = pixels(page, "plot-canvas")
    train_until_done(page)
    assert pixels(page, "plot-canvas") != before
    assert page.evaluate("() => window.predicts") == 0, "the page asked for predictions instead of using the frames"
    curve = page.evaluate("""() => {
      const { grid } = window.pyml.frame;
      return { size: grid.size, values: Array.from(grid.values), x: window.pyml.extents.x };
    }""")
    assert curve["size"] == len(curve["values"]) == 120
    x0, x1 = curve["x"]
    ends = page.evaluate("(X) => window.pyml.predict(X).then(r => r.y)", [[x0], [x1]])
    assert [curve["values"][0], curve["values"][-1]] == pytest.approx(ends, rel=1e-5, abs=1e-5)
    close(page)


def test_naive_bayes_draws_each_class_gaussian(chromium, site):
    page = open_playground(chromium, site, "dataset=tshirts&model=nb")
    points_only = pixels(page, "plot-canvas")
    step_to(page, 1)
    readout = page.get_by_test_id("viz-naive-bayes")
    for size in ("S", "M", "L"):
        expect(readout).to_contain_text("class %s (prior" % size)
    expect(readout).to_contain_text("x1: ")
    assert pixels(page, "plot-canvas") != points_only, "no ellipses on the plot"
    shot(page, "naive-bayes")
    close(page)


def test_anomaly_detection_shows_the_density_and_the_epsilon_line(chromium, site):
    page = open_playground(chromium, site, "dataset=blobs&model=anomaly&epsilon=0.001")
    points_only = pixels(page, "plot-canvas")
    step_to(page, 1)
    expect(page.get_by_test_id("viz-anomaly")).to_contain_text("ε = 0.001")
    expect(page.get_by_test_id("viz-anomaly")).to_contain_text("μ = (")
    # The grid is log p(x): the threshold log ε lies inside its range, so the line is on the plot.
    low, high = page.evaluate("() => { const v = Array.from(window.pyml.frame.grid.values); "
                              "return [Math.min(...v), Math.max(...v)]; }")
    assert low < math.log(0.001) < high
    assert pixels(page, "plot-canvas") != points_only, "no threshold line or mean on the plot"
    shot(page, "anomaly")
    close(page)


def test_live_learning_rate_change_keeps_training(chromium, site):
    page = open_playground(chromium, site, "dataset=spiral&model=mlp&n_epochs=5000")
    step_to(page, 5)
    page.get_by_test_id("control-learning_rate").locator("select").select_option(label="0.1")
    expect(page.get_by_test_id("status")).to_contain_text("Learning rate is now 0.1")
    assert int(page.get_by_test_id("iteration").text_content()) == 5  # not reset
    step_to(page, 6)
    assert "learning_rate=0.1" in page.url
    close(page)


# ---------------------------------------------------------------- editing data

def test_click_adds_a_point_that_the_next_training_uses(chromium, site):
    page = open_playground(chromium, site, "dataset=moons&model=logistic")
    before = page.evaluate("() => window.pyml.data.train.length")
    rows_before = page.evaluate("() => window.pyml.sessionRows()")
    plot = page.get_by_test_id("plot")
    box = plot.bounding_box()
    page.get_by_test_id("control-pick").locator("select").select_option(index=1)
    image = pixels(page, "plot-canvas")
    plot.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.4})
    expect(page.get_by_test_id("status")).to_contain_text("Added a point")
    assert page.evaluate("() => window.pyml.data.train.length") == before + 1
    assert pixels(page, "plot-canvas") != image
    added = state(page)["added"]
    assert len(added) == 1 and added[0][2] == 1
    page.wait_for_function("n => window.pyml.sessionRows() === n", arg=rows_before + 1)
    step_to(page, 1)
    assert "X_train = np.vstack([X_train" in page.get_by_test_id("code").text_content()
    assert "added=" in page.url

    # Keyboard: focus the plot, move the cursor, Enter adds; Shift+click removes the nearest point.
    plot.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    assert len(state(page)["added"]) == 2
    shot(page, "points-added")
    close(page)


CSV_GOOD = "height,weight,size\n1.0,2.0,0\n1.5,1.8,0\n0.7,2.4,0\n1.2,2.2,0\n0.9,1.7,0\n3.0,0.5,1\n3.4,0.2,1\n2.8,0.9,1\n3.1,0.4,1\n3.6,0.7,1\n"
CSV_BAD = "a,b,c\n1,2,0\n3,4,1\n5,oops,1\n7,8\n"


def test_csv_paste_with_header_then_bad_rows_lose_nothing(chromium, site):
    page = open_playground(chromium, site)
    page.get_by_text("Paste or upload a CSV").click()
    page.get_by_test_id("csv-text").fill(CSV_GOOD)
    expect(page.get_by_test_id("csv-target").locator("option")).to_have_count(3)
    page.get_by_test_id("csv-load").click()
    message = page.get_by_test_id("csv-message")
    expect(message).to_contain_text("Loaded 10 rows with 2 input column(s); the target is size (classification)")
    assert state(page)["dataset"] == "csv"
    rows = page.evaluate("() => window.pyml.data.train.length + window.pyml.data.test.length")
    assert rows == 10
    assert "datasets.load_csv(CSV" in page.get_by_test_id("code").text_content()

    page.get_by_test_id("csv-text").fill(CSV_BAD)
    page.get_by_test_id("csv-load").click()
    expect(message).to_contain_text("The CSV was not loaded, and your current data is unchanged")
    expect(message).to_contain_text("line 4")
    expect(message).to_contain_text("'oops'")
    assert page.evaluate("() => window.pyml.data.train.length + window.pyml.data.test.length") == 10
    assert state(page)["csv"] == CSV_GOOD
    step_to(page, 1)  # the kept data still trains
    shot(page, "csv-loaded")
    close(page)


def test_csv_upload_with_a_chosen_target_column(chromium, site, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("size,height,weight\n0,160,55\n0,158,50\n1,175,72\n1,178,75\n2,185,90\n2,188,92\n0,161,53\n1,174,70\n")
    page = open_playground(chromium, site)
    page.get_by_text("Paste or upload a CSV").click()
    page.get_by_test_id("csv-file").set_input_files(str(path))
    expect(page.get_by_test_id("csv-message")).to_contain_text("Read people.csv")
    page.get_by_test_id("csv-target").select_option(label="size")
    page.get_by_test_id("csv-load").click()
    expect(page.get_by_test_id("csv-message")).to_contain_text("the target is size (classification)")
    assert "target=0" in page.url
    assert page.evaluate("() => window.pyml.data.X[0].length") == 2
    close(page)


def test_download_csv(chromium, site, tmp_path):
    page = open_playground(chromium, site, "dataset=tshirts&model=nb")
    with page.expect_download() as info:
        page.get_by_test_id("download-csv").click()
    path = tmp_path / "data.csv"
    info.value.save_as(path)
    lines = path.read_text().strip().splitlines()
    assert lines[0] == "height_cm,weight_kg,size" and len(lines) == 151
    close(page)


# ---------------------------------------------------------------- sharing

def test_shared_link_reopens_the_same_experiment(chromium, site):
    page = open_playground(chromium, site, "dataset=moons&model=svm")
    page.get_by_test_id("control-C").locator("select").select_option(label="3")
    page.get_by_test_id("feature-x1*x2").locator("input").check()
    page.get_by_test_id("show-test").check()
    page.get_by_test_id("control-seed").locator("input").fill("5")
    page.get_by_test_id("control-seed").locator("input").press("Enter")
    page.wait_for_function("() => document.querySelector('[data-testid=share-url]').value.includes('seed=5')")
    link = page.get_by_test_id("share-url").input_value()
    query = parse_qs(urlsplit(link).query)
    assert query["C"] == ["3"] and query["features"] == ["x1,x2,x1*x2"] and query["showTest"] == ["true"]
    first_state = state(page)
    first_data = page.evaluate("() => window.pyml.data.X")
    code = page.get_by_test_id("code").text_content()

    other = open_playground(chromium, site, urlsplit(link).query)
    assert state(other) == first_state
    assert other.evaluate("() => window.pyml.data.X") == first_data
    assert other.get_by_test_id("code").text_content() == code
    expect(other.get_by_test_id("show-test")).to_be_checked()
    expect(other.get_by_test_id("control-C").locator("select")).to_have_value(
        page.get_by_test_id("control-C").locator("select").input_value())
    close(other)
    close(page)


def test_tampered_link_is_rejected_safely(chromium, site):
    query = ("model=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&n=-5&test=-20&dataset=spiral"
             "&hidden_layer_sizes=-3&learning_rate=%3Cscript%3Ealert(2)%3C%2Fscript%3E&foo=bar"
             "&added=1,2,%3Cb%3E&csv=%22%22%22%0Aimport%20os")
    page = open_playground(chromium, site, query)
    notices = page.get_by_test_id("notice")
    expect(notices.first).to_be_visible()
    text = " ".join(notices.all_text_contents())
    for fragment in ('Ignored "model=<img src=x onerror=alert(1)>"', 'Ignored "n=-5"', 'Ignored "test=-20"',
                     'Ignored "hidden_layer_sizes=-3"', 'Ignored "foo=bar": unknown setting', 'Ignored "added='):
        assert fragment in text, (fragment, text)
    assert page.locator("img[src=x]").count() == 0 and page.locator(".notices script, .notices b").count() == 0
    assert page.dialogs == []
    s = state(page)
    assert s["model"] == "mlp" and s["n"] is None and s["test"] == 20 and s["added"] == [] and s["params"] == {}
    assert s["csv"] == "" and "csv=" not in page.get_by_test_id("share-url").input_value()
    step_to(page, 1)  # the page still works
    shot(page, "tampered-link")
    close(page)


# ---------------------------------------------------------------- the Python panel really runs

def test_generated_code_gives_the_page_predictions_in_cpython(chromium, site):
    page = open_playground(chromium, site, "dataset=moons&model=mlp&hidden_layer_sizes=5&n_epochs=60&features=x1,x2,x1^2&added=0.5,0.5,1")
    train_until_done(page)
    X = page.evaluate("() => window.pyml.data.X_test")
    page_y = page.evaluate("X => window.pyml.predict(X).then(r => r.y)", X)
    code = page.get_by_test_id("code").text_content()
    assert code == page.evaluate("() => window.pyml.code()")
    code += "\nimport json\nprint('JSON', json.dumps(model.predict(features(X_test)).tolist()))\n"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    line = [line for line in done.stdout.splitlines() if line.startswith("JSON ")][-1]
    assert json.loads(line[5:]) == page_y
    shot(page, "code-panel")
    close(page)


def test_run_here_prints_what_the_program_prints_in_cpython(chromium, site):
    page = open_playground(chromium, site, "dataset=moons&model=logistic&seed=3")
    code = page.get_by_test_id("code").text_content()
    page.get_by_test_id("run-code").click()
    expect(page.get_by_test_id("code-run")).to_have_attribute("data-state", "done", timeout=BOOT_TIMEOUT_MS)
    expect(page.get_by_test_id("code-run-state")).to_contain_text("Ran in this tab")
    printed = page.get_by_test_id("code-output").text_content()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    accuracy = [line for line in done.stdout.splitlines() if "accuracy" in line]
    assert len(accuracy) == 2 and accuracy == [line for line in printed.splitlines() if "accuracy" in line]
    shot(page, "code-run")
    close(page)


# ---------------------------------------------------------------- model files

def test_model_download_then_upload_predicts_the_same(chromium, site, tmp_path):
    page = open_playground(chromium, site, "dataset=circles&model=mlp&hidden_layer_sizes=6&n_epochs=80")
    train_until_done(page)
    X = page.evaluate("() => window.pyml.data.X")
    first = page.evaluate("X => window.pyml.predict(X).then(r => r.y)", X)
    with page.expect_download() as info:
        page.get_by_test_id("download-model").click()
    path = tmp_path / "model.json"
    info.value.save_as(path)
    assert json.loads(path.read_text())["class"] == "MLPClassifier"
    close(page)

    fresh = open_playground(chromium, site, "dataset=circles&model=logistic")
    fresh.get_by_test_id("model-file").set_input_files(str(path))
    expect(fresh.get_by_test_id("model-message")).to_contain_text("Loaded MLPClassifier from model.json")
    assert state(fresh)["model"] == "mlp"
    assert fresh.evaluate("X => window.pyml.predict(X).then(r => r.y)", X) == first
    expect(fresh.get_by_test_id("metric-train-accuracy")).not_to_have_text("–")
    shot(fresh, "model-loaded")

    not_model = tmp_path / "notes.json"
    not_model.write_text('{"hello": "world"}')
    fresh.get_by_test_id("model-file").set_input_files(str(not_model))
    expect(fresh.get_by_test_id("model-message")).to_contain_text("notes.json was not loaded, and nothing on the page changed")
    expect(fresh.get_by_test_id("model-message")).to_contain_text("not a pyml model file")
    close(fresh)


def test_model_trained_in_cpython_loads_in_the_page(chromium, site, tmp_path):
    import pyml
    X, y = pyml.datasets.moons(n_samples=200, noise=0.1, random_state=1)
    model = pyml.LogisticRegression(n_iter=300, learning_rate=0.3).fit(X, y)
    path = tmp_path / "cpython-model.json"
    path.write_text(pyml.save(model))
    page = open_playground(chromium, site, "dataset=moons&model=logistic")
    page.evaluate(COUNT_PREDICTS)
    page.get_by_test_id("model-file").set_input_files(str(path))
    expect(page.get_by_test_id("model-message")).to_contain_text("Loaded LogisticRegression")
    # Its metrics on the page's data come with its frame, as a trained model's do: no recount.
    expect(page.get_by_test_id("confusion")).to_contain_text("test data")
    data = page.evaluate("() => window.pyml.data")
    metrics = page.evaluate("() => window.pyml.frame.metrics")
    assert metrics["test"]["confusion"] == pyml.metrics.confusion_matrix(
        data["y_test"], model.predict(data["X_test"]), labels=model.classes_).tolist()
    assert metrics["train"]["accuracy"] == pytest.approx(model.score(data["X"], data["y"]))
    assert page.evaluate("() => window.predicts") == 0
    rows = data["X"]
    assert page.evaluate("X => window.pyml.predict(X).then(r => r.y)", rows) == model.predict(rows).tolist()
    close(page)


# ---------------------------------------------------------------- layout, keyboard, screen readers

def test_phone_width_layout_touch_and_keyboard(chromium, site):
    page = open_playground(chromium, site, "dataset=spiral&model=mlp", width=390, height=844, touch=True)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    expect(page.get_by_test_id("plot")).to_be_visible()
    # A tap on the plot adds a point, as a click does.
    box = page.get_by_test_id("plot").bounding_box()
    page.get_by_test_id("plot").tap(position={"x": box["width"] * 0.6, "y": box["height"] * 0.3})
    expect(page.get_by_test_id("status")).to_contain_text("Added a point")
    # Every form control has an accessible name.
    unnamed = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea, button')]
        .filter(el => !el.closest('[hidden], [data-hidden-by-url]'))
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim()
                      && !el.closest('label'))
        .map(el => el.outerHTML.slice(0, 80))""")
    assert unnamed == []
    page.get_by_test_id("train").focus()
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_have_attribute("data-training", "running")
    page.keyboard.press("Enter")
    expect(page.locator("body")).not_to_have_attribute("data-training", "running")
    shot(page, "phone")
    close(page)


def test_main_states_screenshots(chromium, site):
    page = open_playground(chromium, site, "dataset=spiral&model=mlp&hidden_layer_sizes=8,6&features=x1,x2,x1*x2,sin(x1),sin(x2)&speed=fast&showTest=true")
    shot(page, "start")
    page.get_by_test_id("train").click()
    page.wait_for_function("() => Number(document.querySelector('[data-testid=iteration]').textContent) >= 150",
                           timeout=TRAIN_TIMEOUT_MS)
    page.get_by_test_id("train").click()
    expect(page.locator("body")).not_to_have_attribute("data-training", "running")
    shot(page, "mlp-training")
    page.get_by_test_id("compare").check()
    page.get_by_test_id("reset").click()
    expect(page.get_by_test_id("iteration")).to_have_text("0")
    page.get_by_test_id("control-learning_rate").locator("select").select_option(label="0.3")
    page.get_by_test_id("train").click()
    page.wait_for_function("() => Number(document.querySelector('[data-testid=iteration]').textContent) >= 100",
                           timeout=TRAIN_TIMEOUT_MS)
    page.get_by_test_id("train").click()
    expect(page.locator(".u-legend")).to_contain_text("run 1 (learning rate 0.03)")
    shot(page, "compare-runs")
    close(page)


def test_switching_data_and_models_through_the_controls(chromium, site):
    # The link names the network and features, so the spiral's suggested ones (datasets.js) stay out.
    page = open_playground(chromium, site, "dataset=spiral&model=mlp&hidden_layer_sizes=4,2&features=x1,x2")
    page.get_by_test_id("control-dataset").locator("select").select_option(label="Plane (2-D regression)")
    expect(page.get_by_test_id("code")).to_contain_text("pyml.MLPRegressor(")
    step_to(page, 1)
    expect(page.get_by_test_id("metric-train-rmse")).not_to_have_text("–")
    page.get_by_test_id("control-model").locator("select").select_option(label="k nearest neighbours")
    expect(page.get_by_test_id("code")).to_contain_text("pyml.KNeighborsRegressor(n_neighbors=5")
    new_session_then_step(page)
    page.get_by_test_id("control-dataset").locator("select").select_option(label="T-shirt sizes (height, weight → S/M/L)")
    expect(page.get_by_test_id("code")).to_contain_text("pyml.KNeighborsClassifier(")
    new_session_then_step(page)
    expect(page.get_by_test_id("confusion")).to_contain_text("S")
    page.get_by_test_id("control-model").locator("select").select_option(label="Neural network (MLP)")
    page.get_by_test_id("add-layer").click()
    expect(page.get_by_test_id("layers-summary")).to_have_text("Hidden layers: 4, 2, 2")
    expect(page.get_by_test_id("add-layer")).to_be_focused()
    page.get_by_test_id("add-neuron-3").click()
    expect(page.get_by_test_id("layers-summary")).to_have_text("Hidden layers: 4, 2, 3")
    assert "hidden_layer_sizes=4%2C2%2C3" in page.url or "hidden_layer_sizes=4,2,3" in page.url
    step_to(page, 2)
    page.get_by_test_id("control-dataset").locator("select").select_option(label="Line (1-D regression)")
    expect(page.get_by_test_id("code")).to_contain_text("datasets.line(")
    new_session_then_step(page)
    expect(page.get_by_test_id("discretize")).to_be_hidden()  # it bands class probabilities only
    page.get_by_test_id("control-noise").locator("input").fill("1.2")
    page.get_by_test_id("control-noise").locator("input").dispatch_event("change")
    expect(page.get_by_test_id("code")).to_contain_text("noise=1.2")
    new_session_then_step(page)
    shot(page, "line-regression")
    close(page)


def test_hovering_a_neuron_shows_its_output_in_the_main_plot(chromium, site):
    page = open_playground(chromium, site, "dataset=circles&model=mlp&hidden_layer_sizes=4,2")
    step_to(page, 5)
    regions = pixels(page)
    neuron = page.get_by_test_id("viz-network").get_by_test_id("neuron-1-0")
    neuron.hover()
    expect(page.get_by_test_id("status")).to_contain_text("Showing the output of neuron 1 of layer 1")
    assert pixels(page) != regions
    page.get_by_test_id("iteration").hover()  # the pointer leaves the diagram
    expect(page.get_by_test_id("status")).not_to_contain_text("Showing the output")
    assert pixels(page) == regions
    close(page)


# ---------------------------------------------------------------- the first minute (issue 18)

def test_train_goes_on_after_the_run_reaches_its_count(chromium, site):
    page = open_playground(chromium, site, "dataset=moons&model=mlp&hidden_layer_sizes=5&n_epochs=30&speed=fast")
    train_until_done(page)
    counter, train = page.get_by_test_id("iteration"), page.get_by_test_id("train")
    expect(counter).to_have_text("30")
    expect(train).to_have_text("Train more")
    expect(train).to_be_enabled()
    losses = page.evaluate("() => window.pyml.losses()")
    # A setting that keeps the network's shape applies to this model; Train stays on offer.
    page.get_by_test_id("control-learning_rate").locator("select").select_option(label="0.01")
    expect(page.get_by_test_id("status")).to_contain_text("Learning rate is now 0.01: it applies to this model")
    expect(train).to_be_enabled()
    train.click()
    expect(counter).to_have_text("60", timeout=TRAIN_TIMEOUT_MS)
    expect(page.locator("body")).to_have_attribute("data-training", "done")
    # The same run went on: its first 30 losses are still the curve's start, and the count is the link's.
    assert page.evaluate("() => window.pyml.losses()")[:30] == losses[:30]
    assert state(page)["params"]["n_epochs"] == 60 and "n_epochs=60" in page.url
    expect(page.get_by_test_id("code")).to_contain_text("n_epochs=60")
    close(page)


def test_a_converged_run_trains_again_when_a_setting_changes(chromium, site):
    page = open_playground(chromium, site, "dataset=moons&model=logistic&solver=lbfgs")
    train_until_done(page)
    train = page.get_by_test_id("train")
    expect(train).to_be_disabled()
    expect(page.get_by_test_id("status")).to_contain_text("Converged after")
    page.get_by_test_id("control-l2").locator("select").select_option(label="0.1")
    expect(page.get_by_test_id("iteration")).to_have_text("0")
    expect(train).to_be_enabled()
    train_until_done(page)
    close(page)


def test_a_diverged_run_says_so_once_and_offers_the_fix(chromium, site):
    page = open_playground(chromium, site, "dataset=line&model=linear&learning_rate=10&speed=slow")
    page.get_by_test_id("train").click()
    expect(page.locator("body")).to_have_attribute("data-training", "error", timeout=TRAIN_TIMEOUT_MS)
    notices = page.get_by_test_id("notice")
    expect(notices).to_have_count(1)
    counter = page.get_by_test_id("iteration").text_content()
    assert int(counter) > 1
    expect(notices).to_contain_text("Training diverged at iteration %s:" % counter)
    assert "diverged" not in page.get_by_test_id("status").text_content()
    page.get_by_test_id("speed").select_option("fast")
    fix = page.get_by_test_id("notice-action")
    expect(fix).to_have_text("Train again with learning rate 1")
    fix.click()
    expect(notices).to_have_count(0)
    assert state(page)["params"]["learning_rate"] == 1
    expect(page.locator("body")).to_have_attribute("data-training", "done", timeout=TRAIN_TIMEOUT_MS)
    close(page)


@pytest.mark.parametrize("query, shows", [
    ("dataset=plane&model=pca&n_components=2", "variance-explained"),
    ("dataset=moons&model=knn", "model-summary"),
    ("dataset=tshirts&model=nb", "model-summary"),
])
def test_models_fitted_in_one_go_show_what_they_did_not_an_empty_loss_chart(chromium, site, query, shows):
    page = open_playground(chromium, site, query)
    page.get_by_test_id("step").click()
    expect(page.locator("body")).to_have_attribute("data-training", "done")
    expect(page.get_by_test_id("loss-chart")).to_be_hidden()
    expect(page.get_by_test_id(shows)).to_be_visible()
    if "pca" in query:
        ratios = page.evaluate("() => window.pyml.frame.view.explained_variance_ratio")
        expect(page.get_by_test_id("variance-explained")).to_contain_text("PC1%.1f%%" % (100 * ratios[0]))
        expect(page.get_by_test_id("variance-explained")).to_contain_text("100.0%")
        expect(page.get_by_test_id("metrics")).to_be_hidden()
    close(page)


def test_anomaly_detection_counts_its_flags_and_scores_them_on_labelled_data(chromium, site):
    rows = ["x1,x2,anomaly"] + ["%.2f,%.2f,0" % (0.1 * (i % 7), 0.1 * (i % 5)) for i in range(40)]
    rows += ["4,4,1", "-3,5,1", "5,-4,1"]
    query = "dataset=csv&model=anomaly&epsilon=0.001&test=0&csv=" + quote("\n".join(rows))
    page = open_playground(chromium, site, query)
    page.get_by_test_id("step").click()
    count = page.get_by_test_id("anomaly-count")
    expect(count).to_contain_text("of 43 training points")
    flagged = page.evaluate("() => window.pyml.predict(window.pyml.data.X).then(r => r.y)")
    expect(count).to_contain_text("Flagged as anomalies (p(x) < ε): %d of 43" % sum(flagged))
    import pyml
    y = [int(r.split(",")[2]) for r in rows[1:]]
    p, r, f1 = pyml.metrics.precision_recall_f1(y, flagged)
    expect(page.get_by_test_id("anomaly-scores")).to_have_text(
        'Taking label 1 as "anomaly": precision %.2f, recall %.2f, F1 %.2f.' % (p, r, f1))
    expect(page.get_by_test_id("loss-chart")).to_be_hidden()
    close(page)


def test_svm_shows_its_support_vectors_and_kmeans_its_clusters(chromium, site):
    page = open_playground(chromium, site, "dataset=moons&model=svm&speed=fast")
    train_until_done(page)
    n_support = len(page.evaluate("() => window.pyml.frame.view.support"))
    n_train = page.evaluate("() => window.pyml.data.X.length")
    expect(page.get_by_test_id("metric-train-support-vectors")).to_have_text("%d of %d" % (n_support, n_train))
    expect(page.get_by_test_id("metrics")).not_to_contain_text("loss")
    close(page)

    page = open_playground(chromium, site, "dataset=blobs&classes=3&model=kmeans&n_clusters=4")
    legend = page.get_by_test_id("legend")
    train_until_done(page)
    for k in range(1, 5):
        expect(legend).to_contain_text("cluster %d" % k)
    expect(legend).not_to_contain_text("class 0")
    close(page)


def test_compare_runs_labels_each_run_with_what_it_trained_with(chromium, site):
    page = open_playground(chromium, site, "dataset=moons&model=mlp&hidden_layer_sizes=4&n_epochs=20&speed=fast")
    page.get_by_test_id("compare").check()
    counter = page.get_by_test_id("iteration")
    step_to(page, 2)
    page.get_by_test_id("control-learning_rate").locator("select").select_option(label="0.003")  # live
    step_to(page, 4)
    page.get_by_test_id("control-activation").locator("select").select_option(label="relu")  # a new run
    expect(counter).to_have_text("0")
    step_to(page, 2)
    page.get_by_test_id("control-activation").locator("select").select_option(label="sigmoid")
    expect(counter).to_have_text("0")
    legend = page.locator(".u-legend")
    expect(legend).to_contain_text("run 1 (activation tanh, learning rate 0.03→0.003)")
    expect(legend).to_contain_text("run 2 (activation relu)")
    expect(legend).not_to_contain_text("same settings")
    # The legend grows with the runs; the read-out below it stays clear of it.
    box = legend.bounding_box()
    readout = page.get_by_test_id("loss-readout").bounding_box()
    assert box["y"] + box["height"] <= readout["y"] + 1
    close(page)


def test_notices_one_per_subject_dismissable_and_never_over_the_plot(chromium, site):
    page = open_playground(chromium, site, "dataset=spiral&model=svm")
    notices = page.get_by_test_id("notice")
    dataset = page.get_by_test_id("control-dataset").locator("select")
    dataset.select_option(label="Plane (2-D regression)")
    expect(notices).to_have_count(1)
    expect(notices).to_contain_text("Support vector machine does not fit regression data; switched to Linear regression")
    dataset.select_option(label="Moons")
    expect(notices).to_contain_text("Linear regression does not fit classification data; switched to Logistic regression")
    expect(notices).to_have_count(1)
    plot = page.get_by_test_id("plot").bounding_box()
    note = notices.bounding_box()
    assert note["y"] + note["height"] <= plot["y"] or note["y"] >= plot["y"] + plot["height"]
    notices.get_by_role("button", name="Dismiss this notice").click()
    expect(notices).to_have_count(0)
    close(page)


def test_irrelevant_switches_are_hidden(chromium, site):
    page = open_playground(chromium, site, "dataset=plane&model=linear&test=0")
    expect(page.get_by_test_id("discretize")).to_be_hidden()
    expect(page.get_by_test_id("show-test")).to_be_hidden()
    page.get_by_test_id("control-dataset").locator("select").select_option(label="Moons")
    expect(page.get_by_test_id("discretize")).to_be_visible()
    page.evaluate("() => window.pyml.useCSV('a,b,c\\n1,2,0\\n2,3,1\\n3,1,0\\n4,4,1\\n', -1, 'auto')")
    expect(page.get_by_test_id("regenerate")).to_have_count(0)
    close(page)


def _load_csv_reads_class_names():
    import pyml
    try:
        pyml.datasets.load_csv("a,b\n1,x\n2,y\n")
    except ValueError:
        return False
    return True


@pytest.mark.skipif(not _load_csv_reads_class_names(), reason="pyml.datasets.load_csv reads numbers only")
def test_csv_with_class_names_trains_and_shows_the_names(chromium, site, tmp_path):
    rows = ["sepal_length,petal_length,species"]
    for name, (a, b) in (("setosa", (5.0, 1.4)), ("versicolor", (6.0, 4.2)), ("virginica", (6.6, 5.6))):
        rows += ["%.1f,%.1f,%s" % (a + 0.1 * (i % 5), b + 0.1 * (i % 4), name) for i in range(15)]
    page = open_playground(chromium, site, "model=logistic")
    assert page.evaluate("(t) => window.pyml.useCSV(t, -1, 'auto')", "\n".join(rows))
    train_until_done(page)
    for name in ("setosa", "versicolor", "virginica"):
        expect(page.get_by_test_id("legend")).to_contain_text(name)
        expect(page.get_by_test_id("confusion")).to_contain_text(name)
        expect(page.get_by_test_id("code")).to_contain_text(name)
    with page.expect_download() as info:
        page.get_by_test_id("download-model").click()
    path = tmp_path / "iris.json"
    info.value.save_as(path)
    import pyml
    assert pyml.load(path.read_text()).classes_.tolist() == ["setosa", "versicolor", "virginica"]
    close(page)


def test_the_python_panel_links_the_wheel_it_says_to_install(chromium, site):
    page = open_playground(chromium, site)
    link = page.get_by_test_id("wheel-link")
    expect(link).to_have_attribute("href", re.compile(r"wheels/pyml_playground-.+\.whl$"))
    href = link.get_attribute("href")
    assert page.evaluate("(href) => fetch(href).then(r => r.status)", href) == 200
    expect(link).to_have_text(href.split("/")[-1])
    close(page)
