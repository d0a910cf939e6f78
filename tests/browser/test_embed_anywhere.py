"""Embeds a blog can afford: the README's one tag on a page of another site, one Python for every
demo of the page, nothing loaded for a demo far below the fold, Python booted for a loaded demo
only once a reader sees it, and a Content-Security-Policy that blocks injected scripts.

The blog is a folder served by a second server (another port, and "localhost" instead of
127.0.0.1: another site) that, like most static hosts, sends no CORS header.
"""

from pathlib import Path

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

from conftest import BOOT_TIMEOUT_MS, watch_errors  # noqa: E402

SCREENSHOTS = Path("/tmp/pyml-runtime-shots")

DEMOS = [
    ("xor", "mlp", "hidden-layers='4' features='x1,x2,x1*x2'"),
    ("moons", "logistic", "features='x1,x2,x1^2,x2^2,x1*x2'"),
    ("circles", "svm", ""),
    ("blobs", "kmeans", ""),
]

# A second Runtime client inside one demo's frame: it joins the page's shared Python and asks
# how many sessions that Python holds (every demo's model is one).
SESSIONS = """async () => {
  const { Runtime } = await import("./js/runtime.js");
  const probe = new Runtime();
  try {
    await probe.ready;
    return Number((await probe.run("from pyml.web import sessions\\nlen(sessions._sessions)")).result);
  } finally {
    probe.close();
  }
}"""


def blog_post(site, body):
    # The README's snippet: one classic script tag from the pyml site.
    return ("<!doctype html><html><head><meta charset=utf-8><title>A post</title><link rel=icon href='data:,'>"
            "<script src='%sjs/pyml-demo.js' defer></script>"
            "<style>body{font-family:sans-serif;margin:8px}pyml-demo{margin:4px}</style></head><body>"
            "<h1>Four demos</h1>%s</body></html>" % (site, body))


@pytest.fixture
def blog(tmp_path, serve):
    """blog(html) -> the URL of a page with that HTML on another site than the pyml site."""
    (tmp_path / "blog").mkdir()

    def publish(html, name="post.html"):
        (tmp_path / "blog" / name).write_text(html)
        return serve(tmp_path / "blog").replace("127.0.0.1", "localhost") + name
    return publish


def demo_frames(page):
    return [page.frame_locator("pyml-demo:nth-of-type(%d) > iframe" % (i + 1)) for i in range(len(DEMOS))]


def test_four_demos_on_another_site_share_one_python_and_train_side_by_side(chromium, site, blog):
    demos = "".join("<pyml-demo dataset='%s' model='%s' %s hide='seed' width='480' height='360'></pyml-demo>"
                    % demo for demo in DEMOS)
    url = blog(blog_post(site, demos))
    # Chromium refuses a shared worker to an embed on another site here (third-party storage
    # is blocked): the four frames share the hub one of them runs (runtime.js, _joinSibling).
    context = chromium.new_context(viewport={"width": 1000, "height": 860})
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.errors = watch_errors(page)
    page.goto(url)
    frames = demo_frames(page)
    for frame in frames:
        expect(frame.locator("body")).to_have_attribute("data-ready", "true", timeout=BOOT_TIMEOUT_MS)
    # One Python for the page: its WebAssembly was fetched once, for four demos.
    assert sum(1 for u in requests if u.endswith("/pyodide/pyodide.asm.wasm")) == 1

    for frame in frames:
        frame.get_by_test_id("train").click()
    for frame in frames:  # all four advance together: the shared worker serves them in turn
        expect(frame.get_by_test_id("iteration")).not_to_have_text("0", timeout=60_000)
    demos = [handle.content_frame() for handle in page.query_selector_all("pyml-demo > iframe")]
    assert demos[0].evaluate(SESSIONS) == 4
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "four-demos-other-site.png"))

    # Which demo runs the page's Python depends on which frame started first: exactly one does.
    hosts = [i for i, demo in enumerate(demos) if demo.evaluate("() => Boolean(window.pymlHub)")]
    assert len(hosts) == 1
    host = hosts[0]
    page.evaluate("() => document.querySelectorAll('pyml-demo').forEach((demo, i) => { demo.id = 'demo' + i; })")

    # Removing a demo that does not run Python disposes its session; the others train on, undisturbed.
    guest = next(i for i in (3, 2, 1) if i != host)
    page.evaluate("(i) => document.getElementById('demo' + i).remove()", guest)
    left = [i for i in range(len(DEMOS)) if i != guest]
    demos[host].wait_for_function(SESSIONS.replace("return Number", "return 3 === Number"), timeout=30_000, polling=500)
    before = int(demos[0].get_by_test_id("iteration").text_content())
    expect(demos[0].get_by_test_id("iteration")).not_to_have_text(str(before), timeout=30_000)
    for i in left:
        expect(demos[i].locator('[data-testid="notice"][data-subject="runtime"]')).to_have_count(0)

    # Removing the demo that runs Python ends that Python with it: the others boot a fresh one,
    # say so once, open their models again, and those that were training train again.
    training = [i for i in left if i != host and demos[i].locator("body").get_attribute("data-training") == "running"]
    assert training, "the XOR network (or the moons' logistic regression) was still training"
    page.evaluate("(i) => document.getElementById('demo' + i).remove()", host)
    left.remove(host)
    for i in left:
        notice = demos[i].locator('[data-testid="notice"][data-subject="runtime"]')
        expect(notice).to_contain_text("The demo that ran Python was removed", timeout=BOOT_TIMEOUT_MS)
        expect(demos[i].get_by_test_id("status")).to_have_text("Python is running again.", timeout=BOOT_TIMEOUT_MS)
    for i in training:
        expect(demos[i].get_by_test_id("iteration")).not_to_have_text("0", timeout=60_000)
    # Again one Python for the page, holding the two demos' models.
    assert demos[left[0]].evaluate(SESSIONS) == len(left) == 2
    page.screenshot(path=str(SCREENSHOTS / "two-demos-after-the-host-left.png"))
    assert page.errors == []
    context.close()


