"""scikit-learn models in the playground: trained in CPython, converted with ``python -m pyml convert``,
loaded through "Load a model file", and predicting in the page what scikit-learn predicts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect
pytest.importorskip("sklearn")

from conftest import BOOT_TIMEOUT_MS, watch_errors  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "convert"
expect.set_options(timeout=15_000)


def estimators():
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC
    from sklearn.tree import DecisionTreeClassifier

    return [
        ("svc", SVC(C=3.0), "SVC", "svm"),
        (
            "scaled-logistic",
            make_pipeline(StandardScaler(), LogisticRegression(C=0.5)),
            "LogisticRegression",
            "logistic",
        ),
        ("tree", DecisionTreeClassifier(max_depth=4), "DecisionTreeClassifier", "tree"),
        (
            "mlp",
            MLPClassifier(
                hidden_layer_sizes=(8,), activation="tanh", solver="lbfgs", max_iter=300, random_state=0
            ),
            "MLPClassifier",
            "mlp",
        ),
    ]


def test_scikit_learn_models_converted_by_the_cli_load_and_predict_in_the_page(chromium, site, tmp_path):
    import joblib

    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(site + "index.html?dataset=moons&model=knn")
    expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=BOOT_TIMEOUT_MS)
    data = page.evaluate("() => window.pyml.data")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for name, estimator, pyml_class, model_key in estimators():
        estimator.fit(data["X"], data["y"])  # trained on the page's own training data
        joblib.dump(estimator, tmp_path / (name + ".joblib"))
        converted = tmp_path / (name + ".json")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pyml",
                "convert",
                str(tmp_path / (name + ".joblib")),
                "-o",
                str(converted),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert done.returncode == 0, done.stderr

        page.get_by_test_id("model-file").set_input_files(str(converted))
        expect(page.get_by_test_id("model-message")).to_contain_text(
            "Loaded %s from %s.json" % (pyml_class, name)
        )
        assert page.evaluate("() => window.pyml.state.model") == model_key
        predicted = page.evaluate("X => window.pyml.predict(X).then(r => r.y)", data["X_test"])
        assert predicted == estimator.predict(data["X_test"]).tolist()
        expect(page.get_by_test_id("metric-train-accuracy")).not_to_have_text("–")
        accuracy = page.evaluate("() => window.pyml.frame.metrics.train.accuracy")
        assert accuracy == pytest.approx(estimator.score(data["X"], data["y"]))
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / ("loaded-%s.png" % name)), full_page=True)
    context.close()
    assert errors == [], "console errors: %s" % errors
