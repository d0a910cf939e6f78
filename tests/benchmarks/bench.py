"""pyml's benchmark: how fast the page trains, loads and draws (``python build.py bench``).

One run, on this machine, of:
1. training throughput of every algorithm family at playground sizes, in Chromium (the bundled
   Pyodide, in the page's worker, through the runtime's ``run`` call) and in CPython, with the
   ratio, and scikit-learn's fit time for the same task as a reference; plus the bridge's cost
   per frame (one ``step`` call with the 60 x 60 grid) in both, and its round trip from the page;
   and the primitive operations a step is made of, in both (the runtime's floor);
2. loading: navigation to "ready" (Pyodide booted, numpy loaded, pyml installed), cold (a fresh
   browser context, empty cache) and warm (a second visit in the same context), with the bytes
   the server sent;
3. responsiveness on the playground: click Train to first frame drawn, main-thread frames per
   second while each iterative model trains (requestAnimationFrame callbacks), progress frames
   per second.

Every figure is the median of several runs, with min and max. The results go to
docs/benchmarks.json (raw) and docs/benchmarks.md (the tables; report.py writes it). Nothing
here asserts a speed: a slow shared machine gives slow numbers, never a failure.
"""

import argparse
import datetime
import functools
import http.server
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import build  # noqa: E402  (the repository's build.py: the site and its server)
import embeds  # noqa: E402
import first_minute  # noqa: E402
import report  # noqa: E402
import time_to_accuracy  # noqa: E402
import workloads  # noqa: E402

SITE = ROOT / "build" / "bench-site"  # build/ is ignored by git
DOCS = ROOT / "docs"
RUNTIME_PAGE = "runtime-test.html"
PLAYGROUND_PAGE = "index.html"

# Records, in every page of a context, when the worker reports each boot stage (the init
# script runs before the page's own scripts, so it sees the Worker the runtime creates).
BOOT_PROBE = """
(() => {
  const stages = {};
  window.__bench = { stages, frames: 0 };
  const listen = (data) => {
    if (data && data.event === "status" && !(data.stage in stages)) stages[data.stage] = performance.now();
    if (data && data.ok && data.result && data.result.steps) window.__bench.frames += 1;
    // A page that joins a Python another page booted hears no stages, only init's answer.
    if (data && data.ok && data.result && data.result.protocol && !("ready" in stages)) stages.ready = performance.now();
  };
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(...args) {
      super(...args);
      if (!("worker" in stages)) stages.worker = performance.now();
      this.addEventListener("message", (event) => listen(event.data));
    }
  };
  // The runtime talks to its hub over a shared worker's port where it can (web/js/hub.js).
  const NativeShared = window.SharedWorker;
  if (NativeShared) {
    window.SharedWorker = class extends NativeShared {
      constructor(...args) {
        super(...args);
        stages.worker = performance.now();
        this.port.addEventListener("message", (event) => listen(event.data));
      }
    };
  }
})();
"""


# ---------------------------------------------------------------- the server

class _CountingWriter:
    def __init__(self, stream, counter):
        self.stream, self.counter = stream, counter

    def write(self, data):
        self.counter(len(data))
        return self.stream.write(data)

    def __getattr__(self, name):
        return getattr(self.stream, name)


class CountingHandler(build.Handler):
    """build.py's handler (the one ``serve`` uses), counting what it sends per request."""

    def setup(self):
        super().setup()
        self._sent = 0
        self.wfile = _CountingWriter(self.wfile, self._count)

    def _count(self, n):
        self._sent += n

    def handle_one_request(self):
        self._sent, self.requestline = 0, ""  # a kept-alive connection's end reads no request
        super().handle_one_request()
        if getattr(self, "requestline", ""):
            self.server.log.append({"path": getattr(self, "path", "?"), "status": getattr(self, "_status", None),
                                    "bytes": self._sent})

    def send_response(self, code, message=None):
        self._status = code
        super().send_response(code, message)


