"""The playground against hostile and broken input: nothing a user loads or types loses their work.

Each test feeds the page something bad (a file that is not a model, a model that does not fit the
data or carries settings out of the page's ranges, link keys named like Object's properties,
points at 1e308), then asserts the message that names what was wrong, that nothing the user had
changed (model, settings, data, URL, counter, chart, predictions) and that the page still trains.
"""

import json

import numpy as np
import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

from test_playground import TRAIN_TIMEOUT_MS, close, open_playground, state, train_until_done  # noqa: E402

expect.set_options(timeout=15_000)

QUERY = "dataset=moons&model=mlp&hidden_layer_sizes=5&n_epochs=40&speed=fast"


def snapshot(page):
    """What the user has: settings, URL, data, counter, losses, predictions and the heatmap."""
    X = page.evaluate("() => window.pyml.data.X")
    return {
        "state": state(page),
        "url": page.url,
        "data": page.evaluate("() => window.pyml.data.X.concat(window.pyml.data.X_test)"),
        "counter": page.get_by_test_id("iteration").text_content(),
        "losses": page.evaluate("() => window.pyml.losses()"),
        "predictions": page.evaluate("X => window.pyml.predict(X).then(r => r.y)", X),
        "heatmap": page.get_by_test_id("heatmap").evaluate("canvas => canvas.toDataURL()"),
        "training": page.locator("body").get_attribute("data-training"),
    }


def still_trains(page):
    """Reset, then Train: the counter moves on and the run finishes."""
    page.get_by_test_id("reset").click()
    expect(page.get_by_test_id("iteration")).to_have_text("0")
    expect(page.get_by_test_id("train")).to_be_enabled()
    page.get_by_test_id("train").click()
    expect(page.get_by_test_id("iteration")).not_to_have_text("0", timeout=TRAIN_TIMEOUT_MS)


def load_file(page, tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    page.get_by_test_id("model-file").set_input_files(str(path))


def trained_page(chromium, site):
    page = open_playground(chromium, site, QUERY)
    train_until_done(page)
    return page, snapshot(page)


def test_a_file_that_is_not_a_model_changes_nothing(chromium, site, tmp_path):
    page, before = trained_page(chromium, site)
    load_file(page, tmp_path, "notes.json", '{"hello": "world"}')
    message = page.get_by_test_id("model-message")
    expect(message).to_contain_text("notes.json was not loaded, and nothing on the page changed")
    expect(message).to_contain_text("not a pyml model file")
    assert snapshot(page) == before
    # Download still gives the trained model, with the predictions the page shows.
    with page.expect_download() as info:
        page.get_by_test_id("download-model").click()
    saved = tmp_path / "saved.json"
    info.value.save_as(saved)
    import pyml
    model = pyml.load(saved.read_text())
    assert model.n_iter_ == int(before["counter"])
    X = page.evaluate("() => window.pyml.data.X")
    assert model.predict(X).tolist() == before["predictions"]
    still_trains(page)
    close(page)


def test_a_model_for_other_features_or_classes_is_refused_naming_the_difference(chromium, site, tmp_path):
    import pyml
    page, before = trained_page(chromium, site)
    X, y = pyml.datasets.moons(n_samples=100, noise=0.1, random_state=3)
    crossed = np.column_stack([X, X[:, 0] * X[:, 1]])
    wide = pyml.MLPClassifier(hidden_layer_sizes=(3,), n_epochs=3, random_state=0).fit(crossed, y)
    load_file(page, tmp_path, "wide.json", pyml.save(wide))
    message = page.get_by_test_id("model-message")
    expect(message).to_contain_text("wide.json was not loaded, and nothing on the page changed")
    expect(message).to_contain_text("trained on 3 input feature(s), but the page's data gives 2 (the raw columns)")
    assert snapshot(page) == before

    three = pyml.MLPClassifier(hidden_layer_sizes=(3,), n_epochs=3, random_state=0).fit(X, np.arange(100) % 3)
    load_file(page, tmp_path, "three.json", pyml.save(three))
    expect(message).to_contain_text("three.json was not loaded")
    expect(message).to_contain_text("knows the classes 0, 1, 2, but the page's data has the classes 0, 1")
    assert snapshot(page) == before

    regressor = pyml.LinearRegression(n_iter=5).fit(X, y.astype(float))
    load_file(page, tmp_path, "regressor.json", pyml.save(regressor))
    expect(message).to_contain_text("it holds a LinearRegression, a regression model, but the page's data is for classification")
    assert snapshot(page) == before
    still_trains(page)
    close(page)


def test_settings_in_a_file_go_through_the_links_ranges(chromium, site, tmp_path):
    import pyml
    page, before = trained_page(chromium, site)
    X, y = pyml.datasets.moons(n_samples=100, noise=0.1, random_state=3)
    document = json.loads(pyml.save(pyml.MLPClassifier(hidden_layer_sizes=(5,), n_epochs=3, random_state=0).fit(X, y)))
    # Beyond what pyml itself allows: pyml.load refuses the file.
    document["params"]["learning_rate"] = 1e6
    load_file(page, tmp_path, "wild.json", json.dumps(document))
    message = page.get_by_test_id("model-message")
    expect(message).to_contain_text("wild.json was not loaded, and nothing on the page changed")
    expect(message).to_contain_text("params.learning_rate must be > 0 and <= 100, got 1000000")
    assert snapshot(page) == before
    # Within pyml's range but beyond the page's (a link could not carry it): the page refuses it.
    document["params"]["learning_rate"] = 0.01
    document["params"]["n_epochs"] = 500000
    load_file(page, tmp_path, "long.json", json.dumps(document))
    expect(message).to_contain_text("long.json was not loaded, and nothing on the page changed")
    expect(message).to_contain_text("n_epochs=500000 (must be at most 100000)")
    assert snapshot(page) == before
    # The same file within range loads, and its settings become the page's.
    document["params"]["n_epochs"] = 3
    load_file(page, tmp_path, "tame.json", json.dumps(document))
    expect(message).to_contain_text("Loaded MLPClassifier from tame.json")
    assert state(page)["params"]["learning_rate"] == 0.01
    assert "learning_rate=0.01" in page.url
    still_trains(page)
    close(page)


def test_link_keys_named_like_object_properties_are_reported_as_typed(chromium, site):
    page = open_playground(chromium, site, "__proto__=1&constructor=2&toString=3&" + QUERY)
    notice = page.get_by_test_id("notice")
    for key, value in (("__proto__", 1), ("constructor", 2), ("toString", 3)):
        expect(notice).to_contain_text('Ignored "%s=%d": unknown setting.' % (key, value))
    expect(notice).not_to_contain_text("[object Object]")
    expect(notice).not_to_contain_text("native code")
    assert state(page)["model"] == "mlp"
    still_trains(page)
    close(page)


def test_points_beyond_the_plane_from_a_link_are_refused_and_the_page_trains(chromium, site):
    page = open_playground(chromium, site, "added=1e308,1e308,0&" + QUERY)
    expect(page.get_by_test_id("notice")).to_contain_text(
        'Ignored "added=1e308,1e308,0": coordinates and targets must be numbers between -1e9 and 1e9.')
    assert state(page)["added"] == []
    train_until_done(page)
    assert page.evaluate("() => window.pyml.frame.metrics.train.accuracy") > 0.5
    still_trains(page)
    close(page)
