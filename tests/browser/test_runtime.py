"""pyml in a real Chromium: Pyodide boots in a worker, trains from JSON configs, and fails clearly.

The page is web/runtime-test.html (a bare page over web/js/runtime.js); the tests drive its
``window.harness`` and wait on its data-testid elements.
"""

import gzip
import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pytest

import pyml
from pyml import datasets

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

ROOT = Path(__file__).resolve().parents[2]

TRAIN = """async ({ config, options }) => {
  await harness.train(config, options);
  const frame = await harness.training.finished;
  return { iteration: frame.iteration, done: frame.done };
}"""

# The frames so far, as plain JSON (grids as lists).
FRAMES = """() => harness.frames.map((f) => ({
  ...f, grid: f.grid && { size: f.grid.size, values: Array.from(f.grid.values), type: f.grid.values.constructor.name },
}))"""

# Wait n animation frames in the page and say how many training frames arrived meanwhile.
QUIET = """async (n) => {
  const before = harness.frames.length;
  for (let i = 0; i < n; i += 1) await new Promise((resolve) => requestAnimationFrame(resolve));
  return harness.frames.length - before;
}"""


def close(actual, expected):
    np.testing.assert_allclose(np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=1e-6, atol=1e-6)


def check_frames_in_order(frames, n_iter):
    """Frames in order, every step reported once, the last one done."""
    steps = [step for frame in frames for step in frame["steps"]]
    assert [s["iteration"] for s in steps] == list(range(1, n_iter + 1))
    assert all(f["steps"] for f in frames) and [f["iteration"] for f in frames] == sorted(set(f["iteration"] for f in frames))
    # The last step reached n_iter: its own frame says done.
    assert frames[-1]["done"] and frames[-1]["iteration"] == n_iter and not any(f["done"] for f in frames[:-1])
    losses = [s["loss"] for s in steps]
    assert all(b <= a + 1e-12 for a, b in zip(losses, losses[1:])), "the loss must decrease at every step"
    assert losses[-1] < losses[0] / 2
    return losses


def grid_points(extent, size):
    gx, gy = np.meshgrid(np.linspace(*extent["x"], size), np.linspace(*extent["y"], size))
    return np.column_stack([gx.ravel(), gy.ravel()])


# ---------------------------------------------------------------- boot

def test_page_boots_in_stages_and_shows_the_versions(runtime_page):
    statuses = runtime_page.evaluate("harness.statuses.map((s) => s.message)")
    assert statuses == ["loading Python", "loading numpy", "installing pyml", "ready"]
    expect(runtime_page.get_by_test_id("versions")).to_have_text(
        re.compile(r"^pyml %s, Python 3\.8\.2, numpy 1\.17\.5, Pyodide 0\.17\.\d+$" % re.escape(pyml.__version__))
    )
    info = runtime_page.evaluate("harness.runtime.info")
    assert info["profile"] == "bundled" and info["protocol"] == 1
    expect(runtime_page.get_by_test_id("error")).to_be_hidden()


# ---------------------------------------------------------------- training, compared with CPython

