"""Offline after the first visit: the service worker (web/sw.js, filled in by build.py) keeps the
build's files, so the playground, an embed and a guided demo open and train with the network gone."""

import json

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

from conftest import BOOT_TIMEOUT_MS, DIST, watch_errors  # noqa: E402

CACHED = """async () => {
  const registration = await navigator.serviceWorker.ready;
  const build = (await (await fetch("runtime.json")).json()).build;
  const names = await caches.keys();
  const cache = await caches.open(`pyml-site-${build}`);
  return { active: !!registration.active, names, files: (await cache.keys()).length };
}"""


def test_the_site_opens_and_trains_offline_after_one_visit(chromium, site):
    build = json.loads((DIST / "runtime.json").read_text())["build"]
    files = json.loads((DIST / "sw.js").read_text().split("const FILES = ", 1)[1].split(";\n", 1)[0])
    assert "pyodide/pyodide.asm.wasm" in files and "embed.html" in files and "js/hub.js" in files
    context = chromium.new_context(viewport={"width": 480, "height": 360})
    page = context.new_page()
    page.errors = watch_errors(page)
    page.goto(site + "embed.html?dataset=xor&model=logistic")
    expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=BOOT_TIMEOUT_MS)
    cached = page.evaluate(CACHED)
    assert cached["active"] and cached["files"] == len(files)
    assert [name for name in cached["names"] if name.startswith("pyml-site-")] == ["pyml-site-" + build]

    assert page.errors == []
    page.close()

    # The network goes; the class opens the site again.
    context.set_offline(True)
    page = context.new_page()
    page.errors = watch_errors(page)
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))  # the worker's own tries fail, not the page's
    for url in ("embed.html?dataset=moons&model=mlp&hidden_layer_sizes=4", "index.html?dataset=circles&model=knn",
                "demos/index.html"):
        page.goto(site + url)
        if url.startswith("demos/"):  # the gallery, with its styles
            expect(page.locator('a[href="tshirts.html"]').first).to_be_visible()
            continue
        expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=BOOT_TIMEOUT_MS)
        page.get_by_test_id("step").click()
        expect(page.get_by_test_id("iteration")).to_have_text("1", timeout=60_000)
    # The gallery names no icon, so the browser asks for /favicon.ico, which the site has not.
    # The gallery names no icon, so the browser asks for /favicon.ico, which the site has not:
    # that one request fails (the only console error); everything the pages need was there.
    assert [url for url in failed if not url.endswith("/favicon.ico")] == []
    assert page.errors in ([], ["Failed to load resource: net::ERR_FAILED"]), (failed, page.errors)
    context.close()
