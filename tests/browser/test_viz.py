"""The per-model visualisations (web/js/viz/) in a real browser, fed with frames made in CPython.

web/viz-test.html mounts a module and feeds it frames whose ``view`` comes from
pyml.web.views.view_of, exactly what the bridge sends. Screenshots go to test-artifacts/viz/.
"""

import os
import pathlib

import numpy as np
import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

from pyml import datasets  # noqa: E402
from pyml.cluster import KMeans  # noqa: E402
from pyml.decomposition import PCA  # noqa: E402
from pyml.neural_network import MLPClassifier  # noqa: E402
from pyml.svm import SVC  # noqa: E402
from pyml.tree import DecisionTreeClassifier, DecisionTreeRegressor  # noqa: E402
from pyml.web.views import view_of  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "viz"
EXTENT = {"x": [-6.0, 6.0], "y": [-6.0, 6.0]}


# ---------------------------------------------------------------- frames, as the bridge makes them

def grid(size):
    axis_x = np.linspace(*EXTENT["x"], size)
    axis_y = np.linspace(*EXTENT["y"], size)
    gx, gy = np.meshgrid(axis_x, axis_y)
    return np.column_stack([gx.ravel(), gy.ravel()])


def encode(value):
    """JSON for the bench page: bytes become {__typed__: float32} (a Float32Array there)."""
    if isinstance(value, bytes):
        return {"__typed__": "float32", "data": np.frombuffer(value, dtype=np.float32).tolist()}
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


def frame(model, X=None, iteration=1):
    return encode({"iteration": iteration, "done": False, "steps": [], "view": view_of(model, grid=grid, X=X)})


def context(X, y=None, classes=None, task="classification", features=("x1", "x2")):
    ctx = {"task": task, "extent": EXTENT, "features": list(features), "points": {"X": np.asarray(X).tolist()}}
    if y is not None:
        ctx["points"]["y"] = np.asarray(y).tolist()
    if classes is not None:
        ctx["classes"] = list(classes)
    return encode(ctx)


# ---------------------------------------------------------------- the browser and the bench page

@pytest.fixture(scope="module")
def viz_url(serve):
    """The bench page, served straight from web/ (no build needed: the modules are static)."""
    return serve(ROOT / "web") + "viz-test.html"


@pytest.fixture(scope="module")
def viz_browser():
    """A Chromium of this module's own (the harness's shared one needs a built dist/)."""
    chromium = os.environ.get("PYML_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(chromium):
        pytest.skip("no Chromium at %s (set PYML_CHROMIUM, or run python build.py test)" % chromium)
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"]
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=args)
        yield browser
        browser.close()


@pytest.fixture
def bench(viz_browser, viz_url):
    page = viz_browser.new_page(viewport={"width": 900, "height": 900})
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(viz_url)
    expect(page.locator("body")).to_have_attribute("data-ready", "true")
    yield page
    page.close()
    assert errors == [], "console errors: %s" % errors


def mount(page, case, module, frames, ctx, width=480):
    page.evaluate("([c, m, f, x, w]) => vizTest.mount(c, m, f, x, w)", [case, module, frames, ctx, width])
    return page.get_by_test_id("case-" + case)


def update(page, case, frame_):
    page.evaluate("([c, f]) => vizTest.update(c, f)", [case, frame_])


def shoot(locator, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(ARTIFACTS / name))


def digest(page, selector):
    """A canvas summarised in the page: a pixel checksum, near-black and vivid pixels, colours (to 50)."""
    return page.evaluate(
        """(sel) => { const c = document.querySelector(sel);
           const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
           let hash = 0, dark = 0, vivid = 0; const colours = new Set();
           for (let i = 0; i < d.length; i += 4) {
             hash = (hash * 31 + d[i] * 7 + d[i + 1] * 3 + d[i + 2]) | 0;
             if (d[i] < 40 && d[i + 1] < 40 && d[i + 2] < 40 && d[i + 3] > 0) dark += 1;
             if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 80) vivid += 1;
             if (colours.size < 50) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
           }
           return {hash, dark, vivid, colours: colours.size}; }""",
        selector,
    )


def pixels(page, selector):
    """The RGBA bytes of a canvas, to compare two drawings."""
    return page.evaluate(
        """(sel) => { const c = document.querySelector(sel);
           return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data); }""",
        selector,
    )


def overflowing(page, case):
    """The elements that stick out of the case's box (illegible without sideways scrolling)."""
    return page.evaluate(
        """(c) => { const box = document.querySelector(`[data-testid="case-${c}"]`).getBoundingClientRect();
           return [...document.querySelectorAll(`[data-testid="case-${c}"] *`)].filter((el) => {
             const r = el.getBoundingClientRect();
             return r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1); })
             .map((el) => `${el.tagName} ${el.getAttribute('class') || ''} ${el.textContent.slice(0, 20)}`); }""",
        case,
    )