@pytest.mark.parametrize("width,height", [(480, 360), (400, 300)])
def test_the_one_tag_embed_at_blog_sizes_and_a_demo_below_the_fold_loads_nothing(chromium, site, blog, width, height):
    body = ("<p>Some text first.</p><pyml-demo dataset='spiral' model='mlp' hidden-layers='6' width='%d' height='%d'>"
            "</pyml-demo><div style='height:4000px'></div>"
            "<pyml-demo id='far' dataset='circles' model='knn' width='%d' height='%d'></pyml-demo>"
            % (width, height, width, height))
    context = chromium.new_context(viewport={"width": 900, "height": 700})
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.errors = watch_errors(page)
    page.goto(blog(blog_post(site, body), "sizes-%d.html" % width))
    near = page.frame_locator("pyml-demo:first-of-type > iframe")
    expect(near.locator("body")).to_have_attribute("data-ready", "true", timeout=BOOT_TIMEOUT_MS)
    near.get_by_test_id("train").click()
    expect(near.get_by_test_id("iteration")).not_to_have_text("0", timeout=60_000)
    # The demo 4000 px below has not even requested its page.
    assert not [u for u in requests if "model=knn" in u]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / ("embed-other-site-%dx%d.png" % (width, height))))
    page.locator("#far").scroll_into_view_if_needed()
    far = page.frame_locator("#far > iframe")
    expect(far.locator("body")).to_have_attribute("data-ready", "true", timeout=BOOT_TIMEOUT_MS)
    assert [u for u in requests if "model=knn" in u]
    assert page.errors == []
    context.close()


def test_an_embed_the_reader_has_not_reached_shows_its_data_and_boots_python_when_seen(chromium, site, blog):
    # Just below the fold: near enough for the browser to load the lazy iframe, not yet seen.
    body = ("<p>Some text first.</p><div style='height:800px'></div>"
            "<pyml-demo dataset='moons' model='logistic' width='480' height='360'></pyml-demo>"
            "<div style='height:2000px'></div>")
    context = chromium.new_context(viewport={"width": 900, "height": 700})
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.errors = watch_errors(page)
    page.goto(blog(blog_post(site, body), "below.html"))
    demo = page.frame_locator("pyml-demo > iframe")
    # The demo's page is loaded and draws its data from the build's snapshot, without Python.
    expect(demo.locator("body")).to_have_attribute("data-first-data", "drawn", timeout=30_000)
    expect(demo.get_by_test_id("boot-progress")).to_be_attached()
    # A runtime that boots asks for runtime.json before anything else (the data came after it).
    assert not [u for u in requests if u.endswith("/runtime.json") or "/pyodide/" in u]
    assert demo.locator("body").get_attribute("data-python") == "waiting"
    assert demo.locator("body").get_attribute("data-ready") is None

    page.locator("pyml-demo").scroll_into_view_if_needed()
    expect(demo.locator("body")).to_have_attribute("data-ready", "true", timeout=BOOT_TIMEOUT_MS)
    assert sum(1 for u in requests if u.endswith("/pyodide/pyodide.asm.wasm")) == 1
    demo.get_by_test_id("train").click()
    expect(demo.get_by_test_id("iteration")).not_to_have_text("0", timeout=60_000)
    assert page.errors == []
    context.close()


def test_the_content_security_policy_blocks_injected_scripts(chromium, site):
    context = chromium.new_context(viewport={"width": 480, "height": 360})
    page = context.new_page()
    page.errors = watch_errors(page)
    page.goto(site + "embed.html?dataset=xor&model=logistic")
    expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=BOOT_TIMEOUT_MS)  # the page works under it
    blocked = page.evaluate("""async () => {
      const violations = [];
      document.addEventListener("securitypolicyviolation", (e) => violations.push(e.violatedDirective));
      const script = document.createElement("script");
      script.textContent = "window.injected = 'inline script';";
      document.body.append(script);
      const button = document.querySelector("[data-testid=step]");
      button.setAttribute("onmouseover", "window.injected = 'event handler'");
      button.dispatchEvent(new MouseEvent("mouseover"));
      const link = document.createElement("script");
      link.src = "https://example.org/evil.js";
      document.body.append(link);
      await new Promise((resolve) => setTimeout(resolve, 0));
      return { injected: window.injected ?? null, violations };
    }""")
    assert blocked["injected"] is None
    assert blocked["violations"][:2] == ["script-src-elem", "script-src-attr"]
    assert "script-src-elem" in blocked["violations"][2:]
    # The three refusals are logged as console errors: nothing else went wrong.
    assert len(page.errors) == 3 and all("Content Security Policy" in e for e in page.errors), page.errors
    context.close()


def test_every_page_of_the_site_declares_the_policy():
    from conftest import DIST

    pages = sorted(DIST.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        text = page.read_text()
        if page.parent.name in ("vendor", "pyodide", "uplot"):
            continue
        assert text.count('http-equiv="Content-Security-Policy"') == 1, page
        assert "<script>" not in text and "<script type=\"module\">" not in text, page
