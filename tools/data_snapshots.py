"""Write the data the page draws before Python has started (``build.py`` calls this).

    python tools/data_snapshots.py OUT_FOLDER

For every setting in ``FIRST_DATA_SETTINGS`` (web/js/first_data.js: each built-in data set at
its defaults), node prints the ``data`` call the page sends to Python in the worker
(web/js/data.js); this answers it here with the same bridge (``pyml.web.bridge.handle``), in
CPython with this checkout's pyml, and writes the answer to ``OUT_FOLDER/<data set>.json`` with
the setting's key. The page draws that file at
once, then Python in the page makes the same data itself: tests/test_first_data.py checks the
files against ``pyml.datasets``, tests/browser/test_first_minute.py the page's data against the
files.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def data_requests():
    """[{dataset, key, settings, request}] from the page's own modules (tools/data_requests.mjs)."""
    text = subprocess.run(
        ["node", str(ROOT / "tools" / "data_requests.mjs")], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(text)


def answer(request):
    """The bridge's answer to the page's ``data`` call: {X, y, X_test, y_test, columns}."""
    from pyml.web.bridge import handle

    reply = handle("data", request)
    if not reply["ok"]:
        raise ValueError("the data call %r failed: %s" % (request, reply["error"]))
    return reply["result"]


def write(folder):
    """Write one snapshot per setting into ``folder``; return their paths."""
    sys.path.insert(0, str(ROOT))  # this checkout's pyml, the one the wheel is built from
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for entry in data_requests():
        snapshot = {"key": entry["key"], **answer(entry["request"])}
        path = folder / ("%s.json" % entry["dataset"])
        # repr-exact floats (json): the same doubles, no rounding
        path.write_text(json.dumps(snapshot, separators=(",", ":")) + "\n")
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tools/data_snapshots.py OUT_FOLDER")
    written = write(sys.argv[1])
    print("wrote %d data snapshots (%d kB)" % (len(written), sum(p.stat().st_size for p in written) // 1000))