def test_linear_regression_trains_in_order_and_predicts_like_cpython(runtime_page):
    rng = np.random.default_rng(7)
    X = rng.uniform(-3, 3, (80, 2))
    y = X @ np.array([1.5, -2.0]) + 0.5 + 0.3 * rng.normal(size=80)
    params = {"learning_rate": 0.05, "n_iter": 400, "l2": 0.1}
    data = {"X": X[:60].tolist(), "y": y[:60].tolist(), "X_test": X[60:].tolist(), "y_test": y[60:].tolist()}
    config = json.loads(json.dumps({"model": "LinearRegression", "params": params, "data": data}))

    result = runtime_page.evaluate(TRAIN, {"config": config, "options": {"maxSteps": 25}})
    assert result == {"iteration": 400, "done": True}
    frames = runtime_page.evaluate(FRAMES)
    losses = check_frames_in_order(frames, 400)
    assert len(frames) >= 16  # at most 25 steps a frame

    # With a penalty (l2 > 0), each step's loss is the data cost ½·MSE, as the test loss is.
    model = pyml.LinearRegression(**params)
    data_costs = [np.mean((model.predict(X[:60]) - y[:60]) ** 2) / 2 for _ in model.fit_iter(X[:60], y[:60])]
    close(losses, data_costs)
    assert losses[-1] < model.loss_curve_[-1]  # the cost J without its penalty
    predicted = runtime_page.evaluate("(X) => harness.training.predict(X)", X[60:].tolist())
    close(predicted["y"], model.predict(X[60:]))
    last = frames[-1]
    close(last["metrics"]["test"]["r2"], model.score(X[60:], y[60:]))
    close(last["test_loss"], np.mean((model.predict(X[60:]) - y[60:]) ** 2) / 2)
    assert last["view"]["kind"] == "linear"
    close(last["view"]["coef"], model.coef_)
    expect(runtime_page.get_by_test_id("training-state")).to_have_text("done")
    expect(runtime_page.get_by_test_id("iteration")).to_have_text("400")


def test_logistic_regression_with_features_and_grid_matches_cpython(runtime_page):
    X, y = datasets.moons(120, noise=0.15, random_state=3)
    features = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
    extent = {"x": [-1.5, 2.5], "y": [-1.0, 1.5]}
    params = {"learning_rate": 0.5, "n_iter": 300}
    config = {
        "model": "LogisticRegression",
        "params": params,
        "data": {"X": X[:90].tolist(), "y": y[:90].tolist(), "X_test": X[90:].tolist(),
                 "y_test": y[90:].tolist(), "features": features},
        "grid": dict(extent, size=24),
    }
    result = runtime_page.evaluate(TRAIN, {"config": config, "options": {"maxMs": 8}})
    assert result == {"iteration": 300, "done": True}
    frames = runtime_page.evaluate(FRAMES)
    losses = check_frames_in_order(frames, 300)

    def mapped(A):
        x1, x2 = A[:, 0], A[:, 1]
        return np.column_stack([x1, x2, x1 ** 2, x2 ** 2, x1 * x2, np.sin(x1), np.sin(x2)])

    model = pyml.LogisticRegression(**params).fit(mapped(X[:90]), y[:90])
    close(losses, model.loss_curve_)
    predicted = runtime_page.evaluate("(X) => harness.training.predict(X)", X[90:].tolist())
    assert predicted["y"] == model.predict(mapped(X[90:])).tolist()
    close(predicted["proba"], model.predict_proba(mapped(X[90:])))
    grid = frames[-1]["grid"]
    assert grid["type"] == "Float32Array" and grid["size"] == 24
    expected = model.predict_proba(mapped(grid_points(extent, 24)))[:, 1].astype(np.float32)
    close(grid["values"], expected)
    close(frames[-1]["metrics"]["train"]["accuracy"], model.score(mapped(X[:90]), y[:90]))

    # A model saved in the page loads in CPython and predicts the same.
    text = runtime_page.evaluate("harness.training.save()")
    close(pyml.load(text).predict_proba(mapped(X[90:])), model.predict_proba(mapped(X[90:])))


def test_dataset_generators_give_the_same_data_in_the_page(runtime_page):
    code = (
        "import json\nfrom pyml import datasets\n"
        "print(json.dumps({name: [a.tolist() for a in getattr(datasets, name)(n_samples=40, random_state=5)]\n"
        "                  for name in ('moons', 'blobs', 'circles', 'spiral', 'xor', 'plane', 'line', 'tshirts')}))"
    )
    answer = runtime_page.evaluate("(code) => harness.runtime.run(code)", code)
    in_page = json.loads(answer["stdout"])
    for name, (X, y) in in_page.items():
        X_here, y_here = getattr(datasets, name)(n_samples=40, random_state=5)
        close(X, X_here)
        if name == "tshirts":
            assert y == y_here.tolist()
        else:
            close(y, y_here)


# ---------------------------------------------------------------- the run loop

