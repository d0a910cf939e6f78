"""The embed page (web/embed.html) and the <pyml-demo> element, in Chromium at blog-post sizes."""

from pathlib import Path

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

from conftest import BOOT_TIMEOUT_MS, watch_errors  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "playground"


def new_page(chromium, width, height):
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.errors = watch_errors(page)
    return page


def iteration(page):
    return int(page.get_by_test_id("iteration").text_content())


# The elements of `testids` not wholly inside the viewport, or cut by the side column (which
# hides what does not fit).
CUT_OFF = """(ids) => ids.filter((id) => {
  const el = document.querySelector(`[data-testid="${id}"]`);
  if (!el || !el.checkVisibility()) return true;
  const r = el.getBoundingClientRect();
  const side = el.closest(".side");
  const c = side ? side.getBoundingClientRect() : { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
  return r.left < Math.max(0, c.left) - 0.5 || r.top < Math.max(0, c.top) - 0.5
    || r.right > Math.min(innerWidth, c.right) + 0.5 || r.bottom > Math.min(innerHeight, c.bottom) + 0.5;
})"""


def test_embed_page_is_a_working_demo_at_400_by_300(chromium, site):
    page = new_page(chromium, 400, 300)
    page.goto(site + "embed.html?dataset=xor&model=mlp&hidden_layer_sizes=4&features=x1,x2,x1*x2&speed=fast")
    expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=BOOT_TIMEOUT_MS)
    # Everything fits: no scrolling inside the frame.
    assert page.evaluate("() => document.documentElement.scrollWidth <= 400 && document.documentElement.scrollHeight <= 300")
    before = page.get_by_test_id("heatmap").evaluate("c => c.toDataURL()")
    page.get_by_test_id("train").click()
    page.wait_for_function("() => Number(document.querySelector('[data-testid=iteration]').textContent) >= 30",
                           timeout=60_000)
    page.evaluate("() => document.body.dataset.training === 'running' && document.querySelector('[data-testid=train]').click()")
    expect(page.locator("body")).not_to_have_attribute("data-training", "running")
    assert page.get_by_test_id("heatmap").evaluate("c => c.toDataURL()") != before
    losses = page.evaluate("() => window.pyml.losses()")
    assert losses[-1] < losses[0]
    # The main parts are on screen, the scores too (the side column cuts what does not fit).
    assert page.evaluate(CUT_OFF, ["train", "reset", "iteration", "plot", "metrics", "open-playground"]) == []
    assert page.evaluate("""() => [...document.querySelectorAll('[data-testid=metrics] :is(th, td)')]
        .every((cell) => cell.scrollWidth <= cell.clientWidth)"""), "a number does not fit its cell"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "embed-400x300.png"))
    assert page.errors == []
    page.context.close()


@pytest.mark.parametrize("width,height", [(480, 360), (400, 300)])
@pytest.mark.parametrize("query,iterations,loss", [("dataset=circles&model=svm", 9, "dual objective f(α)"),
                                                   ("dataset=spiral&model=mlp", 80, "cross-entropy")],
                         ids=["svm", "network"])
def test_embed_shows_its_scores_whole_and_its_loss_chart_in_its_column(chromium, site, width, height, query, iterations,
                                                                        loss):
    # The widest scores: the SVM's row "support vectors" ("40 of 160"), a network's small losses
    # ("0.001996") after some epochs; the longest chart name: the SVM's dual objective's formula.
    page = new_page(chromium, width, height)
    page.goto(site + "embed.html?" + query)
    expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=BOOT_TIMEOUT_MS)
    page.get_by_test_id("train").click()
    page.wait_for_function("(n) => Number(document.querySelector('[data-testid=iteration]').textContent) >= n",
                           arg=iterations, timeout=60_000)
    page.evaluate("() => document.body.dataset.training === 'running' && document.querySelector('[data-testid=train]').click()")
    expect(page.locator("body")).not_to_have_attribute("data-training", "running")
    assert page.evaluate(CUT_OFF, ["train", "iteration", "plot", "metrics", "open-playground"]) == []
    assert page.evaluate("""() => [...document.querySelectorAll('[data-testid=metrics] :is(th, td)')]
        .every((cell) => cell.scrollWidth <= cell.clientWidth)"""), "a number does not fit its cell"
    # The chart, its axes included, stays in its column and above the link out; a name too long
    # for it ends in "…" and is whole on hover.
    chart, block = (page.locator(sel).bounding_box() for sel in (".side .uplot", ".side .chart-block"))
    assert chart["x"] + chart["width"] <= block["x"] + block["width"] + 0.5
    assert chart["y"] + chart["height"] <= block["y"] + block["height"] + 0.5
    assert (page.locator(".side .u-title").get_attribute("title") or "").startswith(loss)
    assert page.errors == []
    page.context.close()


