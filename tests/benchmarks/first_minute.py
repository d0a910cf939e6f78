"""The playground's first minute, for ``python build.py bench``: how soon a visitor sees the data,
how soon Python is ready, and how soon the default experiment is good.

Each run is a fresh browser context (an empty cache) opening ``index.html`` with no settings:
- first points: navigation to the data drawn from the build's snapshot (body[data-first-data]);
- ready: navigation to the page ready to train (body[data-ready]: Python booted, data and model made);
- default at 95%: Train pressed to a test accuracy of at least 95% shown, and the epoch it showed.
Times are the page's own clock (performance.now, from navigation start). Nothing is asserted.
"""

import statistics

# Records, from the first script on, when the page marks the first picture and readiness.
PROBE = """
(() => {
  window.__firstMinute = {};
  new MutationObserver(() => {
    const body = document.body;
    if (!body) return;
    const marks = window.__firstMinute;
    if (body.dataset.firstData && marks.firstData === undefined) {
      marks.firstData = performance.now();
      marks.firstDataKind = body.dataset.firstData;
    }
    if (body.dataset.ready && marks.ready === undefined) marks.ready = performance.now();
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-first-data", "data-ready"] });
})();
"""

# Press Train and watch each animation frame for the test accuracy to reach 95%.
TRAIN_TO_95 = """
(limitMs) => new Promise((resolve) => {
  const start = performance.now();
  document.querySelector("[data-testid=train]").click();
  const look = () => {
    const accuracy = parseFloat(document.querySelector("[data-testid=metric-test-accuracy]")?.textContent);
    const epoch = Number(document.querySelector("[data-testid=iteration]").textContent);
    const now = performance.now() - start;
    if (accuracy >= 95) resolve({ ms: now, epoch });
    else if (now > limitMs) resolve({ ms: null, epoch });
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})
"""


def measure(browser, base_url, repeats, limit_s=60):
    """[{first_points_ms, first_kind, ready_ms, default_95_ms, default_95_epoch}] of `repeats` cold visits."""
    runs = []
    for _ in range(repeats):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.add_init_script(PROBE)
        page = context.new_page()
        page.goto(base_url + "index.html")
        page.wait_for_selector("body[data-ready]", timeout=120_000)
        marks = page.evaluate("window.__firstMinute")
        trained = page.evaluate(TRAIN_TO_95, limit_s * 1000)
        runs.append({
            "first_points_ms": marks.get("firstData") if marks.get("firstDataKind") == "drawn" else None,
            "first_kind": marks.get("firstDataKind"),
            "ready_ms": marks.get("ready"),
            "default_95_ms": trained["ms"],
            "default_95_epoch": trained["epoch"],
        })
        context.close()
    return {"page": "index.html", "runs": runs}


def _spread(values, unit):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    fmt = (lambda v: "%.0f" % v) if unit == " ms" else (lambda v: "%g" % v)
    return "%s%s (%s–%s)" % (fmt(statistics.median(values)), unit, fmt(min(values)), fmt(max(values)))


def markdown(result):
    """The report's section (a list of lines)."""
    runs = result["runs"]
    rows = [
        ("data, axes and legend drawn (before Python)", _spread([r["first_points_ms"] for r in runs], " ms"), "0.5 s"),
        ("ready to train (Python, data, model)", _spread([r["ready_ms"] for r in runs], " ms"), ""),
        ("default experiment: Train to ≥ 95% test accuracy", _spread([r["default_95_ms"] for r in runs], " ms"), "5 s"),
        ("… at epoch", _spread([r["default_95_epoch"] for r in runs], ""), ""),
    ]
    return [
        "",
        "## The first minute",
        "",
        "`%s` with no settings, %d cold visits (a fresh browser context each), timed by the page's clock from"
        " navigation: the first picture comes from the build's data snapshot while Python boots." % (
            result["page"], len(runs)),
        "",
        "| moment | median (min–max) | target |",
        "| --- | --- | --- |",
        *["| %s | %s | %s |" % row for row in rows],
    ]