def test_pause_step_resume_and_stop_mid_training(runtime_page):
    X, y = datasets.plane(50, random_state=1)
    config = {"model": "LinearRegression", "params": {"n_iter": 10 ** 6, "learning_rate": 0.01},
              "data": {"X": X.tolist(), "y": y.tolist()}}
    runtime_page.evaluate("(config) => harness.train(config, { maxSteps: 5 })", config)
    state = runtime_page.get_by_test_id("training-state")
    expect(state).to_have_text("running")
    runtime_page.wait_for_function("() => harness.frames.length >= 4")

    runtime_page.evaluate("harness.training.pause()")
    expect(state).to_have_text("paused")
    stepped = runtime_page.evaluate("""async () => {
      const frame = await harness.training.step();
      return { frame, previous: harness.frames[harness.frames.length - 2].iteration };
    }""")
    assert len(stepped["frame"]["steps"]) == 1
    assert stepped["frame"]["iteration"] == stepped["previous"] + 1
    assert runtime_page.evaluate(QUIET, 10) == 0, "no frames while paused"
    expect(state).to_have_text("paused")

    count = runtime_page.evaluate("harness.frames.length")
    runtime_page.evaluate("harness.training.resume()")
    expect(state).to_have_text("running")
    runtime_page.wait_for_function("(n) => harness.frames.length >= n + 3", arg=count)

    runtime_page.evaluate("harness.training.stop()")
    expect(state).to_have_text("stopped")
    last = runtime_page.evaluate("harness.training.finished.then((frame) => frame.iteration)")
    assert runtime_page.evaluate(QUIET, 10) == 0, "no frames after stop"
    assert runtime_page.evaluate("harness.frames[harness.frames.length - 1].iteration") == last
    assert last < 10 ** 6
    iterations = [f["iteration"] for f in runtime_page.evaluate(FRAMES)]
    assert iterations == sorted(set(iterations)) and all(f["steps"] for f in runtime_page.evaluate(FRAMES))
    # Stop disposed the session in the worker.
    message = runtime_page.evaluate("""(session) => harness.runtime.step(session, {}).then(
        () => "answered", (error) => `${error.name}: ${error.message}`)""",
                                    runtime_page.evaluate("harness.training.info.session"))
    assert message.startswith("ValueError: There is no session")


LIFETIME = """async ({ config, text, data }) => {
  const { Training } = await import(new URL("js/runtime.js", location.href).href);
  const gone = (session) => harness.runtime.step(session, {}).then(() => "answered", (error) => error.message);
  const trained = harness.training;
  const trainedSession = trained.session;
  await trained.dispose();
  const loaded = new Training(harness.runtime, { paused: true });
  const info = await loaded.load(text, { data });
  const frame = await loaded.step();
  const predicted = await loaded.predict(data.X);
  const session = loaded.session;
  await loaded.dispose();
  // Stopped while create is on its way: the session it makes is freed as soon as it exists.
  const early = new Training(harness.runtime);
  const opening = early.open(config);
  early.stop();
  const earlyInfo = await opening;
  return {
    trained: await gone(trainedSession), model: info.model, state: loaded.state,
    frame: { iteration: frame.iteration, done: frame.done, accuracy: frame.metrics.train.accuracy },
    predicted: predicted.y, afterDispose: await loaded.predict(data.X).then(() => "answered", (error) => error.name),
    loadedGone: await gone(session), early: early.state, earlyGone: await gone(earlyInfo.session),
  };
}"""


def test_a_session_lives_until_disposed_and_a_saved_model_loads(runtime_page):
    X, y = datasets.moons(80, noise=0.2, random_state=4)
    data = {"X": X.tolist(), "y": y.tolist()}
    config = {"model": "LogisticRegression", "params": {"n_iter": 40}, "data": data}
    assert runtime_page.evaluate(TRAIN, {"config": config, "options": {}}) == {"iteration": 40, "done": True}
    text = runtime_page.evaluate("harness.training.save()")  # after done: the model is still there
    model = pyml.load(text)
    result = runtime_page.evaluate(LIFETIME, {"config": config, "text": text, "data": data})
    assert result["trained"].startswith("There is no session")
    assert result["model"] == "LogisticRegression" and result["state"] == "done"
    assert result["frame"]["iteration"] == 40 and result["frame"]["done"]
    close(result["frame"]["accuracy"], model.score(X, y))
    assert result["predicted"] == model.predict(X).tolist()
    assert result["afterDispose"] == "ClosedError"
    assert result["loadedGone"].startswith("There is no session")
    assert result["early"] == "stopped" and result["earlyGone"].startswith("There is no session")


