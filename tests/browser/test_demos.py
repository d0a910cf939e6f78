"""The guided demos (web/demos/) in a real browser: each trains with pyml in the page and reaches
its expected result; each embed view fits its iframe (400x300 and 480x360). Screenshots: test-artifacts/demos/.

Every demo writes what it reached as data-* attributes of its [data-testid=demo] element
(data-state="done" once trained), which these tests wait for and read.
"""

import json
import math
import pathlib
import re

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

from conftest import watch_errors  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "demos"
TRAIN_TIMEOUT_MS = 120_000
DEMOS = ["housing", "tshirts", "colors", "digits", "kmeans", "pca", "svm", "anomaly", "rl"]


def existing(names):
    return [n for n in names if (ROOT / "web" / "demos" / (n + ".html")).exists()]


@pytest.fixture
def open_demo(chromium, site):
    """open_demo(name, width=1200, query="") -> a page with the demo loaded; closed afterwards."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    contexts = []

    def open_(name, width=1200, query=""):
        context = chromium.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.errors = watch_errors(page)
        page.goto("%sdemos/%s.html%s" % (site, name, query))
        return page

    yield open_
    for context in contexts:
        try:
            context.close()
        except playwright_sync.Error:
            pass  # the harness already stopped the shared browser, and its contexts with it


def demo_data(page, name):
    return json.loads(page.get_by_test_id("demo").evaluate("(el) => JSON.stringify(el.dataset)"))


def wait_done(page, attribute="data-state", value="done"):
    expect(page.get_by_test_id("demo")).to_have_attribute(attribute, value, timeout=TRAIN_TIMEOUT_MS)


def shoot(page, name):
    page.screenshot(path=str(ARTIFACTS / (name + ".png")), full_page=True)


def no_errors(page):
    errors = [e for e in page.errors if "favicon" not in e and "404" not in e]
    assert errors == [], errors


# ---------------------------------------------------------------- each demo reaches its result


def test_gallery_links_every_demo(open_demo):
    page = open_demo("index")
    for name in existing(DEMOS):
        expect(page.locator('a[href="%s.html"]' % name).first).to_be_visible()
    shoot(page, "gallery")


def test_housing_gradient_descent_matches_the_normal_equation(open_demo):
    page = open_demo("housing")
    wait_done(page)
    wait_done(page, "data-race-done", "true")
    data = demo_data(page, "housing")
    assert float(data["gdError"]) < 0.01  # gradient descent ends within 1% of the normal equation
    assert float(data["multiError"]) < 0.01
    # Normalized features converge quickly; raw ones do not within the same 1000 iterations.
    assert 0 < int(data["normalizedReached"]) < 100
    assert int(data["rawReached"]) == -1
    expect(page.get_by_test_id("gd-state")).to_contain_text("Converged")
    shoot(page, "housing")
    # A learning rate past the limit diverges, and the page says so.
    page.get_by_test_id("alpha").fill("7")
    page.get_by_test_id("alpha").dispatch_event("change")
    wait_done(page, "data-state", "diverged")
    expect(page.get_by_test_id("gd-state")).to_contain_text("Diverged")
    assert "alpha=0.25" in page.url
    no_errors(page)


def test_tshirts_classifies_and_shows_probabilities(open_demo):
    page = open_demo("tshirts")
    wait_done(page)
    data = demo_data(page, "tshirts")
    assert float(data["trainAccuracy"]) > 0.8 and float(data["testAccuracy"]) > 0.8
    box = page.get_by_test_id("plot").locator(".plot-area").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.8)
    expect(page.get_by_test_id("cursor")).to_contain_text("the model says")
    expect(page.get_by_test_id("cursor")).to_contain_text("says S")
    assert float(demo_data(page, "tshirts")["probaSum"]) == pytest.approx(1)
    shoot(page, "tshirts")
    no_errors(page)


def test_colors_network_agrees_with_the_contrast_formula(open_demo):
    page = open_demo("colors")
    wait_done(page)
    assert float(demo_data(page, "colors")["agreement"]) >= 0.95
    page.get_by_test_id("color").fill("#101030")  # a dark navy: white text
    expect(page.get_by_test_id("formula-answer")).to_have_attribute("data-best", "white")
    expect(page.get_by_test_id("network-answer")).to_have_attribute("data-best", "white")
    page.get_by_test_id("color").fill("#f0e0a0")  # a light sand: black text
    expect(page.get_by_test_id("network-answer")).to_have_attribute("data-best", "black")
    shoot(page, "colors")
    no_errors(page)


def test_digits_network_reads_the_test_set_and_a_drawing(open_demo):
    page = open_demo("digits")
    wait_done(page)
    assert float(demo_data(page, "digits")["accuracy"]) >= 0.90
    expect(page.get_by_test_id("confusion-table").locator("tr")).to_have_count(11)
    # Draw a "1": a vertical stroke down the middle of the pad.
    box = page.get_by_test_id("pad").bounding_box()
    x = box["x"] + box["width"] / 2
    page.mouse.move(x + 8, box["y"] + box["height"] * 0.15)
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(x + 8 - i, box["y"] + box["height"] * (0.15 + 0.07 * i))
    page.mouse.up()
    expect(page.get_by_test_id("guess-digit")).to_have_text("1", timeout=10_000)
    expect(page.get_by_test_id("proba").locator(".bar")).to_have_count(10)
    shoot(page, "digits")
    no_errors(page)


def test_kmeans_finds_the_blobs_and_quantizes_the_image(open_demo):
    page = open_demo("kmeans")
    wait_done(page)
    wait_done(page, "data-quantized", "true")
    data = demo_data(page, "kmeans")
    centers = json.loads(data["centers"])
    truth = [[-3, -2], [3, -2.5], [0, 3], [4.5, 3]]
    assert len(centers) == 4
    for t in truth:  # every true centre has a found centroid nearby
        assert min(math.dist(t, c) for c in centers) < 0.6
    palette = json.loads(data["palette"])
    assert len(palette) == 6 and all(0 <= v <= 1 for c in palette for v in c)
    shoot(page, "kmeans")
    no_errors(page)


# ---------------------------------------------------------------- embed views at their sizes

# What must be on screen in each tab of each embed view: its plot (or chart, pad, diagram), its
# main control and its key number. (None: a demo without tabs.)
EMBED_KEYS = {
    "housing": {"fit": ["scatter", "alpha", "restart", "gd-state"], "surface": ["contour", "alpha", "restart", "gd-state"],
                "cost": ["cost-chart", "alpha", "restart", "gd-state"], "features": ["race-chart", "race-raw", "race-normalized"]},
    "tshirts": {"regions": ["plot", "degree", "scores"], "loss": ["loss-chart", "degree", "scores"]},
    "colors": {"network": ["network", "color", "agreement"], "loss": ["loss-chart", "color", "agreement"]},
    "digits": {"draw": ["pad", "clear", "guess"], "test": ["confusion", "accuracy"], "loss": ["loss-chart", "accuracy"]},
    "kmeans": {"clusters": ["plot", "play", "kmeans-state"], "image": ["quantized", "colors", "quantize-state"]},
    "pca": {"map": ["plot", "k", "pca-state"], "variance": ["variance-chart", "k"]},
    "svm": {None: ["plot", "class-0", "reset-points", "svm-state"]},
    "anomaly": {None: ["plot", "epsilon", "best", "anomaly-state"]},
    "rl": {None: ["grid", "play", "phase"]},
}

# Once the charts have followed the layout (they resize in a ResizeObserver): the document's
# size, the key elements not wholly in the viewport (or cut by a column that scrolls inside),
# and whatever of the demo shows below the top of the footer.
MEASURE = """(ids) => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    let box = { top: r.top, bottom: r.bottom };
    for (let a = el.parentElement; a; a = a.parentElement) {
      if (getComputedStyle(a).overflowY === "visible") continue;
      const c = a.getBoundingClientRect();
      box = { top: Math.max(box.top, c.top), bottom: Math.min(box.bottom, c.bottom) };
    }
    return { r, box };
  };
  const off = [];
  for (const id of ids) {
    const el = document.querySelector(`[data-testid="${id}"]`);
    const { r, box } = el ? shown(el) : {};
    if (!el || !r.width || !r.height || r.left < -0.5 || r.top < -0.5 || r.right > innerWidth + 0.5
        || r.bottom > innerHeight + 0.5 || box.top > r.top + 0.5 || box.bottom < r.bottom - 0.5) off.push(id);
  }
  const footer = document.querySelector(".demo-footer").getBoundingClientRect().top;
  const under = [...document.querySelectorAll("[data-testid=demo] *")].filter((el) => {
    const { r, box } = shown(el);
    return r.width && r.height && el.checkVisibility() && box.bottom > box.top && box.bottom > footer + 0.5;
  }).map((el) => el.dataset.testid || el.className || el.tagName).slice(0, 5);
  const doc = document.documentElement;
  resolve({ width: doc.scrollWidth, height: doc.scrollHeight, off, under });
})))"""


@pytest.mark.parametrize("name", existing(DEMOS))
def test_embed_view_fits_its_iframe(open_demo, name):
    page = open_demo(name, width=480, query="?embed=1")
    wait_done(page)  # measured once every readout is filled in
    # The prose is hidden and the embed code names the embed URL.
    assert page.locator(".prose").first.is_hidden()
    page.get_by_test_id("copy-embed").click()
    code = page.get_by_test_id("embed-code")
    expect(code).to_be_visible()
    snippet = code.input_value()
    assert "embed=1" in snippet and "<iframe" in snippet
    expect(page.get_by_test_id("open-full")).to_be_visible()
    code.press("Escape")  # the code opens over the demo; Escape closes it
    expect(code).to_be_hidden()
    size = tuple(int(re.search(r'%s="(\d+)"' % side, snippet).group(1)) for side in ("width", "height"))
    assert size == (480, 360)  # what the README advertises
    # At the smallest size the README names, the embed code's, and a wide column of a blog post,
    # every tab shows its plot, main control and key number without scrolling.
    tabs = page.get_by_role("tab")
    for width, height in [(400, 300), size, (760, 360)]:
        page.set_viewport_size({"width": width, "height": height})
        for i in range(max(tabs.count(), 1)):
            if tabs.count():
                tabs.nth(i).click()
                expect(tabs.nth(i)).to_have_attribute("aria-selected", "true")
            tab = page.get_by_test_id("demo").get_attribute("data-tab") if tabs.count() else None
            found = page.evaluate(MEASURE, EMBED_KEYS[name][tab])
            where = "%s embed at %dx%d, tab %s" % (name, width, height, tab)
            assert found["width"] <= width and found["height"] <= height, (where, found)
            assert found["off"] == [], (where, "not wholly on screen", found["off"])
            assert found["under"] == [], (where, "under the footer", found["under"])
            shoot(page, "%s-embed-%dx%d%s" % (name, width, height, "-%s" % tab if tab else ""))
    no_errors(page)


def test_svm_separates_the_rings_and_retrains_on_a_click(open_demo):
    page = open_demo("svm")
    wait_done(page)
    data = demo_data(page, "svm")
    assert float(data["accuracy"]) >= 0.9 and 0 < int(data["support"]) < int(data["points"])
    shoot(page, "svm")
    # The linear kernel cannot separate two rings.
    page.get_by_test_id("kernel").select_option("linear")
    expect(page.get_by_test_id("demo")).to_have_attribute("data-state", "done", timeout=TRAIN_TIMEOUT_MS)
    expect(page.get_by_test_id("svm-state")).to_contain_text("support vectors")
    assert "kernel=linear" in page.url
    page.get_by_test_id("kernel").select_option("rbf")
    box = page.get_by_test_id("plot").locator(".plot-area").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.1)
    expect(page.get_by_test_id("demo")).to_have_attribute("data-points", "41", timeout=TRAIN_TIMEOUT_MS)
    no_errors(page)


def test_anomaly_threshold_is_chosen_by_f1(open_demo):
    page = open_demo("anomaly")
    wait_done(page)
    data = demo_data(page, "anomaly")
    assert float(data["f1"]) >= 0.8 and int(data["flagged"]) > 0
    expect(page.get_by_test_id("anomaly-state")).to_contain_text("F1-chosen")
    shoot(page, "anomaly")
    no_errors(page)


def test_pca_maps_the_digits_and_rebuilds_them(open_demo):
    page = open_demo("pca")
    wait_done(page)
    data = demo_data(page, "pca")
    assert 0.25 < float(data["variance2"]) < 0.32  # two components keep about 29% of the variance
    assert float(data["variance64"]) == pytest.approx(1)
    error10 = float(data["error"])
    page.get_by_test_id("k").fill("64")
    expect(page.get_by_test_id("demo")).to_have_attribute("data-k", "64")
    expect(page.get_by_test_id("pca-state")).to_contain_text("from 64 of 64")
    assert float(demo_data(page, "pca")["error"]) < 1e-6 < error10  # all components: exact
    shoot(page, "pca")
    no_errors(page)


def test_rl_value_iteration_and_q_learning_reach_the_goal(open_demo):
    page = open_demo("rl")
    wait_done(page)
    data = demo_data(page, "rl")
    assert data["planEnd"] == "G"  # value iteration's policy leads to the goal
    assert data["walkEnd"] == "G"  # so does Q-learning's greedy policy after 300 episodes
    shoot(page, "rl")
    # Editing the map restarts both; the URL keeps the map.
    page.get_by_test_id("tool-wall").click()
    page.get_by_test_id("cell-0-0").click()
    assert "map=%23" in page.url
    expect(page.get_by_test_id("phase")).to_contain_text("Value iteration")
    no_errors(page)