def start_server(folder):
    handler = functools.partial(CountingHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.verbose = False
    server.daemon_threads = True
    server.log = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def traffic(server, since):
    entries = server.log[since:]
    return {
        "bytes": sum(e["bytes"] for e in entries),
        "requests": len(entries),
        "full": sum(1 for e in entries if e["status"] == 200),
        "not_modified": sum(1 for e in entries if e["status"] == 304),
        "files": entries,
    }


# ---------------------------------------------------------------- the browser

def launch(playwright):
    return playwright.chromium.launch(
        executable_path=build.CHROMIUM,
        args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
    )


def wait_ready(page, timeout_s=120):
    page.wait_for_function("() => window.__bench && 'ready' in window.__bench.stages || "
                           "(window.__bench && 'error' in window.__bench.stages)", timeout=timeout_s * 1000)
    stages = page.evaluate("() => window.__bench.stages")
    if "error" in stages:
        raise RuntimeError("the runtime failed to boot: %s" % page.evaluate(
            "() => document.querySelector('[data-testid=error]')?.textContent"))
    return stages


def measure_loading(browser, base_url, server, repeats, page_name=RUNTIME_PAGE):
    """Cold (new context) and warm (second visit, same context) navigation to ready."""
    cold, warm = [], []
    for _ in range(repeats):
        context = browser.new_context()
        context.add_init_script(BOOT_PROBE)
        page = context.new_page()
        for visits in (cold, warm):
            since = len(server.log)
            page.goto(base_url + page_name)
            stages = wait_ready(page)
            # After the first visit the worker stores numpy's bytecode (web/js/worker.js): a
            # visitor who stays a moment. Wait until it is there (at most 10 s) before leaving.
            if visits is cold:
                page.evaluate("""async () => {
                  for (let waited = 0; waited < 10000; waited += 100) {
                    if ((await (await caches.open("pyml-bytecode")).keys()).length) return;
                    await new Promise((resolve) => setTimeout(resolve, 100));
                  }
                }""")
            time.sleep(0.3)  # let late requests (none expected) reach the log
            visits.append({"stages": stages, "ready_ms": stages["ready"], "traffic": traffic(server, since)})
        context.close()
    return {"page": page_name, "cold": cold, "warm": warm}


def open_runtime_page(browser, base_url):
    context = browser.new_context()
    context.add_init_script(BOOT_PROBE)
    page = context.new_page()
    page.goto(base_url + RUNTIME_PAGE)
    wait_ready(page)
    return context, page


def run_python(page, code, timeout_s=300):
    """Run Python source in the page's worker (the runtime's ``run`` call); return its stdout."""
    reply = page.evaluate(
        "async ([code, ms]) => { try { return await harness.runtime.run(code, {timeoutMs: ms}); }"
        " catch (e) { return {error: e.name + ': ' + e.message + '\\n' + (e.traceback || '')}; } }",
        [code, timeout_s * 1000],
    )
    if "error" in reply:
        raise RuntimeError("Python in the page failed: %s" % reply["error"])
    return reply["stdout"]


def browser_info(page):
    return page.evaluate("() => harness.runtime.info")


def in_browser(page, kind, task_id, repeats=1, warmup_s=0.0):
    out = run_python(page, "print(bench_json(%r, %r, %d, %r))" % (task_id, kind, repeats, warmup_s))
    return json.loads(out.strip().splitlines()[-1])


class Native:
    """The CPython side: a child process with one BLAS thread (as the page's worker has) that
    answers workloads.serve requests, so that browser and CPython runs can take turns."""

    def __init__(self):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE), str(ROOT)]), **SINGLE_THREAD)
        self.child = subprocess.Popen(
            [sys.executable, "-c", "import sys, workloads; workloads.serve(sys.stdin, sys.stdout)"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=str(ROOT))

    def request(self, kind, task_id=None, repeats=1, warmup_s=0.0):
        self.child.stdin.write(json.dumps({"kind": kind, "id": task_id, "repeats": repeats,
                                           "warmup_s": warmup_s}) + "\n")
        self.child.stdin.flush()
        line = self.child.stdout.readline()
        if not line:
            raise RuntimeError("the CPython benchmark process stopped (see its error above)")
        return json.loads(line)

    def close(self):
        self.child.stdin.close()
        self.child.wait()


def measure_training(page, native, tasks, repeats, log, slow_s=2.0, warmup_s=1.0):
    """Browser and CPython take turns on each task (the machine's load then weighs on both alike).

    Each side first runs the task untimed for ``warmup_s`` (steady state: the page's first runs
    are slow while V8 optimises numpy's WebAssembly), then a warm-up run, which the report leaves
    out; a task whose warm-up run took more than ``slow_s`` in the browser gets 3 timed runs
    instead of ``repeats``.
    """
    browser, cpython, sklearn = {}, {}, {}
    for task in tasks:
        tid = task["id"]
        b, c = in_browser(page, "train", tid, warmup_s=warmup_s), native.request("train", tid, warmup_s=warmup_s)
        n = repeats if b[0]["seconds"] < slow_s else min(repeats, 3)
        for _ in range(n):
            b += in_browser(page, "train", tid)
            c += native.request("train", tid)
        browser[tid], cpython[tid] = {"train": b}, {"train": c}
        if task["frame"]:
            browser[tid]["frame"] = in_browser(page, "frame", tid, repeats)
            cpython[tid]["frame"] = native.request("frame", tid, repeats)
            browser[tid]["round_trip"] = measure_round_trip(page, task, repeats)
        if task["sklearn"] and native.sklearn:
            sklearn[tid] = native.request("sklearn", tid, n + 1)
        rate = lambda runs: statistics.median(r["units"] / r["seconds"] for r in runs[1:])  # noqa: E731
        log("  %-34s browser %10.1f /s, CPython %10.1f /s" % (tid, rate(b), rate(c)))
    return browser, cpython, sklearn


def measure_primitives(page, native, repeats):
    """Seconds per call of workloads' primitive operations, the browser and CPython in turns."""
    browser, cpython = {}, {}
    for _ in range(repeats):
        b = json.loads(run_python(page, "print(json.dumps(measure_primitives(1)))").strip().splitlines()[-1])
        c = native.request("primitives", repeats=1)
        for pid in b:
            browser.setdefault(pid, []).extend(b[pid])
            cpython.setdefault(pid, []).extend(c[pid])
    return {"about": workloads.PRIMITIVES, "browser": browser, "cpython": cpython}


def measure_round_trip(page, task, repeats, warmup=2):
    """Milliseconds of one ``step`` call (one step, 60 x 60 grid) as the page sees it."""
    X, y = workloads._data(task["data"], task["n"])
    payload = {
        "model": task["model"], "params": workloads._page_params(task),
        "data": {"X": X.tolist(), "y": y.tolist()},
        "grid": {"x": workloads.EXTENT, "y": workloads.EXTENT, "size": workloads.GRID_SIZE},
    }
    return page.evaluate(
        """async ([payload, n, warmup]) => {
          const runtime = harness.runtime;
          const { session } = await runtime.create(payload);
          const times = [];
          for (let i = 0; i < n + warmup; i++) {
            const start = performance.now();
            await runtime.step(session, { maxSteps: 1 });
            if (i >= warmup) times.push(performance.now() - start);
          }
          await runtime.dispose(session);
          return times;
        }""",
        [payload, repeats, warmup],
    )


# ---------------------------------------------------------------- CPython and scikit-learn

SINGLE_THREAD = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}