# ---------------------------------------------------------------- faults

EXPLODING = '''
import numpy as np
from pyml.base import ESTIMATORS, BaseEstimator, IterativeMixin, RegressorMixin, Step

class _Exploding(RegressorMixin, IterativeMixin, BaseEstimator):
    def __init__(self, fail_at=4):
        self.fail_at = fail_at

    def fit_iter(self, X, y=None):
        self.n_features_in_ = np.shape(X)[1]
        self.coef_ = np.zeros(self.n_features_in_)
        for iteration in range(1, 100):
            if iteration == self.fail_at:
                raise RuntimeError("boom at step %d" % iteration)
            yield Step(iteration, 1.0 / iteration)

    def predict(self, X):
        return np.asarray(X) @ self.coef_

ESTIMATORS["Exploding"] = _Exploding
'''

ERROR_OF_TRAINING = """async ({ config, options }) => {
  await harness.train(config, options);
  return harness.training.finished.then(() => "finished", (error) => `${error.name}: ${error.message}`);
}"""


def test_python_exceptions_in_fit_iter_are_recoverable_errors(runtime_page):
    X, y = datasets.plane(40, random_state=2)
    data = {"X": X.tolist(), "y": y.tolist()}
    state, error = runtime_page.get_by_test_id("training-state"), runtime_page.get_by_test_id("error")

    diverging = {"model": "LinearRegression", "params": {"learning_rate": 5.0}, "data": data}
    message = runtime_page.evaluate(ERROR_OF_TRAINING, {"config": diverging, "options": {"maxSteps": 10}})
    assert message.startswith("DivergenceError: LinearRegression: gradient descent diverged")
    expect(state).to_have_text("error")
    expect(error).to_contain_text("smaller learning_rate")

    runtime_page.evaluate("(code) => harness.runtime.run(code)", EXPLODING)
    try:
        message = runtime_page.evaluate(ERROR_OF_TRAINING, {"config": {"model": "Exploding", "data": data},
                                                            "options": {"maxSteps": 1}})
        assert message == "RuntimeError: boom at step 4"
        expect(error).to_have_text("RuntimeError: boom at step 4")
        assert len(runtime_page.evaluate(FRAMES)) == 3
    finally:
        runtime_page.evaluate("(code) => harness.runtime.run(code)", 'del ESTIMATORS["Exploding"]')

    # The runtime is still up, and a new training works.
    expect(runtime_page.get_by_test_id("status")).to_have_text("ready")
    ok = {"model": "LinearRegression", "params": {"n_iter": 30}, "data": data}
    assert runtime_page.evaluate(TRAIN, {"config": ok, "options": {}}) == {"iteration": 30, "done": True}
    expect(state).to_have_text("done")
    expect(error).to_be_hidden()


IMPORT_EVERYTHING = '''
import importlib, pkgutil, pyml
names = [m.name for m in pkgutil.walk_packages(pyml.__path__, "pyml.")]
for name in names:
    importlib.import_module(name)
dropped = []
for name in ("numpy.f2py", "numpy.distutils", "numpy.core.tests", "pydoc_data", "xmlrpc", "wsgiref"):
    # Their folders stay (empty): Python imports those as namespace packages with no files.
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError:
        module = None
    if getattr(module, "__file__", None) is None:
        dropped.append(name)
print(len(names), dropped)
'''


