"""Render bench.py's results as docs/benchmarks.md: the tables, the targets, and the notes.

The notes (what was optimised and what each change bought) are written by hand in
docs/benchmarks.md between the NOTES markers; a new run keeps them and replaces the rest.
"""

import statistics
from pathlib import Path

import first_minute

NOTES_BEGIN = "<!-- notes: written by hand, kept by `python build.py bench` -->"
NOTES_END = "<!-- end of notes -->"

TARGETS = {
    "fps": 55.0,  # main-thread frames per second while a model trains
    "first_frame_ms": 300.0,  # click Train to first frame drawn
    "warm_ms": 2000.0,
    "cold_ms": 5000.0,
    "ratio": 1 / 3,  # browser throughput / CPython throughput
}


# ---------------------------------------------------------------- numbers

def summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def timed(runs):
    """The timed runs of a task (the first one warmed up)."""
    return runs[1:] if len(runs) > 1 else runs


def rate(runs):
    return summary([r["units"] / r["seconds"] for r in timed(runs) if r["seconds"] > 0])


def millis(seconds):
    return summary([s * 1000 for s in seconds])


def number(x):
    if x is None:
        return "–"
    if float(x).is_integer():
        return "{:,}".format(int(x))
    if x >= 1000:
        return "{:,.0f}".format(x)
    if x >= 100:
        return "%.0f" % x
    if x >= 10:
        return "%.1f" % x
    if x >= 1:
        return "%.2f" % x
    return "%.3f" % x


def spread(s, unit=""):
    """median (min–max)"""
    if s is None:
        return "–"
    if s["n"] == 1 or s["min"] == s["max"]:
        return number(s["median"]) + unit
    return "%s%s (%s–%s)" % (number(s["median"]), unit, number(s["min"]), number(s["max"]))


def megabytes(n):
    return "%.2f MB" % (n / 1e6) if n >= 1e5 else "%.1f kB" % (n / 1e3)


# ---------------------------------------------------------------- tables

def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def describe_task(task):
    data = {"digits": "digits", "cliff": "cliff walking 4×12", "russell-norvig": "4×3 world (slip 0.2)"}
    where = data.get(task["data"], "%s, %s points" % (task["data"], "{:,}".format(task["n"])))
    if task["data"] == "digits":
        where = "digits, 1,797 × 64"
    return where


def training_rows(results):
    rows, ratios = [], {}
    for tid, task in results["tasks"].items():
        browser = results.get("browser", {}).get(tid)
        cpython = results.get("cpython", {}).get(tid)
        if not browser or not cpython:
            continue
        b, c = rate(browser["train"]), rate(cpython["train"])
        ratio = b["median"] / c["median"] if b and c else None
        ratios[tid] = ratio
        units = timed(browser["train"])[0]["units"]
        sk = results.get("sklearn", {}).get(tid)
        mark = "" if ratio is None or ratio >= TARGETS["ratio"] else " ✗"
        rows.append([
            "`%s`" % task["name"], describe_task(task), task["unit"],
            spread(b), spread(c), ("%.2f" % ratio if ratio is not None else "–") + mark,
            "%s %s" % (number(units), task["unit"]),
            spread(millis([r["seconds"] for r in timed(browser["train"])])),
            spread(millis([r["seconds"] for r in timed(cpython["train"])])),
            spread(millis(timed(sk))) if sk else "–",
        ])
    header = ["algorithm", "data", "unit", "browser (units/s)", "CPython (units/s)", "browser / CPython",
              "work per run", "browser ms", "CPython ms", "scikit-learn ms"]
    return table(header, rows), ratios


def frame_rows(results):
    rows = []
    for tid, task in results["tasks"].items():
        browser = results.get("browser", {}).get(tid, {})
        cpython = results.get("cpython", {}).get(tid, {})
        if "frame" not in browser or "frame" not in cpython:
            continue
        b = millis([f["seconds"] for f in browser["frame"]])
        c = millis([f["seconds"] for f in cpython["frame"]])
        trip = summary(browser.get("round_trip", []))
        rows.append([
            "`%s`" % task["model"], describe_task(task), spread(b), spread(c),
            "%.2f" % (c["median"] / b["median"]) if b and c and b["median"] > 0 else "–",
            spread(trip), megabytes(browser["frame"][0]["bytes"]),
        ])
    header = ["model", "data", "browser: Python ms", "CPython ms", "browser / CPython", "page round trip ms",
              "frame size"]
    return table(header, rows)


def loading_rows(loading):
    rows = []
    for visit in ("cold", "warm"):
        runs = loading[visit]
        if not runs:
            continue
        stages = {}
        for name in ("python", "numpy", "pyml", "ready"):
            stages[name] = summary([r["stages"].get(name) for r in runs])
        traffic = [r["traffic"] for r in runs]
        rows.append([
            visit, spread(stages["ready"], " ms"),
            " → ".join("%s %s" % (name, number(stages[name]["median"])) for name in stages if stages[name]),
            megabytes(statistics.median(t["bytes"] for t in traffic)),
            "%d (%d full, %d not modified)" % (traffic[0]["requests"], traffic[0]["full"], traffic[0]["not_modified"]),
        ])
    return table(["visit", "navigation → ready", "stages (median ms since navigation)", "bytes sent",
                  "requests"], rows)


