"""The data snapshots the page draws before Python starts (tools/data_snapshots.py) are exactly
what pyml.datasets makes for the same settings, so the first picture is the data Python trains on."""

import importlib.util
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from pyml import datasets
from pyml.model_selection import train_test_split

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs node for the page's modules")


def _tool():
    spec = importlib.util.spec_from_file_location("data_snapshots", ROOT / "tools" / "data_snapshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    tool = _tool()
    folder = tmp_path_factory.mktemp("data")
    tool.write(folder)
    return folder, tool.data_requests()


def test_every_built_in_data_set_has_a_snapshot(written):
    folder, entries = written
    names = sorted(p.stem for p in folder.glob("*.json"))
    assert names == sorted([*datasets.CLASSIFICATION, *datasets.REGRESSION])
    assert sorted(e["dataset"] for e in entries) == names


def test_snapshots_equal_pyml_datasets(written):
    folder, entries = written
    generators = {**datasets.CLASSIFICATION, **datasets.REGRESSION}
    for entry in entries:
        s = entry["settings"]
        extra = {"n_classes": s["classes"]} if entry["dataset"] == "spiral" else {}
        if entry["dataset"] == "blobs":
            extra = {"centers": s["classes"]}
        X, y = generators[entry["dataset"]](n_samples=s["n"], noise=s["noise"], random_state=s["seed"], **extra)
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=s["test"] / 100, random_state=s["seed"])
        snapshot = json.loads((folder / ("%s.json" % entry["dataset"])).read_text())
        assert snapshot["key"] == entry["key"]
        # Exactly equal: the same doubles, not close ones.
        for name, expected in [("X", X_train), ("y", y_train), ("X_test", X_test), ("y_test", y_test)]:
            got = np.array(snapshot[name])
            assert got.shape == expected.shape, (entry["dataset"], name)
            assert (got == expected).all(), "%s snapshot %s differs from pyml.datasets" % (entry["dataset"], name)