def test_the_lighter_runtime_has_every_module_pyml_imports_and_not_what_it_never_uses(runtime_page):
    # build.py drops numpy's tests, f2py and distutils, pydoc's topics, XML-RPC and WSGI from the
    # runtime it bundles (the whole test suite runs on it: test_pyodide_suite.py).
    out = runtime_page.evaluate("(code) => harness.runtime.run(code).then((r) => r.stdout)", IMPORT_EVERYTHING)
    count, dropped = out.split(" ", 1)
    assert int(count) >= 15
    assert dropped.strip() == str(["numpy.f2py", "numpy.distutils", "numpy.core.tests", "pydoc_data", "xmlrpc", "wsgiref"])


def test_bad_configs_are_error_replies(runtime_page):
    message = runtime_page.evaluate("""() => harness.runtime.create({ model: "Telepathy", data: { X: [[1]] } })
        .then(() => "created", (error) => `${error.name}: ${error.message}`)""")
    assert message.startswith("ValueError: Unknown model 'Telepathy'. Known models:")
    run_error = runtime_page.evaluate("""() => harness.runtime.run("print('so far')\\n1 / 0")
        .then(() => null, (error) => ({ name: error.name, stdout: error.stdout, traceback: error.traceback }))""")
    assert run_error["name"] == "ZeroDivisionError" and run_error["stdout"] == "so far\n"
    assert 'File "<code>", line 2' in run_error["traceback"]


# ---------------------------------------------------------------- privacy

def test_boot_and_training_request_nothing_outside_the_origin(runtime_page, requests_log):
    X, y = datasets.xor(60, random_state=0)
    config = {"model": "LogisticRegression", "params": {"n_iter": 50},
              "data": {"X": X.tolist(), "y": y.tolist(), "features": ["x1", "x2", "x1*x2"]},
              "grid": {"x": [-6, 6], "y": [-6, 6], "size": 30}}
    runtime_page.evaluate(TRAIN, {"config": config, "options": {}})
    requests, origin = requests_log
    names = {urlsplit(url).path.rsplit("/", 1)[-1] for url in requests}
    # The log covers the boot, the worker's requests included.
    assert {"runtime-test.html", "worker.js", "pyodide.asm.wasm", "numpy.data"} <= names
    assert any(name.startswith("pyml_playground-") and name.endswith(".whl") for name in names)
    outside = [url for url in requests if not url.startswith(origin + "/")]
    assert outside == []


def test_the_boot_loads_numpy_only_and_run_loads_what_its_code_imports(fresh_page, site):
    """micropip (with packaging and pyparsing) is for the test suite in the page, not the page: the
    site does not carry it and the boot does not load it; code that imports it loads it then."""
    from conftest import DIST, build

    source = build.NPM_PYODIDE
    extra = {site + "pyodide/" + name: source / name for name in build.pyodide_files(source, ["micropip"])
             if not (DIST / "pyodide" / name).exists()}
    assert {"micropip.js", "micropip.data", "packaging.js", "pyparsing.js"} <= {u.rsplit("/", 1)[-1] for u in extra}
    requested = []

    def serve(route, request):
        requested.append(urlsplit(request.url).path.rsplit("/", 1)[-1])
        if request.url in extra:  # as from a site that has it (the suite's test serves it the same way)
            route.fulfill(path=str(extra[request.url]))
        else:
            route.continue_()

    page = fresh_page(route=("**/*", serve))
    page.goto(site + "runtime-test.html")
    page.wait_for_boot()
    assert "numpy.data" in requested
    assert not [name for name in requested if name.split(".")[0] in ("micropip", "packaging", "pyparsing")]
    answer = page.evaluate("() => harness.runtime.run('import micropip\\nmicropip.__name__')")
    assert answer["result"] == "'micropip'"
    assert {"micropip.js", "packaging.js", "pyparsing.js"} <= set(requested)


def test_a_boot_that_takes_too_long_ends_in_an_error_and_calls_reject(fresh_page, site):
    page = fresh_page()
    page.goto(site + "runtime-test.html?bootTimeoutMs=50")
    expect(page.get_by_test_id("status")).to_have_text("The runtime did not start within 0.05 s.")
    expect(page.get_by_test_id("error")).to_have_text("TimeoutError: The runtime did not start within 0.05 s.")
    rejected = page.evaluate("() => harness.runtime.run('1 + 1').then(() => 'answered', (e) => e.name)")
    assert rejected == "TimeoutError"


