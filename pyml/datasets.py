"""Small data sets for learning: seeded generators and a CSV reader.

Every generator takes ``n_samples``, ``noise`` and ``random_state`` and returns ``X, y``;
the same seed gives the same data in CPython and in the browser.
"""

import csv
import io
import os

import numpy as np

from .validation import check_number, check_random_state


def _setup(n_samples, noise, random_state, min_samples=2):
    check_number("n_samples", n_samples, low=min_samples, integer=True)
    check_number("noise", noise, low=0)
    return check_random_state(random_state)


# ---------------------------------------------------------------- regression

def line(n_samples=100, noise=0.5, random_state=None):
    """y = 2x + 1 plus Gaussian noise, x in [-3, 3]. X has shape (n_samples, 1)."""
    rng = _setup(n_samples, noise, random_state)
    x = rng.uniform(-3, 3, n_samples)
    return x[:, None], 2 * x + 1 + noise * rng.normal(size=n_samples)


def plane(n_samples=100, noise=0.5, random_state=None):
    """y = 3 x1 - 2 x2 + 4 plus Gaussian noise, x in [-3, 3]². X has shape (n_samples, 2)."""
    rng = _setup(n_samples, noise, random_state)
    X = rng.uniform(-3, 3, (n_samples, 2))
    return X, X @ np.array([3.0, -2.0]) + 4 + noise * rng.normal(size=n_samples)


def housing(n_samples=47, noise=0.1, random_state=0):
    """House prices from (size in square feet, number of bedrooms), like the course's Portland data.

    Price = 90 $/sq ft + 10,000 $ a bedroom + 50,000 $, times (1 + noise * Gaussian).
    """
    rng = _setup(n_samples, noise, random_state)
    size = np.round(rng.uniform(800, 4500, n_samples))
    bedrooms = np.clip(np.round(size / 800 + rng.normal(0, 0.7, n_samples)), 1, 5)
    price = (90 * size + 10000 * bedrooms + 50000) * (1 + noise * rng.normal(size=n_samples))
    return np.column_stack([size, bedrooms]), np.round(price, -2)


# ---------------------------------------------------------------- classification (2-D)

def blobs(n_samples=200, noise=1.0, random_state=None, centers=2):
    """Gaussian clouds around ``centers`` points (or that many random centres in [-5, 5]²)."""
    rng = _setup(n_samples, noise, random_state)
    if np.ndim(centers) == 0:
        check_number("centers", centers, low=1, integer=True)
        centers = rng.uniform(-5, 5, (centers, 2))
    centers = np.asarray(centers, dtype=float)
    y = np.arange(n_samples) % len(centers)
    return centers[y] + noise * rng.normal(size=(n_samples, 2)), y


def xor(n_samples=200, noise=0.0, random_state=None):
    """Points in [-5, 5]²; class 1 where x1 and x2 have the same sign (the XOR pattern)."""
    rng = _setup(n_samples, noise, random_state)
    y = np.arange(n_samples) % 2
    sign1 = rng.choice([-1.0, 1.0], n_samples)
    sign2 = np.where(y == 1, sign1, -sign1)
    # |x| from 0.3 up: a small gap around the axes keeps the classes apart
    X = rng.uniform(0.3, 5, (n_samples, 2)) * np.column_stack([sign1, sign2])
    return X + noise * rng.normal(size=X.shape), y


def circles(n_samples=200, noise=0.1, random_state=None):
    """An inner disc (class 1) inside a ring (class 0), radius 5 in all."""
    rng = _setup(n_samples, noise, random_state)
    y = np.arange(n_samples) % 2
    radius = np.where(y == 1, rng.uniform(0, 2.5, n_samples), rng.uniform(3.5, 5, n_samples))
    angle = rng.uniform(0, 2 * np.pi, n_samples)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return X + noise * 5 * rng.normal(size=X.shape), y


def moons(n_samples=200, noise=0.1, random_state=None):
    """Two interleaving half circles."""
    rng = _setup(n_samples, noise, random_state)
    y = np.arange(n_samples) % 2
    t = rng.uniform(0, np.pi, n_samples)
    X = np.where(
        y[:, None] == 0,
        np.column_stack([np.cos(t), np.sin(t)]),
        np.column_stack([1 - np.cos(t), 0.5 - np.sin(t)]),
    )
    return X + noise * rng.normal(size=X.shape), y