def files_rows(loading):
    first = loading["cold"][0]["traffic"]["files"] if loading.get("cold") else []
    warm = {f["path"]: f for f in loading["warm"][0]["traffic"]["files"]} if loading.get("warm") else {}
    rows = [["`%s`" % f["path"], megabytes(f["bytes"]),
             "%s, %s" % (warm[f["path"]]["status"], megabytes(warm[f["path"]]["bytes"])) if f["path"] in warm else "–"]
            for f in first]
    return table(["file", "first visit (sent)", "second visit (status, sent)"], rows)


def playground_rows(playground):
    """The headline run (the first model measured) in detail, then every model in one row each."""
    first = next(iter(playground.values()))
    runs = first["runs"]
    keys = [("first_frame_ms", "click Train → first frame drawn", " ms"),
            ("fps", "main thread, requestAnimationFrame callbacks per second while training", ""),
            ("longest_frame_ms", "... the longest interval between two of them", " ms"),
            ("idle_fps", "... the same page before Train (the machine's baseline)", ""),
            ("frames_per_s", "progress frames received per second", ""),
            ("long_tasks", "long tasks (> 50 ms) on the main thread while measuring", "")]
    headline = table(["measure (`%s`)" % first["query"], "median (min–max)"],
                     [[label, spread(summary([r[key] for r in runs]), unit)] for key, label, unit in keys])
    rows = []
    for entry in playground.values():
        runs = entry["runs"]
        rows.append(["`%s`" % entry["query"], len(runs),
                     spread(summary([r["first_frame_ms"] for r in runs]), " ms"),
                     spread(summary([r["fps"] for r in runs])),
                     spread(summary([r["longest_frame_ms"] for r in runs]), " ms"),
                     spread(summary([r["seconds"] for r in runs]), " s"),
                     spread(summary([r["idle_fps"] for r in runs])),
                     spread(summary([r["frames_per_s"] for r in runs])),
                     spread(summary([r["long_tasks"] for r in runs]))])
    models = table(["playground URL", "runs", "first frame", "fps while training", "longest frame", "trained for",
                    "fps before Train", "progress frames/s", "long tasks"], rows)
    return headline, models


def primitive_rows(primitives):
    rows = []
    for pid, about in primitives["about"].items():
        b = summary([t * 1e6 for t in primitives["browser"][pid]])
        c = summary([t * 1e6 for t in primitives["cpython"][pid]])
        rows.append([about, spread(b, " µs"), spread(c, " µs"), "%.2f" % (c["median"] / b["median"])])
    return table(["operation", "browser", "CPython", "browser / CPython speed"], rows)


# ---------------------------------------------------------------- the document

def targets(results, ratios):
    lines = []

    def line(ok, text):
        lines.append("- %s %s" % ("**met**" if ok else "**not met**", text))

    pg = results.get("playground")
    if pg:
        # A model that finished within one frame has no fps to judge (summary gives None).
        fps = {name: summary([r["fps"] for r in entry["runs"]]) for name, entry in pg.items()}
        medians = {name: s["median"] for name, s in fps.items() if s}
        worst = min(r["fps"] for entry in pg.values() for r in entry["runs"] if r["fps"] is not None)
        firsts = {name: summary([r["first_frame_ms"] for r in entry["runs"]])["median"] for name, entry in pg.items()}
        line(min(medians.values()) >= TARGETS["fps"],
             "— main thread ≥ 55 fps while any model trains: median per model %s fps (worst single run %s)."
             % (", ".join("%s %s" % (name, number(fps)) for name, fps in medians.items()), number(worst)))
        line(max(firsts.values()) <= TARGETS["first_frame_ms"],
             "— first frame within 300 ms of clicking Train: median per model %s."
             % ", ".join("%s %s ms" % (name, number(ms)) for name, ms in firsts.items()))
    else:
        lines.append("- responsiveness not measured: %s" % results.get("playground_error", "skipped"))
    loading = results.get("loading")
    if loading:
        warm = summary([r["ready_ms"] for r in loading["warm"]])
        cold = summary([r["ready_ms"] for r in loading["cold"]])
        line(warm["median"] <= TARGETS["warm_ms"], "— warm reload to ready within 2 s: %s." % spread(warm, " ms"))
        line(cold["median"] <= TARGETS["cold_ms"], "— cold load to ready within 5 s: %s." % spread(cold, " ms"))
    if ratios:
        slow = sorted((r, tid) for tid, r in ratios.items() if r is not None and r < TARGETS["ratio"])
        line(not slow, "— in-browser training at least 1/3 as fast as CPython: %d of %d tasks%s."
             % (len(ratios) - len(slow), len(ratios),
                "" if not slow else "; below: " + ", ".join("`%s` %.2f" % (tid, r) for r, tid in slow)))
    return "\n".join(lines)