# ---------------------------------------------------------------- network

def mlp_frames():
    X, y = datasets.xor(n_samples=120, random_state=0)
    model = MLPClassifier(hidden_layer_sizes=(4, 2), learning_rate=0.03, n_epochs=60, random_state=0)
    steps = model.fit_iter(X, y)
    next(steps)
    first = frame(model)
    for _ in range(40):
        next(steps)
    return X, y, first, frame(model, iteration=41)


def test_network_draws_every_neuron_and_link_and_follows_training(bench):
    X, y, first, later = mlp_frames()
    case = mount(bench, "network", "network", [first], context(X, y, classes=[0, 1]))
    expect(case.locator(".viz-neuron")).to_have_count(2 + 4 + 2 + 2)
    expect(case.locator("[data-testid^=link-]")).to_have_count(2 * 4 + 4 * 2 + 2 * 2)
    svg = case.locator("svg[role=img]").first
    expect(svg).to_have_attribute("aria-label", "Neural network: 2 inputs (x1, x2), hidden layers of 4, 2 neurons "
                                  "(tanh), 2 outputs (softmax). Blue links are positive weights, orange negative; "
                                  "thicker is larger.")
    # Each thumbnail is painted: the input x1 varies from left to right.
    x1 = pixels(bench, '[data-testid="neuron-0-0"] canvas')
    assert len(x1) == 20 * 20 * 4 and x1[:4] != x1[19 * 4:20 * 4]
    out_before = pixels(bench, '[data-testid="neuron-3-1"] canvas')
    widths_before = case.locator("path[stroke-width]").evaluate_all("ps => ps.map(p => p.getAttribute('stroke-width'))")
    shoot(case, "network-epoch1.png")

    update(bench, "network", later)
    widths_after = case.locator("path[stroke-width]").evaluate_all("ps => ps.map(p => p.getAttribute('stroke-width'))")
    assert widths_after != widths_before
    assert pixels(bench, '[data-testid="neuron-3-1"] canvas') != out_before
    shoot(case, "network-epoch41.png")


def test_network_hover_reports_the_neuron_and_shows_weights(bench):
    X, y, _, later = mlp_frames()
    case = mount(bench, "hover", "network", [later], context(X, y, classes=[0, 1]))
    case.get_by_test_id("neuron-1-2").hover()
    assert bench.evaluate("vizTest.hovers[vizTest.hovers.length - 1]") == [1, 2, 400]
    tooltip = case.get_by_test_id("viz-network-tooltip")
    expect(tooltip).to_contain_text("neuron 1.3, bias")
    bench.mouse.move(2, 2)
    assert bench.evaluate("vizTest.hovers[vizTest.hovers.length - 1]") is None
    expect(tooltip).to_be_hidden()

    # A point of the link's curve where no other link lies on top of it.
    point = bench.evaluate(
        """() => { const hit = document.querySelector('[data-testid="case-hover"] [data-testid="link-1-0-1"]');
           const length = hit.getTotalLength();
           for (let t = 0.05; t < 1; t += 0.05) {
             const p = hit.getPointAtLength(t * length).matrixTransform(hit.getScreenCTM());
             if (document.elementFromPoint(p.x, p.y) === hit) return [p.x, p.y];
           }
           return null; }""")
    assert point is not None
    bench.mouse.move(*point)
    expect(tooltip).to_contain_text("weight neuron 1.1 → neuron 2.2:")
    weight = float(tooltip.inner_text().split(":")[-1])
    X_, y_ = datasets.xor(n_samples=120, random_state=0)
    model = MLPClassifier(hidden_layer_sizes=(4, 2), learning_rate=0.03, n_epochs=41, random_state=0).fit(X_, y_)
    assert weight == pytest.approx(model.coefs_[1][0, 1], rel=5e-3)  # shown to 3 significant digits
    shoot(case, "network-hover-link.png")

    # The keyboard reaches the neurons too, and a screen reader hears their weights.
    neuron = case.get_by_test_id("neuron-2-0")
    neuron.focus()
    assert bench.evaluate("vizTest.hovers[vizTest.hovers.length - 1]") == [2, 0, 400]
    label = neuron.get_attribute("aria-label")
    assert label.startswith("neuron 2.1: bias ") and "weights from neuron 1.1 " in label
    assert "neuron 1.1 %s," % ("%.3g" % model.coefs_[1][0, 0]) in label


