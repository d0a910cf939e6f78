"""The Playwright harness for the browser tests.

- ``site``: dist/ (or $PYML_DIST; built by ``python build.py``, here if missing) on localhost.
- ``serve(folder)``: serve another folder (a second build) on its own port.
- ``chromium``: one Debian Chromium (``PYML_CHROMIUM`` or /usr/bin/chromium; Playwright's
  own browser download is never used).
- ``runtime_page``: web/runtime-test.html with Pyodide booted, shared by the tests that use
  it: boot once, reuse the page.
- ``fresh_page()``: a page in a context of its own, for tests that break or replace the runtime.
- ``requests_log``: every URL the shared context requested (pages and their workers);
  requests to other origins are recorded and blocked.

Playwright's sync API cannot run twice at once in one thread, so the browser is started on
first use and stopped as soon as the next test does not use it (other browser tests may
start their own).
"""

import importlib.util
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")
expect = playwright_sync.expect

ROOT = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("PYML_DIST", ROOT / "dist"))  # build.py test sets it to its --out
CHROMIUM = os.environ.get("PYML_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
BOOT_TIMEOUT_MS = 90_000
SHARED = ("chromium", "runtime_page", "requests_log", "fresh_page")  # the fixtures that use the shared browser


def _load_build():
    spec = importlib.util.spec_from_file_location("pyml_build", ROOT / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build()


# ---------------------------------------------------------------- static servers

class _Servers:
    def __init__(self):
        self.running = {}

    def url(self, folder):
        folder = Path(folder).resolve()
        if folder not in self.running:
            server = build.make_server(folder)  # build.py's own handler: .wasm type, gzip
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.running[folder] = server
        return "http://127.0.0.1:%d/" % self.running[folder].server_port

    def close(self):
        for server in self.running.values():
            server.shutdown()
            server.server_close()
        self.running.clear()


@pytest.fixture(scope="session")
def serve():
    """serve(folder) -> its base URL on localhost (a thread with http.server, random port)."""
    servers = _Servers()
    yield servers.url
    servers.close()


@pytest.fixture(scope="session")
def site(serve):
    """The base URL of dist/, the bundled-profile site."""
    if not (DIST / "runtime.json").exists():
        build.build(DIST)
    return serve(DIST)


# ---------------------------------------------------------------- the shared browser

class _Shared:
    """One Playwright, Chromium and context for consecutive tests, with a booted runtime page."""

    def __init__(self):
        self.playwright = self.browser = self.context = self.page = None
        self.requests = []
        self.origin = None

    def start(self, site):
        if self.browser is not None:
            return
        if not Path(CHROMIUM).exists():
            pytest.skip("no Chromium at %s (set PYML_CHROMIUM, or run python build.py test)" % CHROMIUM)
        self.playwright = playwright_sync.sync_playwright().start()
        self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.context = self.browser.new_context(service_workers="block")  # routes see every request
        self.origin = _origin(site)
        self.context.route("**/*", self._record)

    def _record(self, route):
        url = route.request.url
        self.requests.append(url)
        if _origin(url) == self.origin:
            route.continue_()
        else:
            route.abort()

    def runtime_page(self, site):
        self.start(site)
        if self.page is None:
            self.page = self.context.new_page()
            self.page.errors = watch_errors(self.page)
            self.page.goto(site + "runtime-test.html")
            wait_for_boot(self.page)
        return self.page

    def stop(self):
        if self.playwright is not None:
            self.browser.close()
            self.playwright.stop()
        self.__init__()


_shared = _Shared()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield  # the test's fixtures are finalized first (they may close contexts)
    if nextitem is None or not set(SHARED) & set(getattr(nextitem, "fixturenames", ())):
        _shared.stop()


@pytest.fixture
def chromium(site):
    """The shared Chromium (a playwright Browser)."""
    _shared.start(site)
    return _shared.browser


@pytest.fixture
def runtime_page(site):
    """web/runtime-test.html in the shared context, its runtime booted (boots once, then reused)."""
    page = _shared.runtime_page(site)
    yield page
    errors, page.errors[:] = list(page.errors), []
    assert errors == [], "errors in the page: %s" % errors


@pytest.fixture
def fresh_page(chromium):
    """fresh_page(route=None) -> a page in a new context (its own worker and boot), closed after
    the test; ``route`` is a (url, handler) pair for context.route.

    The page has ``errors`` (its console errors and uncaught exceptions) and ``wait_for_boot()``.
    """
    contexts = []

    def open_page(route=None):
        context = chromium.new_context(service_workers="block")  # routes see every request (web/sw.js)
        contexts.append(context)
        if route is not None:
            context.route(*route)
        page = context.new_page()
        page.errors = watch_errors(page)
        page.wait_for_boot = lambda: wait_for_boot(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def requests_log(site):
    """The URLs requested in the shared context so far (boot included), and its origin."""
    _shared.start(site)
    return _shared.requests, _shared.origin


def wait_for_boot(page, timeout=BOOT_TIMEOUT_MS):
    """Wait until the page's runtime is ready or has failed; fail the test unless it is ready."""
    page.wait_for_function("() => ['ready', 'error'].includes(window.harness?.runtime?.state)", timeout=timeout)
    expect(page.get_by_test_id("status")).to_have_text("ready", timeout=1)


def watch_errors(page):
    """Collect console errors and uncaught exceptions of ``page`` (a test asserts none)."""
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _origin(url):
    parts = urlsplit(url)
    return "%s://%s" % (parts.scheme, parts.netloc)