# ---------------------------------------------------------------- the playground

# The playground runs measured: the first is the headline (every repeat); the others, fewer
# repeats, cover each model that trains step by step ("any model trains"), with iteration counts
# high enough to keep training through the window where the model allows it.
PLAYGROUND_RUNS = [
    ("mlp", "model=mlp&dataset=spiral"),
    ("linear", "model=linear&dataset=plane&n_iter=100000"),
    ("logistic", "model=logistic&dataset=moons&n_iter=100000"),
    ("svm", "model=svm&dataset=moons&n=2000"),
    ("kmeans", "model=kmeans&dataset=blobs&n=2000&n_init=20"),
    ("tree", "model=tree&dataset=moons&n=2000&max_depth=20"),
]


def measure_playground(browser, base_url, repeats, log, seconds=5.0):
    """Click Train on the playground for each of PLAYGROUND_RUNS: first frame, fps, frames/s."""
    results = {}
    for i, (name, query) in enumerate(PLAYGROUND_RUNS):
        n = repeats if i == 0 else min(repeats, 3)
        results[name] = {"query": query, "runs": [measure_playground_run(browser, base_url, query, seconds)
                                                  for _ in range(n)]}
        for r in results[name]["runs"]:
            log("  playground %-8s first frame %.0f ms, %s fps (longest frame %s ms) over %.1f s of training"
                " (%.1f idle), %.1f frames/s" % (name, r["first_frame_ms"], r["fps"], r["longest_frame_ms"],
                                                 r["seconds"], r["idle_fps"], r["frames_per_s"]))
    return results


