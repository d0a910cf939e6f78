"""Generators are seeded and shaped as documented; load_csv reads numeric tables and explains bad ones."""

import numpy as np
import pytest

from pyml import datasets
from pyml.naive_bayes import GaussianNB

ALL = dict(datasets.REGRESSION, **datasets.CLASSIFICATION)


@pytest.mark.parametrize("name", sorted(ALL))
def test_generators_are_seeded_and_shaped(name):
    make = ALL[name]
    X, y = make(n_samples=60, random_state=7)
    X2, y2 = make(n_samples=60, random_state=7)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert X.ndim == 2 and len(X) == len(y) == 60
    assert np.isfinite(X).all()
    assert not np.array_equal(X, make(n_samples=60, random_state=8)[0])


@pytest.mark.parametrize("name", sorted(datasets.CLASSIFICATION))
def test_classification_sets_are_2d_with_balanced_classes(name):
    X, y = datasets.CLASSIFICATION[name](n_samples=90, random_state=0)
    assert X.shape == (90, 2)
    counts = np.unique(y, return_counts=True)[1]
    assert counts.min() >= 90 // len(counts) - 1


def test_noise_zero_line_is_exact():
    X, y = datasets.line(noise=0.0, random_state=0)
    np.testing.assert_allclose(y, 2 * X[:, 0] + 1)


def test_housing_looks_like_houses():
    X, y = datasets.housing()
    assert X.shape == (47, 2)
    assert 800 <= X[:, 0].min() and X[:, 0].max() <= 4500
    assert set(np.unique(X[:, 1])) <= {1, 2, 3, 4, 5}
    assert 100000 < np.median(y) < 600000


def test_bad_sizes():
    with pytest.raises(ValueError, match="n_samples must be >= 2"):
        datasets.moons(n_samples=-5)
    with pytest.raises(ValueError, match="noise must be >= 0"):
        datasets.moons(noise=-1.0)


def test_load_csv_with_header():
    X, y, names = datasets.load_csv("size,rooms,price\n2104,3,399900\n1600,3,329900\n")
    assert names == ["size", "rooms"]
    np.testing.assert_array_equal(X, [[2104, 3], [1600, 3]])
    np.testing.assert_array_equal(y, [399900, 329900])


def test_load_csv_without_header_and_named_target(tmp_path):
    X, y, names = datasets.load_csv("1,2,3\n4,5,6\n", target=0)
    assert names == ["x1", "x2"]
    np.testing.assert_array_equal(y, [1, 4])
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,2\n3,4\n")
    X, y, names = datasets.load_csv(str(path), target="a")
    assert names == ["b"] and list(y) == [1, 3]


@pytest.mark.parametrize(
    "text, match",
    [
        ("", "empty"),
        ("a,b\n", "no data rows"),
        ("a,b\n1,2\n3\n", "line 3 has 1 cells.*2 columns"),
        ("a,b\n1,2\n3,cat\n", "line 3, column 'b' holds 'cat'"),
        ("a,b\n1,2\n", None),
    ],
)
def test_load_csv_errors(text, match):
    if match is None:
        with pytest.raises(ValueError, match="not a column"):
            datasets.load_csv(text, target="price")
    else:
        with pytest.raises(ValueError, match=match):
            datasets.load_csv(text)



def test_load_csv_reads_class_names_in_the_target_column():
    text = "sepal_length,sepal_width,species\n5.1,3.5,setosa\n7.0,3.2,versicolor\n6.3,3.3, virginica\n"
    X, y, names = datasets.load_csv(text)
    np.testing.assert_array_equal(X, [[5.1, 3.5], [7.0, 3.2], [6.3, 3.3]])
    assert y.tolist() == ["setosa", "versicolor", "virginica"] and names == ["sepal_length", "sepal_width"]
    X, y, _ = datasets.load_csv("5.1,3.5,setosa\n7.0,3.2,versicolor\n")  # no header: the features are numbers
    assert X.shape == (2, 2) and y.tolist() == ["setosa", "versicolor"]
    model = GaussianNB().fit(X, y)
    assert model.predict(X).tolist() == ["setosa", "versicolor"]


@pytest.mark.parametrize("cell", ["3", "", "inf"])
def test_load_csv_refuses_a_target_of_names_mixed_with_other_cells(cell):
    with pytest.raises(ValueError, match="line 3, target column 'species' holds '%s', but it starts with class names" % cell):
        datasets.load_csv("a,b,species\n1,2,setosa\n1,2,%s\n" % cell)


def test_load_csv_still_refuses_text_among_the_features():
    with pytest.raises(ValueError, match="line 2, column 'a' holds 'x', which is not a finite number"):
        datasets.load_csv("a,b,species\nx,2,setosa\n")