def test_network_is_legible_at_320_px(bench):
    X, y = datasets.spiral(n_samples=100, random_state=0)
    model = MLPClassifier(hidden_layer_sizes=(8, 8, 6), n_epochs=5, random_state=0).fit(X, y)
    case = mount(bench, "narrow", "network", [frame(model)], context(X, y, classes=[0, 1]), width=320)
    expect(case.locator(".viz-neuron")).to_have_count(2 + 8 + 8 + 6 + 2)
    size = case.get_by_test_id("neuron-1-0").bounding_box()
    assert size["width"] >= 16  # thumbnails stay readable
    assert overflowing(bench, "narrow") == []
    shoot(case, "network-320px.png")


COUNT_WIDTH_READS = """() => {
  const own = Object.getOwnPropertyDescriptor(Element.prototype, "clientWidth");
  window.widthReads = 0;
  Object.defineProperty(Element.prototype, "clientWidth", {
    configurable: true, get() { window.widthReads += 1; return own.get.call(this); } });
  window.restoreClientWidth = () => Object.defineProperty(Element.prototype, "clientWidth", own);
}"""


def test_network_reads_its_width_on_resize_not_at_every_update(bench):
    X, y, first, later = mlp_frames()
    case = mount(bench, "resize", "network", [first], context(X, y, classes=[0, 1]), width=480)
    expect(case.locator(".viz-neuron")).to_have_count(10)
    bench.evaluate(COUNT_WIDTH_READS)
    try:
        for _ in range(3):
            update(bench, "resize", later)
            update(bench, "resize", first)
        assert bench.evaluate("window.widthReads") == 0  # reading it forces a layout, every frame
    finally:
        bench.evaluate("window.restoreClientWidth()")
    # A narrower box lays the diagram out again at its new width, without a new frame.
    output = case.get_by_test_id("neuron-3-0")
    right = output.bounding_box()["x"]
    bench.evaluate("document.querySelector('[data-testid=case-resize]').style.width = '320px'")
    bench.wait_for_function(
        "(x) => document.querySelector('[data-testid=case-resize] [data-testid=neuron-3-0]')"
        ".getBoundingClientRect().left < x - 100", arg=right)
    assert overflowing(bench, "resize") == []


# ---------------------------------------------------------------- tree

def test_tree_draws_splits_and_leaves(bench):
    X, y = datasets.moons(n_samples=150, noise=0.25, random_state=0)
    model = DecisionTreeClassifier(max_depth=3)
    frames = [frame(model) for _ in model.fit_iter(X, y)]
    case = mount(bench, "tree", "tree", frames, context(X, y, classes=[0, 1]))
    n_nodes = len(model.children_left_)
    expect(case.locator("[data-testid^=tree-node-]")).to_have_count(n_nodes)
    expect(case.locator("g.detailed")).to_have_count(n_nodes)  # depth 3 fits in full
    root = model.export_tree()
    expect(case.get_by_test_id("tree-node-0")).to_contain_text("x%d ≤ %s" % (root["feature"] + 1, ("%.3g" % root["threshold"])))
    expect(case.get_by_test_id("tree-node-0")).to_contain_text("n=150")
    assert "Decision tree of depth 3" in case.locator("svg").get_attribute("aria-label")
    shoot(case, "tree-depth3.png")

    # Enter on the root collapses everything below it, and again expands it.
    case.get_by_test_id("tree-node-0").focus()
    bench.keyboard.press("Enter")
    expect(case.locator("[data-testid^=tree-node-]")).to_have_count(1)
    expect(case.get_by_test_id("tree-node-0")).to_contain_text("leaves hidden")
    bench.keyboard.press("Enter")
    expect(case.locator("[data-testid^=tree-node-]")).to_have_count(n_nodes)


def test_a_deep_tree_shrinks_its_lower_levels(bench):
    X, y = datasets.spiral(n_samples=300, noise=0.2, random_state=0)
    model = DecisionTreeClassifier(max_depth=8).fit(X, y)
    case = mount(bench, "deep", "tree", [frame(model)], context(X, y, classes=[0, 1]), width=480)
    assert model.get_depth() == 8
    expect(case.locator("g.compact").first).to_be_attached()
    detail = int(case.locator("svg").get_attribute("data-detail-depth"))
    assert 1 <= detail < 8
    svg_box = case.locator("svg").bounding_box()
    assert svg_box["width"] <= 482
    shoot(case, "tree-depth8.png")

    narrow = mount(bench, "deep320", "tree", [frame(model)], context(X, y, classes=[0, 1]), width=320)
    assert narrow.locator("svg").bounding_box()["width"] <= 322 or \
        bench.evaluate("document.querySelector('[data-testid=case-deep320] .viz-tree').scrollWidth > 320")
    shoot(narrow, "tree-depth8-320px.png")


