"""Small data sets for learning: seeded generators and a CSV reader.

Every generator takes ``n_samples``, ``noise`` and ``random_state`` and returns ``X, y``;
the same seed gives the same data in CPython and in the browser.
"""

import csv
import io
import math
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
    """Read a CSV table of numbers into ``X, y, feature_names``; y may be class names instead.

    Parameters
    ----------
    source : str
        The CSV text itself, or the path of a CSV file.
    target : int or str
        The column holding y: its index (-1 is the last) or its header name; None for no y.
    header : bool, optional
        Whether the first row holds column names; by default guessed (a first row with a
        feature cell that is not a number is a header).

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,), or None when ``target`` is None
        Floats when every target cell is a number, else the class names as strings (an
        iris-style last column ``setosa``/``versicolor``/``virginica``).
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
    width = len(rows[0])
    if isinstance(target, int) and not isinstance(target, bool):
        check_number("target", target, low=-width, high=width - 1, integer=True)
        target %= width
    if header is None:  # a header has text among the features; 1e400 or nan are numbers, refused below
        header = not all(_parses_as_number(c) for i, c in enumerate(rows[0]) if i != target)
    names = [c.strip() for c in rows[0]] if header else ["x%d" % i for i in range(width)]
    body = rows[1:] if header else rows
    if not body:
        raise ValueError("The CSV has a header row but no data rows.")
    if isinstance(target, str):
        if target not in names:
            raise ValueError("target %r is not a column of the CSV; columns: %s." % (target, ", ".join(names)))
        target = names.index(target)
    elif target is not None and not isinstance(target, int):
        raise TypeError("target must be a column index, a column name or None, got %s." % type(target).__name__)
    first = 2 if header else 1
    for number, row in enumerate(body, start=first):
        if len(row) != width:
            raise ValueError(
                "CSV line %d has %d cells, but the table has %d columns. Every row needs a value "
                "in every column." % (number, len(row), width)
            )
        for column, cell in enumerate(row):
            if column != target and not _is_finite_number(cell):
                raise ValueError(
                    "CSV line %d, column %r holds %r, which is not a finite number. Only tables of "
                    "finite numbers can be loaded: encode text as numbers, and fill in or remove "
                    "missing and infinite values first." % (number, names[column], cell)
                )
    if target is None:
        return np.array([[float(c) for c in row] for row in body]), None, names
    if width < 2:
        raise ValueError("The CSV has a single column; X needs at least one column besides the target.")
    keep = [i for i in range(width) if i != target]
    X = np.array([[float(row[i]) for i in keep] for row in body])
    return X, _target_column([row[target] for row in body], names[target], first), [names[i] for i in keep]


def _target_column(cells, name, first_line):
    """y from the target column's cells: finite numbers, or class names (iris's "setosa", ...), not a mix.

    The first row says which of the two the column holds; the first cell of the other kind is refused."""
    names = [c.strip() for c in cells]
    is_name = [bool(c) and not _parses_as_number(c) for c in names]
    if not is_name[0]:
        for number, cell in enumerate(cells, start=first_line):
            if not _is_finite_number(cell):
                raise ValueError(
                    "CSV line %d, column %r holds %r, which is not a finite number. Only tables of "
                    "finite numbers can be loaded: encode text as numbers, and fill in or remove "
                    "missing and infinite values first." % (number, name, cell)
                )
        return np.array([float(c) for c in cells])
    for number, (cell, ok) in enumerate(zip(names, is_name), start=first_line):
        if not ok:
            raise ValueError(
                "CSV line %d, target column %r holds %r, but it starts with class names: the target must be "
                "all finite numbers or all class names (text), with no blank cells." % (number, name, cell)
            )
    return np.array(names)


def _parses_as_number(cell):
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _is_finite_number(cell):
    """True for a cell that is a finite number: every spelling of infinity and NaN ("inf",
    "+nan", "-Infinity") and numbers beyond the float range ("1e400") are not."""
    return _parses_as_number(cell) and math.isfinite(float(cell))


# ---------------------------------------------------------------- data sets of the guided demos

def digits():
    """The 8×8 handwritten digits: 1,797 images of the digits 0 to 9.

    Each image is 64 pixel values from 0 (white) to 16 (black), row by row; reshape a row with
    ``X[i].reshape(8, 8)`` to see it. The file ships inside pyml (``pyml/data/digits.csv.gz``, a
    copy of the one scikit-learn ships), so no download is needed.

    The data are the test set of E. Alpaydin and C. Kaynak, "Optical Recognition of Handwritten
    Digits", UCI Machine Learning Repository (1998), https://archive.ics.uci.edu/dataset/80,
    licensed CC BY 4.0. NIST's programs cut each digit's normalised 32×32 bitmap into 4×4
    blocks and counted the ink pixels of each block, which gives the values 0..16.

    Returns
    -------
    X : ndarray of shape (1797, 64)
        Pixel values, floats from 0 to 16.
    y : ndarray of shape (1797,)
        The digit each image shows, integers from 0 to 9.
    """
    import gzip

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "digits.csv.gz")
    with gzip.open(path, "rt") as f:
        table = np.array(f.read().replace(",", " ").split(), dtype=float).reshape(-1, 65)
    return table[:, :64], table[:, 64].astype(int)


def relative_luminance(rgb):
    """WCAG 2 relative luminance of sRGB colours: 0 for black, 1 for white.

    Each channel c in [0, 1] is first made linear (the sRGB transfer function: c / 12.92 up to
    0.04045, ((c + 0.055) / 1.055) ** 2.4 above), then L = 0.2126 R + 0.7152 G + 0.0722 B: the
    eye is most sensitive to green. (WCAG 2.0 writes the threshold as 0.03928; no 8-bit colour
    lies between the two, so both give the same luminance.)

    Parameters
    ----------
    rgb : array-like of shape (3,) or (n_samples, 3)
        Red, green and blue in [0, 1] (divide 0..255 values by 255).

    Returns
    -------
    float, or ndarray of shape (n_samples,)
    """
    rgb = _check_rgb(rgb, "rgb")
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    luminance = linear @ np.array([0.2126, 0.7152, 0.0722])
    return float(luminance) if luminance.ndim == 0 else luminance


def contrast_ratio(rgb1, rgb2):
    """WCAG 2 contrast ratio (L1 + 0.05) / (L2 + 0.05) of two colours, L1 the lighter one.

    It goes from 1 (the same colour) to 21 (black on white); WCAG asks for at least 4.5 for
    body text.

    Parameters
    ----------
    rgb1, rgb2 : array-like of shape (3,) or (n_samples, 3)
        sRGB colours with channels in [0, 1].

    Returns
    -------
    float, or ndarray of shape (n_samples,)
    """
    L1, L2 = relative_luminance(rgb1), relative_luminance(rgb2)
    return (np.maximum(L1, L2) + 0.05) / (np.minimum(L1, L2) + 0.05)


def text_colors(n_samples=500, random_state=None):
    """Background colours labelled with the text colour, black or white, that reads better on them.

    The colours are uniform random 8-bit sRGB colours (channels k / 255). The label is
    "white" where white text has the higher WCAG 2 contrast ratio with the background
    (:func:`contrast_ratio`), else "black". That happens below a relative luminance of about
    0.18, far darker than the middle grey most people would guess.

    Returns
    -------
    X : ndarray of shape (n_samples, 3)
        Red, green and blue of the background, in [0, 1].
    y : ndarray of shape (n_samples,)
        "black" or "white".
    """
    rng = _setup(n_samples, 0.0, random_state, min_samples=1)
    X = rng.integers(0, 256, (n_samples, 3)) / 255.0
    white_wins = contrast_ratio(X, [1.0, 1.0, 1.0]) > contrast_ratio(X, [0.0, 0.0, 0.0])
    return X, np.where(white_wins, "white", "black")


def servers(n_samples=300, n_anomalies=10, random_state=0):
    """Servers described by (latency in ms, throughput in Mb/s), with a few misbehaving ones.

    Like the course's anomaly-detection exercise: most servers behave normally (a tilted Gaussian
    cloud around 14 ms and 15 Mb/s, where higher throughput goes with higher latency) and a few
    do not (latency or throughput far off). The training set is unlabelled, as it would be in
    practice; a separate validation set is labelled, to choose the density threshold.

    Parameters
    ----------
    n_samples : int
        Servers in each of the two sets.
    n_anomalies : int
        Anomalous servers in each set, fewer than ``n_samples``.
    random_state : int, Generator or None

    Returns
    -------
    X : ndarray of shape (n_samples, 2)
        The training set (the anomalies in it are not marked).
    X_val : ndarray of shape (n_samples, 2)
        The validation set.
    y_val : ndarray of shape (n_samples,)
        1 for an anomaly of the validation set, 0 for a normal server.
    """
    rng = _setup(n_samples, 0.0, random_state)
    check_number("n_anomalies", n_anomalies, low=0, high=n_samples - 1, integer=True)
    mean = np.array([14.0, 15.0])
    cov = np.array([[1.8, 0.9], [0.9, 1.7]])
    root = np.linalg.cholesky(cov)

    def draw():
        # x = mean + L z with L L' = cov turns standard normal z into the tilted cloud.
        normal = mean + rng.standard_normal((n_samples - n_anomalies, 2)) @ root.T
        # Anomalies lie 3 to 6 "standard deviations" (Mahalanobis distances) from the centre in
        # any direction: unusual, yet some are closer than the odd normal server, so a threshold
        # has to trade missed anomalies for false alarms.
        angle = rng.uniform(0, 2 * np.pi, n_anomalies)
        radius = rng.uniform(3, 6, n_anomalies)
        anomalies = mean + (radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])) @ root.T
        X = np.vstack([normal, anomalies])
        labels = np.r_[np.zeros(len(normal), int), np.ones(n_anomalies, int)]
        order = rng.permutation(n_samples)
        return np.round(X[order], 2), labels[order]

    X, _ = draw()
    X_val, y_val = draw()
    return X, X_val, y_val


def _check_rgb(rgb, name):
    rgb = np.asarray(rgb, dtype=float)
    if rgb.shape[-1:] != (3,) or rgb.ndim > 2:
        raise ValueError(
            "%s must be one colour [r, g, b] or an array of shape (n_samples, 3), got shape %s."
            % (name, rgb.shape)
        )
    if not np.isfinite(rgb).all() or rgb.min() < 0 or rgb.max() > 1:
        raise ValueError(
            "%s channels must be between 0 and 1 (divide 0..255 values by 255), got values from "
            "%g to %g." % (name, rgb.min(), rgb.max())
        )
    return rgb
