"""docs/architecture.md names real files: every path written in backticks exists."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_every_path_in_the_architecture_page_exists():
    if not (ROOT / "docs").exists():
        pytest.skip("the docs are not here (the suite's copy inside Pyodide)")
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    # A path: a backticked word with a slash or a file suffix; `pyml/<family>.py` is a pattern.
    paths = [p for p in re.findall(r"`([^`\s]+)`", text)
             if ("/" in p or re.search(r"\.(py|js|mjs|md|html)$", p)) and "<" not in p]
    assert len(paths) > 40, paths
    missing = [p for p in paths if not (ROOT / p).exists()]
    assert not missing, "docs/architecture.md names paths that do not exist: %s" % missing