# ---------------------------------------------------------------- other runtimes

def run_build(*args):
    subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=ROOT, check=True, capture_output=True)


@pytest.fixture(scope="module")
def cdn_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("cdn") / "site"
    run_build("--profile", "cdn", "--out", str(out))
    return out


def test_current_pyodide_core_boots_and_reports_numpy_unavailable(fresh_page, serve, tmp_path_factory):
    out = tmp_path_factory.mktemp("core") / "site"
    run_build("--pyodide-dist", str(ROOT / "node_modules" / "pyodide"), "--allow-missing", "--out", str(out))
    assert json.loads((out / "runtime.json").read_text())["worker"] == "module"
    page = fresh_page()
    page.goto(serve(out) + "runtime-test.html")
    status = page.get_by_test_id("status")
    expect(status).to_contain_text("numpy unavailable", timeout=45_000)
    expect(status).to_contain_text("Pyodide 314.")
    expect(page.get_by_test_id("error")).to_contain_text("BootError: numpy unavailable")
    stages = page.evaluate("harness.statuses.map((s) => s.stage)")
    assert stages == ["python", "numpy", "error"]  # Python itself booted with the current API
    rejected = page.evaluate("""() => harness.runtime.create({}).then(() => "answered", (e) => e.name)""")
    assert rejected == "BootError"


def test_offline_cdn_ends_in_a_clear_error_state(fresh_page, serve, cdn_build):
    page = fresh_page(route=(re.compile(r"^https://cdn\.jsdelivr\.net/"), lambda r: r.abort("internetdisconnected")))
    page.goto(serve(cdn_build) + "runtime-test.html")
    expect(page.get_by_test_id("status")).to_contain_text("Python unavailable", timeout=30_000)
    expect(page.get_by_test_id("error")).to_contain_text("cdn.jsdelivr.net/pyodide/v")


# ---------------------------------------------------------------- static checks (no browser)

def without_comments(text):
    """Source text without /* */, <!-- --> and // comments (links in comments are never fetched)."""
    text = re.sub(r"/\*.*?\*/|<!--.*?-->", "", text, flags=re.S)
    return re.sub(r"(^|\s)//.*$", "", text, flags=re.M)


def test_cdn_build_refers_only_to_the_official_pyodide_cdn(cdn_build):
    version = json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]
    cdn = "https://cdn.jsdelivr.net/pyodide/v%s/full/" % version
    config = json.loads((cdn_build / "runtime.json").read_text())
    assert config["profile"] == "cdn" and config["indexURL"] == cdn and config["worker"] == "module"
    assert not (cdn_build / "pyodide").exists()
    hosts = {}
    for path in cdn_build.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".mjs", ".json", ".css", ".svg"):
            for url in re.findall(r"https?://[^\s\"'`<>()\\]+", without_comments(path.read_text(errors="replace"))):
                hosts.setdefault(urlsplit(url).hostname, set()).add(str(path.relative_to(cdn_build)))
    hosts.pop("www.w3.org", None)  # XML namespace names (SVG), never requested
    assert set(hosts) == {"cdn.jsdelivr.net"}, hosts
    assert hosts["cdn.jsdelivr.net"] == {"runtime.json"}


def test_server_sends_wasm_with_its_type_and_compressed(site):
    request = urllib.request.Request(site + "pyodide/pyodide.asm.wasm", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"] == "application/wasm"
        assert response.headers["Content-Encoding"] == "gzip"
        body = gzip.decompress(response.read())
    with urllib.request.urlopen(site + "runtime.json") as response:
        assert response.headers["Content-Type"] == "application/json"
        config = json.loads(response.read())
    assert config["profile"] == "bundled" and config["wheel"].endswith(".whl")
    assert len(body) > 1_000_000 and body[:4] == b"\0asm"