def machine_text(results):
    m = results["machine"]
    load = results.get("load_average", {})
    fmt = lambda loads: "/".join("%.1f" % x for x in loads) if loads else "?"  # noqa: E731
    return "\n".join([
        "- CPU: %s, %s cores; memory %s; %s" % (m["cpu"], m["cores"], m["memory"], m["os"]),
        "- Chromium %s (headless, Playwright); Pyodide %s (npm @pyodide/pyodide %s; Python %s, numpy %s),"
        " bundled profile" % (m["chromium"], m["pyodide"], m.get("pyodide_package"), m["pyodide_python"],
                              m["pyodide_numpy"]),
        "- CPython %s, numpy %s, scikit-learn %s, one BLAS thread (`OPENBLAS_NUM_THREADS=1`), like the page's worker"
        % (m["cpython"], m["numpy"], m["sklearn"]),
        "- pyml %s at commit `%s`; load average (1/5/15 min) %s at the start, %s at the end; the machine is shared,"
        " so figures move between runs: compare within one run" % (m["pyml"], results.get("commit"),
                                                                   fmt(load.get("start")), fmt(load.get("end"))),
    ])


def render(results, previous=None):
    notes = "%s\n\n%s" % (NOTES_BEGIN, NOTES_END)
    if previous is not None and Path(previous).exists():
        text = Path(previous).read_text()
        if NOTES_BEGIN in text and NOTES_END in text:
            notes = text[text.index(NOTES_BEGIN):text.index(NOTES_END) + len(NOTES_END)]
    training, ratios = training_rows(results) if "browser" in results else ("", {})
    parts = [
        "# Benchmarks",
        "",
        "How fast pyml trains, loads and draws in the page, next to CPython. Produced by `%s` on %s "
        "(%.0f s); the raw figures are in [benchmarks.json](benchmarks.json). Every figure is the median of "
        "%d runs with (min–max); speed is measured here, never asserted in a test."
        % (results["command"], results["date"], results.get("seconds", 0), results["repeats"]),
        "",
        "## Machine",
        "",
        machine_text(results),
        "",
        "## Targets",
        "",
        targets(results, ratios),
    ]
    if training:
        parts += [
            "",
            "## Training throughput",
            "",
            "pyml inside Chromium (the bundled Pyodide, in the page's worker, through the runtime's `run` call)"
            " and the same code in CPython, in the same run: a fixed amount of training per run (`fit_iter` steps,"
            " one `fit`, or predictions on the page's 60 × 60 grid), after 1 s of untimed runs and one warm-up run (steady"
            " state: the page's first runs are slower while V8 optimises numpy's WebAssembly). scikit-learn fits the"
            " same task as a reference (its own stopping rules and solvers; `linear-gd` is compared with"
            " `SGDRegressor`, `anomaly` with `EmpiricalCovariance`). ✗ marks a ratio below 1/3.",
            "",
            training,
            "",
            "## Cost of a frame",
            "",
            "One `step` call of one training step, as the page makes it every animation frame: the step, the"
            " metrics, the model's output on the 60 × 60 grid and its view, in Python (browser: inside the"
            " worker), and the whole round trip as the page sees it (with the conversion to JavaScript and the"
            " message). Models that train in one go (PCA, k-NN, naive Bayes, anomaly) only redraw.",
            "",
            frame_rows(results),
        ]
    if results.get("loading"):
        parts += [
            "",
            "## Loading",
            "",
            "From navigation to the runtime's `ready` (Pyodide booted, numpy loaded, pyml installed) on `%s`:"
            " cold is a fresh browser context (empty cache), warm a second visit in the same context. Bytes are"
            " what `build.py serve`'s handler sent (headers included)." % results["loading"]["page"],
            "",
            loading_rows(results["loading"]),
            "",
            "<details><summary>Files of the first and second visit</summary>",
            "",
            files_rows(results["loading"]),
            "",
            "</details>",
        ]
    if results.get("primitives"):
        parts += [
            "",
            "## The runtime's floor",
            "",
            "The operations a training step is made of, timed alone in the page's worker and in CPython, in turns"
            " (µs per call). A step built from them cannot run faster, relative to CPython, than its mix of these"
            " ratios allows: exact changes to pyml can only make fewer calls.",
            "",
            primitive_rows(results["primitives"]),
        ]
    if results.get("playground"):
        headline, models = playground_rows(results["playground"])
        parts += [
            "",
            "## Responsiveness",
            "",
            "The playground (`index.html`, normal speed) once ready: click Train, then count requestAnimationFrame"
            " callbacks on the main thread and progress frames for up to 5 s, while the model trains (a model"
            " that finishes sooner is measured for the time it trained). The headline run, a neural network on"
            " the spiral:",
            "",
            headline,
            "",
            "Every model that trains step by step:",
            "",
            models,
        ]
    if results.get("first_minute"):
        parts += first_minute.markdown(results["first_minute"])
    parts += ["", "## What was optimised", "", notes, ""]
    return "\n".join(parts)