def spiral(n_samples=200, noise=0.1, random_state=None, n_classes=2):
    """``n_classes`` interleaved spiral arms, radius up to 5."""
    rng = _setup(n_samples, noise, random_state)
    check_number("n_classes", n_classes, low=2, integer=True)
    y = np.arange(n_samples) % n_classes
    t = rng.uniform(0, 1, n_samples)
    angle = 1.75 * 2 * np.pi * t + 2 * np.pi * y / n_classes
    X = 5 * t[:, None] * np.column_stack([np.sin(angle), np.cos(angle)])
    return X + noise * 5 * rng.normal(size=X.shape) * t[:, None], y


def tshirts(n_samples=150, noise=1.0, random_state=None):
    """T-shirt sizes: (height in cm, weight in kg) -> "S", "M" or "L".

    Each size is a Gaussian cloud of people; ``noise`` scales its spread.
    """
    rng = _setup(n_samples, noise, random_state, min_samples=3)
    means = np.array([[160.0, 55.0], [172.0, 70.0], [184.0, 88.0]])
    spread = np.array([5.0, 6.0])
    index = np.arange(n_samples) % 3
    X = means[index] + noise * spread * rng.normal(size=(n_samples, 2))
    return np.round(X, 1), np.array(["S", "M", "L"])[index]


REGRESSION = {"line": line, "plane": plane, "housing": housing}
CLASSIFICATION = {
    "blobs": blobs, "xor": xor, "circles": circles, "moons": moons, "spiral": spiral, "tshirts": tshirts,
}


# ---------------------------------------------------------------- files

def load_csv(source, target=-1, header=None):
    """Read a numeric CSV table into ``X, y, feature_names``.

    Parameters
    ----------
    source : str
        The CSV text itself, or the path of a CSV file.
    target : int or str
        The column holding y: its index (-1 is the last) or its header name; None for no y.
    header : bool, optional
        Whether the first row holds column names; by default guessed (a first row with a
        cell that is not a number is a header).

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,), or None when ``target`` is None
    feature_names : list of str
    """
    if not isinstance(source, str):
        raise TypeError("load_csv expects CSV text or a file path, got %s." % type(source).__name__)
    if "\n" not in source and "," not in source and os.path.exists(source):
        with open(source, encoding="utf-8") as f:
            source = f.read()
    rows = [row for row in csv.reader(io.StringIO(source.strip())) if any(c.strip() for c in row)]
    if not rows:
        raise ValueError("The CSV is empty: no rows found.")
    if header is None:
        header = not all(_is_number(c) for c in rows[0])
    names = [c.strip() for c in rows[0]] if header else ["x%d" % i for i in range(len(rows[0]))]
    body = rows[1:] if header else rows
    if not body:
        raise ValueError("The CSV has a header row but no data rows.")
    width = len(names)
    for number, row in enumerate(body, start=2 if header else 1):
        if len(row) != width:
            raise ValueError(
                "CSV line %d has %d cells, but the table has %d columns. Every row needs a value "
                "in every column." % (number, len(row), width)
            )
        for column, cell in enumerate(row):
            if not _is_number(cell):
                raise ValueError(
                    "CSV line %d, column %r holds %r, which is not a number. Only numeric tables "
                    "can be loaded; encode text as numbers first." % (number, names[column], cell)
                )
    table = np.array([[float(c) for c in row] for row in body])
    if target is None:
        return table, None, names
    if isinstance(target, str):
        if target not in names:
            raise ValueError("target %r is not a column of the CSV; columns: %s." % (target, ", ".join(names)))
        target = names.index(target)
    check_number("target", target, low=-width, high=width - 1, integer=True)
    target %= width
    if width < 2:
        raise ValueError("The CSV has a single column; X needs at least one column besides the target.")
    keep = [i for i in range(width) if i != target]
    return table[:, keep], table[:, target], [names[i] for i in keep]


def _is_number(cell):
    try:
        float(cell)
    except ValueError:
        return False
    return cell.strip().lower() not in ("nan", "inf", "-inf", "infinity", "-infinity", "")
