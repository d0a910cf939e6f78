"""pyml.from_sklearn / to_sklearn without scikit-learn: a clear ImportError, and pyml itself still imports.

(This file needs numpy alone, so it runs in the browser's Pyodide suite too; the conversions
themselves are tested against scikit-learn in test_convert_sklearn.py.)
"""

import sys

import pytest

import pyml


@pytest.fixture
def no_sklearn(monkeypatch):
    """Make ``import sklearn`` fail, as on a machine (or in a page) without it."""
    monkeypatch.setitem(sys.modules, "sklearn", None)


@pytest.mark.parametrize(
    "function, argument", [("from_sklearn", object()), ("to_sklearn", pyml.GaussianNB())]
)
def test_without_scikit_learn_the_conversions_say_how_to_install_it(no_sklearn, function, argument):
    with pytest.raises(
        ImportError,
        match=r"pyml\.%s needs scikit-learn, which is not installed\. "
        r"Install it with `pip install scikit-learn`" % function,
    ):
        getattr(pyml, function)(argument)


def test_the_cli_explains_a_file_it_cannot_read(tmp_path, capsys):
    from pyml.__main__ import main

    assert main(["convert", str(tmp_path / "missing.json"), "-o", str(tmp_path / "model.joblib")]) == 1
    assert "missing.json" in capsys.readouterr().err
    assert not (tmp_path / "model.joblib").exists()