def test_regression_tree_shows_mean_values(bench):
    X, y = datasets.plane(n_samples=80, random_state=0)
    model = DecisionTreeRegressor(max_depth=2).fit(X, y)
    case = mount(bench, "regtree", "tree", [frame(model)], context(X, task="regression"))
    expect(case.get_by_test_id("tree-node-0")).to_contain_text("mean %s" % ("%.3g" % float(np.mean(y))))
    expect(case.get_by_test_id("tree-node-0")).to_contain_text("mse")
    shoot(case, "tree-regression.png")


# ---------------------------------------------------------------- k-means

def test_kmeans_overlay_moves_centroids_and_keeps_their_trails(bench):
    X, _ = datasets.blobs(n_samples=150, centers=3, random_state=3)
    model = KMeans(n_clusters=3, init="random", n_init=1, random_state=0)
    frames = [frame(model) for _ in model.fit_iter(X)]
    assert len(frames) >= 3
    ctx = context(X, task="clustering")
    case = mount(bench, "kmeans", "kmeans", frames[:1], ctx)
    first = digest(bench, '[data-testid="plot-kmeans"]')
    readout = case.get_by_test_id("viz-kmeans")
    expect(readout).to_contain_text("Inertia J = ")
    for f in frames[1:]:
        update(bench, "kmeans", f)
    expect(readout).to_contain_text("iteration %d" % len(frames))
    assert digest(bench, '[data-testid="plot-kmeans"]')["hash"] != first["hash"]
    trails = bench.evaluate("vizTest.views.kmeans.view.trails.map((t) => t.length)")
    assert max(trails) >= 3  # the start, then each new position
    shoot(case, "kmeans.png")

    bench.evaluate("vizTest.reset('kmeans')")
    assert bench.evaluate("vizTest.views.kmeans.view.trails.length") == 0


# ---------------------------------------------------------------- SVM

def test_svm_overlay_draws_margins_and_rings_support_vectors(bench):
    X, y = datasets.circles(n_samples=120, noise=0.1, random_state=0)
    model = SVC(kernel="rbf", C=2.0, gamma=0.5).fit(X, y)
    ctx = context(X, y, classes=[0, 1])
    case = mount(bench, "svm", "svm", [frame(model)], ctx)
    readout = case.get_by_test_id("viz-svm")
    expect(readout).to_have_text("kernel rbf · C = 2 · γ = 0.5 · %d support vectors" % len(model.support_))
    dark = digest(bench, '[data-testid="plot-svm"]')["dark"]
    assert dark > 500  # the boundary, the margins and the rings are drawn in near-black
    shoot(case, "svm.png")

    # Without the decision grid (e.g. three classes) only the rings remain: fewer dark pixels.
    no_grid = frame(model)
    del no_grid["view"]["decision"]
    update(bench, "svm", no_grid)
    assert digest(bench, '[data-testid="plot-svm"]')["dark"] < dark


# ---------------------------------------------------------------- PCA

def test_pca_projection_bars_and_arrows(bench):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 2)) @ np.array([[2.0, 1.2], [0.0, 0.6]])
    y = (X[:, 0] > 0).astype(int)
    model = PCA().fit(X)
    case = mount(bench, "pca", "pca", [frame(model, X=X)], context(X, y, classes=[0, 1], task="decomposition"))
    expect(case.locator("[data-testid^=pca-bar-]")).to_have_count(2)
    ratio = model.explained_variance_ratio_
    expect(case.get_by_test_id("pca-bars")).to_have_attribute(
        "aria-label", "Explained variance: PC1 %s%%, PC2 %s%%." % ("%.3g" % (100 * ratio[0]), "%.3g" % (100 * ratio[1])))
    scatter = digest(bench, '[data-testid="pca-scatter"]')
    assert scatter["vivid"] > 300 and scatter["colours"] > 3  # points in the class colours
    shoot(case, "pca.png")


def test_pca_is_legible_at_320_px(bench):
    X, y = datasets.moons(n_samples=100, random_state=0)
    model = PCA().fit(X)
    case = mount(bench, "pca320", "pca", [frame(model, X=X)], context(X, y, classes=[0, 1], task="decomposition"), width=320)
    assert overflowing(bench, "pca320") == []
    shoot(case, "pca-320px.png")


def test_pca_of_regression_data_colours_points_by_target(bench):
    X, y = datasets.housing(random_state=0)
    model = PCA(n_components=1).fit(X)
    case = mount(bench, "pcareg", "pca", [frame(model, X=X)], context(X, y, task="decomposition"))
    expect(case.locator("figcaption").first).to_have_text("Data on the first component")
    # Coloured by price on the sequential ramp (not grey, nor class colours picked by price).
    scatter = digest(bench, '[data-testid="case-pcareg"] [data-testid="pca-scatter"]')
    assert scatter["vivid"] > 100 and scatter["colours"] > 10
    shoot(case, "pca-regression.png")