@pytest.mark.parametrize("width,height", [(480, 360), (400, 300)])
def test_anomaly_embed_shows_its_legend_and_the_way_out(chromium, site, width, height):
    page = new_page(chromium, width, height)
    page.goto(site + "embed.html?dataset=blobs&model=anomaly")
    expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=BOOT_TIMEOUT_MS)
    page.get_by_test_id("step").click()
    expect(page.get_by_test_id("model-summary")).to_contain_text("Flagged as anomalies", timeout=60_000)
    expect(page.get_by_test_id("legend")).to_contain_text("the plus marks the mean")
    assert page.evaluate("() => document.documentElement.scrollHeight") <= height
    cut = page.evaluate(CUT_OFF, ["train", "plot", "model-summary", "legend", "settings", "open-playground"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / ("embed-anomaly-%dx%d.png" % (width, height))))
    assert cut == [], "cut off at %dx%d: %s" % (width, height, cut)
    assert page.errors == []
    page.context.close()


def test_embed_hides_the_controls_the_link_names(chromium, site):
    page = new_page(chromium, 480, 360)
    page.goto(site + "embed.html?dataset=moons&model=svm&hide=step,speed,metrics,kernel,seed")
    expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=BOOT_TIMEOUT_MS)
    expect(page.get_by_test_id("train")).to_be_visible()
    for testid in ("step", "speed", "metrics"):
        expect(page.get_by_test_id(testid)).to_be_hidden()
    page.get_by_text("Settings").click()
    expect(page.get_by_test_id("control-C")).to_be_visible()
    expect(page.get_by_test_id("control-kernel")).to_be_hidden()
    expect(page.get_by_test_id("control-seed")).to_be_hidden()
    link = page.get_by_test_id("open-playground").get_attribute("href")
    assert "index.html?" in link and "model=svm" in link
    assert page.errors == []
    page.context.close()


def test_embed_code_from_the_playground_and_the_custom_element(chromium, site):
    page = new_page(chromium, 1200, 900)
    page.goto(site + "index.html?dataset=circles&model=knn")
    expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=BOOT_TIMEOUT_MS)
    snippet = page.get_by_test_id("embed-code").input_value()
    assert snippet.startswith('<iframe src="' + site + "embed.html?dataset=circles&amp;model=knn")
    page.context.close()

    # A blog post using the snippet and the custom element, served from the site's origin.
    host = new_page(chromium, 1000, 800)
    post = (
        "<!doctype html><html><head><title>post</title><link rel=icon href='data:,'>"
        "<script type='module' src='js/pyml-demo.js'></script></head><body>"
        "<h1>A post</h1>" + snippet.replace("&amp;", "&amp;") +
        "<pyml-demo model='mlp' dataset='spiral' hidden-layers='4,2' width='420' height='320'></pyml-demo>"
        "</body></html>"
    )
    host.route(site + "post.html", lambda route: route.fulfill(status=200, content_type="text/html", body=post))
    host.goto(site + "post.html")
    element_frame = host.frame_locator("pyml-demo > iframe")
    iframe_frame = host.frame_locator("body > iframe")
    for frame in (element_frame, iframe_frame):
        expect(frame.locator("body")).to_have_attribute("data-ready", "true", timeout=BOOT_TIMEOUT_MS)
    src = host.locator("pyml-demo").evaluate("el => el.querySelector('iframe').src")
    assert "embed.html?model=mlp&dataset=spiral&hidden_layer_sizes=4%2C2" in src
    element_frame.get_by_test_id("step").click()
    expect(element_frame.get_by_test_id("iteration")).to_have_text("1", timeout=60_000)
    host.screenshot(path=str(ARTIFACTS / "embedded-in-a-post.png"), full_page=True)
    assert host.errors == []
    host.context.close()
