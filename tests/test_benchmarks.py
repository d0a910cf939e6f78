"""The benchmark's workloads and report (tests/benchmarks/) still run: no timing is checked here.

``python build.py bench`` measures; this only makes sure that every task still trains with
today's pyml, that every estimator family has a task, and that the report renders.
"""

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent / "benchmarks"
if not (BENCH / "workloads.py").exists():  # e.g. the copy of the suite that runs inside Pyodide
    pytest.skip("the benchmark's files are not here", allow_module_level=True)
sys.path.insert(0, str(BENCH))

import report  # noqa: E402
import workloads  # noqa: E402

from pyml.base import ESTIMATORS  # noqa: E402

# Estimators measured through a sibling that shares their code, or not trained at all.
COVERED_BY = {
    "MLPRegressor": "MLPClassifier",
    "KNeighborsRegressor": "KNeighborsClassifier",
    "DecisionTreeRegressor": "DecisionTreeClassifier",
    "StandardScaler": None,
    "PolynomialFeatures": None,
}
SMALL = [t["id"] for t in workloads.TASKS if t["n"] <= 500]


def test_every_estimator_family_has_a_task():
    measured = {t["model"] for t in workloads.TASKS}
    missing = [name for name in ESTIMATORS if name not in measured and COVERED_BY.get(name, name) not in measured
               and name not in COVERED_BY]
    assert missing == []


def test_task_ids_are_unique():
    assert len(workloads.BY_ID) == len(workloads.TASKS)


@pytest.mark.parametrize("task_id", SMALL)
def test_small_tasks_run(task_id):
    (run,) = workloads.measure(task_id)
    assert run["units"] >= 1 and run["seconds"] >= 0


def test_frames_and_report():
    task_id = "linear-gd/plane-500"
    frames = workloads.measure_frames(task_id, repeats=2, warmup=0)
    assert len(frames) == 2 and all(f["bytes"] > 60 * 60 * 4 for f in frames)  # the float32 grid at least
    runs = workloads.measure(task_id, repeats=2)
    task = workloads.BY_ID[task_id]
    results = {
        "command": "python build.py bench", "date": "today", "seconds": 1.0, "repeats": 2, "commit": "abc",
        "tasks": {task_id: task},
        "browser": {task_id: {"train": runs, "frame": frames, "round_trip": [1.0, 2.0]}},
        "cpython": {task_id: {"train": runs, "frame": frames}},
        "sklearn": {task_id: [0.1, 0.2]},
        "machine": {"cpu": "cpu", "cores": 2, "memory": "1 GB", "os": "os", "chromium": "1", "cpython": "3",
                    "numpy": "2", "sklearn": "1", "pyodide": "0.17", "pyodide_python": "3.8",
                    "pyodide_numpy": "1.17", "pyml": "0.1"},
    }
    primitives = workloads.measure_primitives(repeats=1, min_seconds=0.001)
    assert set(primitives) == set(workloads.PRIMITIVES) and all(t[0] > 0 for t in primitives.values())
    results["primitives"] = {"about": workloads.PRIMITIVES, "browser": primitives, "cpython": primitives}
    run = {"first_frame_ms": 120.0, "fps": 60.0, "longest_frame_ms": 20.0, "seconds": 5.0, "idle_fps": 60.0, "frames_per_s": 30.0,
           "long_tasks": 0}
    results["playground"] = {"mlp": {"query": "model=mlp", "runs": [run, run]},
                             "svm": {"query": "model=svm", "runs": [dict(run, fps=50.0)]},
                             "tree": {"query": "model=tree", "runs": [dict(run, fps=None, longest_frame_ms=None)]}}
    text = report.render(results)
    assert "| `linear-gd` | plane, 500 points | iterations |" in text
    assert "1.00" in text  # the same runs on both sides: a ratio of 1
    assert "| `np.exp` of 5,000 values |" in text
    # one model below 55 fps fails the target for all, and the table shows each model
    assert "**not met** — main thread ≥ 55 fps while any model trains: median per model mlp 60, svm 50" in text
    assert "| `model=svm` | 1 | 120 ms | 50 | 20 ms | 5 s |" in text
    assert "| `model=tree` | 1 | 120 ms | – | – | 5 s |" in text  # done within one frame: no fps
    assert report.NOTES_BEGIN in text and report.NOTES_END in text
