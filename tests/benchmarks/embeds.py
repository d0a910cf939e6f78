"""The "Embeds and first visit" section of ``build.py bench``: what a reader downloads, and what a
blog page with 1, 2 or 4 embedded demos costs the browser.

- first and second visit of the playground and of an embed: bytes sent (gzip, as ``build.py
  serve`` sends them), requests, time to ready;
- a page of another site (a second server) with N ``<pyml-demo>`` elements, the README's one
  tag: the browser's CPU time (every Chromium process, user + system, from /proc) and memory
  (PSS, from /proc/<pid>/smaps_rollup) from navigation until every demo is ready plus one
  second, and the time until every demo is ready. Each page in a fresh browser.

Measured, never asserted.
"""

import os
import statistics
import tempfile
import time
from pathlib import Path

import bench

DEMOS = ["dataset='xor' model='mlp' hidden-layers='4'", "dataset='moons' model='logistic'",
         "dataset='circles' model='svm'", "dataset='blobs' model='kmeans'"]
TICKS = os.sysconf("SC_CLK_TCK")


def _descendants(root):
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        for child in children.get(pid, []):
            found.append(child)
            todo.append(child)
    return found


def _chromium_usage():
    """(CPU seconds, PSS bytes) summed over this process's Chromium descendants."""
    cpu = pss = 0
    for pid in _descendants(os.getpid()):
        try:
            if "chrom" not in Path("/proc/%d/comm" % pid).read_text():
                continue
            fields = Path("/proc/%d/stat" % pid).read_text().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
            for line in Path("/proc/%d/smaps_rollup" % pid).read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return cpu, pss


def _blog(folder, site, n):
    body = "".join("<pyml-demo %s width='480' height='360'></pyml-demo>" % demo for demo in DEMOS[:n])
    (folder / ("post-%d.html" % n)).write_text(
        "<!doctype html><html><head><meta charset=utf-8><title>post</title><link rel=icon href='data:,'>"
        "<script src='%sjs/pyml-demo.js' defer></script></head><body style='width:1000px'>%s</body></html>" % (site, body))
    return "post-%d.html" % n


def measure_demos(playwright, site, blog_url, folder, n):
    browser = bench.launch(playwright)
    page = browser.new_context(viewport={"width": 1000, "height": 800}).new_page()
    cpu0, _ = _chromium_usage()
    started = time.perf_counter()
    page.goto(blog_url + _blog(folder, site, n))
    for i in range(n):
        frame = page.frame_locator("pyml-demo:nth-of-type(%d) > iframe" % (i + 1))
        frame.locator("body[data-ready=true]").wait_for(timeout=300_000)
    ready = time.perf_counter() - started
    time.sleep(1.0)
    cpu1, pss = _chromium_usage()
    browser.close()
    return {"demos": n, "ready_s": ready, "cpu_s": cpu1 - cpu0, "pss_mb": pss / 1e6}


def measure_visits(playwright, base_url, server, page_name):
    browser = bench.launch(playwright)
    context = browser.new_context()
    context.add_init_script(bench.BOOT_PROBE)
    page = context.new_page()
    visits = []
    for _ in ("first", "second"):
        since = len(server.log)
        page.goto(base_url + page_name)
        stages = bench.wait_ready(page)
        time.sleep(0.5)
        sent = bench.traffic(server, since)
        visits.append({"bytes": sent["bytes"], "requests": sent["requests"], "ready_ms": stages["ready"]})
    browser.close()
    return {"page": page_name, "first": visits[0], "second": visits[1]}


def measure(playwright, base_url, server, repeats, log):
    """Every figure of the section; the demo pages ``repeats`` times each, interleaved."""
    results = {"visits": [], "demos": {}}
    for page_name in ("index.html", "embed.html?dataset=xor&model=mlp"):
        log("  first and second visit of %s" % page_name)
        results["visits"].append(measure_visits(playwright, base_url, server, page_name))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        blog = bench.start_server(folder)
        blog_url = "http://localhost:%d/" % blog.server_port  # another site than 127.0.0.1
        for run in range(repeats):
            for n in (1, 2, 4):
                log("  a blog page with %d demo(s), run %d" % (n, run + 1))
                results["demos"].setdefault(n, []).append(measure_demos(playwright, base_url, blog_url, folder, n))
        blog.shutdown()
    return results


def render(results):
    lines = ["## Embeds and first visit", "",
             "Bytes are what the server sent (gzip), from navigation until the runtime is ready.", "",
             "| page | visit | sent | requests | ready |", "|---|---|---:|---:|---:|"]
    for entry in results["visits"]:
        for visit in ("first", "second"):
            v = entry[visit]
            lines.append("| `%s` | %s | %.2f MB | %d | %.1f s |" % (
                entry["page"], visit, v["bytes"] / 1e6, v["requests"], v["ready_ms"] / 1000))
    lines += ["", "A blog page of another site with N `<pyml-demo>` elements (medians; CPU and memory of every "
              "Chromium process until all are ready + 1 s):", "",
              "| demos | browser CPU | memory (PSS) | all ready |", "|---:|---:|---:|---:|"]
    for n, runs in sorted(results["demos"].items(), key=lambda item: int(item[0])):
        med = {k: statistics.median(r[k] for r in runs) for k in ("cpu_s", "pss_mb", "ready_s")}
        lines.append("| %s | %.1f s | %.0f MB | %.1f s |" % (n, med["cpu_s"], med["pss_mb"], med["ready_s"]))
    return "\n".join(lines) + "\n"