def measure_playground_run(browser, base_url, query, seconds):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(BOOT_PROBE)
    page = context.new_page()
    page.goto(base_url + PLAYGROUND_PAGE + "?" + query)
    wait_ready(page)
    # The page is ready once it made its data and created the session (web/js/app.js).
    page.wait_for_function("() => document.body.dataset.ready === 'true' && "
                           "document.body.dataset.training === 'paused'", timeout=120000)
    result = page.evaluate(
        """async (seconds) => {
          // requestAnimationFrame callbacks per second, for at most ms, and while training only
          // when whileTraining (a model that finishes early is measured for the time it trained).
          // fps is frame intervals over the time they span; longest_ms the longest interval.
          const countFrames = (ms, whileTraining) => new Promise((resolve) => {
            const t0 = performance.now();
            let first = null, last = null, intervals = 0, longest = 0;
            const tick = (now) => {
              if (first === null) first = now;
              else { intervals += 1; longest = Math.max(longest, now - last); }
              last = now;
              const going = !whileTraining || document.body.dataset.training === "running";
              if (performance.now() - t0 < ms && going) requestAnimationFrame(tick);
              // (none when training ended within one frame: a tree grows its levels that fast)
              else resolve({ fps: intervals ? intervals / ((last - first) / 1000) : null, longest_ms: intervals ? longest : null,
                             seconds: (performance.now() - t0) / 1000 });
            };
            requestAnimationFrame(tick);
          });
          const idle = await countFrames(2000, false);  // the same page, not training: the baseline
          const counter = document.querySelector('[data-testid="iteration"]');
          const start = counter.textContent;
          let firstFrame = null;
          const seen = new Promise((resolve) => {
            new MutationObserver((_, observer) => {
              if (counter.textContent !== start && firstFrame === null) {
                // drawn: the counter changed in this task; the paint is the next animation frame
                requestAnimationFrame(() => { firstFrame = performance.now(); resolve(); });
                observer.disconnect();
              }
            }).observe(counter, { childList: true, characterData: true, subtree: true });
          });
          const longTasks = [];
          const observer = new PerformanceObserver((list) => {
            for (const e of list.getEntries()) longTasks.push(e.duration);
          });
          try { observer.observe({ entryTypes: ["longtask"] }); } catch (e) {}
          const clicked = performance.now();
          document.querySelector('[data-testid="train"]').click();
          await seen;
          const framesBefore = window.__bench.frames;
          const busy = await countFrames(seconds * 1000, true);
          observer.disconnect();
          return {
            first_frame_ms: firstFrame - clicked,
            fps: busy.fps,
            longest_frame_ms: busy.longest_ms,
            seconds: busy.seconds,
            idle_fps: idle.fps,
            frames_per_s: (window.__bench.frames - framesBefore) / busy.seconds,
            long_tasks: longTasks.length,
            long_task_ms: longTasks.reduce((a, b) => a + b, 0),
            iteration: Number(counter.textContent),
          };
        }""",
        seconds,
    )
    context.close()
    return result


# ---------------------------------------------------------------- the machine

def machine(chromium, runtime_info, sklearn_version):
    import numpy

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = "%.1f GB" % (int(line.split()[1]) / 1024 ** 2)
    except OSError:
        pass
    versions = (runtime_info or {}).get("versions", {})
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "chromium": chromium,
        "cpython": platform.python_version(),
        "numpy": numpy.__version__,
        "sklearn": sklearn_version,
        "pyodide": versions.get("pyodide"),
        "pyodide_package": _package_version(build.NPM_PYODIDE.parent),
        "pyodide_python": versions.get("python"),
        "pyodide_numpy": versions.get("numpy"),
        "pyml": versions.get("pyml"),
    }


def _package_version(folder):
    try:
        return json.loads((Path(folder) / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def git_commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


# ---------------------------------------------------------------- main

def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(prog="build.py bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (default 5)")
    parser.add_argument("--only", metavar="TEXT", help="only the tasks whose id contains TEXT")
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: loading,train,primitives,accuracy,first,playground,embeds")
    parser.add_argument("--no-build", action="store_true", help="reuse the site already in build/bench-site")
    parser.add_argument("--docs", type=Path, default=DOCS, help="where benchmarks.md/.json go (default docs/)")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    started = time.time()

    def log(text):
        print("[%5.0f s] %s" % (time.time() - started, text), flush=True)

    tasks = [t for t in workloads.TASKS if not args.only or args.only in t["id"]]
    if not args.no_build:
        build.build(SITE, "bundled")
    config = json.loads((SITE / "runtime.json").read_text())
    server = start_server(SITE)
    base_url = "http://127.0.0.1:%d/" % server.server_port
    results = {"command": "python build.py bench" + "".join(" " + a for a in argv or []),
               "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
               "commit": git_commit(), "profile": config["profile"], "repeats": args.repeats,
               "load_average": {"start": os.getloadavg()},
               "tasks": {t["id"]: {k: t[k] for k in ("name", "model", "params", "data", "n", "unit", "steps",
                                                         "work", "sklearn")} for t in tasks}}

    from playwright.sync_api import sync_playwright

    environment = {}

    with sync_playwright() as playwright:
        browser = launch(playwright)
        chromium = browser.version
        if "loading" not in skip:
            log("loading (%d cold + warm visits)" % args.repeats)
            results["loading"] = measure_loading(browser, base_url, server, args.repeats)
        context, page = open_runtime_page(browser, base_url)
        info = browser_info(page)
        if "accuracy" not in skip:
            log("time to accuracy: TF Playground's tasks, in the page and in CPython")
            results["time_to_accuracy"] = {
                "browser": time_to_accuracy.in_page(lambda code: run_python(page, code, timeout_s=1200)),
                "cpython": time_to_accuracy.in_cpython()}
        if not {"train", "primitives"} <= skip:
            native = Native()
            environment = native.request("environment")
            native.sklearn = environment["sklearn"]
            run_python(page, (HERE / "workloads.py").read_text())
            if "train" not in skip:
                log("training: the browser and CPython (one BLAS thread) in turns")
                results["browser"], results["cpython"], results["sklearn"] = measure_training(
                    page, native, tasks, args.repeats, log)
            if "primitives" not in skip:
                log("primitive operations: the browser and CPython in turns")
                results["primitives"] = measure_primitives(page, native, args.repeats)
            native.close()
        context.close()
        if "first" not in skip:
            log("the first minute (%d cold visits)" % args.repeats)
            results["first_minute"] = first_minute.measure(browser, base_url, args.repeats)
        if "playground" not in skip:
            log("the playground")
            try:
                results["playground"] = measure_playground(browser, base_url, args.repeats, log)
            except Exception as error:  # the page is someone else's work in progress: report, go on
                log("  playground failed: %s" % error)
                results["playground_error"] = str(error).splitlines()[0]
        browser.close()
        if "embeds" not in skip:
            log("embeds and first visit")
            results["embeds"] = embeds.measure(playwright, base_url, server, args.repeats, log)
    server.shutdown()

    results["machine"] = machine(chromium, info, environment.get("sklearn"))
    results["seconds"] = time.time() - started
    results["load_average"]["end"] = os.getloadavg()

    args.docs.mkdir(parents=True, exist_ok=True)
    (args.docs / "benchmarks.json").write_text(json.dumps(results, indent=1) + "\n")
    markdown = report.render(results, previous=args.docs / "benchmarks.md")
    if "time_to_accuracy" in results:
        markdown = time_to_accuracy.insert_section(markdown, results["time_to_accuracy"])
    if "embeds" in results:
        markdown += "\n" + embeds.render(results["embeds"])
    (args.docs / "benchmarks.md").write_text(markdown)
    log("wrote %s and %s" % (build._shown(args.docs / "benchmarks.md"), build._shown(args.docs / "benchmarks.json")))


if __name__ == "__main__":
    main()
