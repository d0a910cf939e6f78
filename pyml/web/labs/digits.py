"""The handwritten-digits page (``digits.html``): the digits to train on, and a drawing turned
into a digit the way the data set was made."""

import numpy as np

from ... import datasets
from ...model_selection import train_test_split
from ...validation import check_array, check_number


class DigitsLab:
    """The digits split for training and testing, and digits from drawings, both in [0, 1].

    Parameters
    ----------
    random_state : int
        Seed of the split.
    """

    calls = ("data", "from_drawing")

    def __init__(self, random_state=0):
        self.random_state = random_state

    def data(self):
        """``[X_train, X_test, y_train, y_test]``: a quarter of the 1,797 digits kept to test on;
        pixels 0..16 scaled to [0, 1]."""
        X, y = datasets.digits()
        return train_test_split(X / 16, y, test_size=0.25, random_state=self.random_state)

    def from_drawing(self, ink):
        """:func:`digit_from_drawing` of ``ink`` (rows of pixels), scaled to [0, 1]."""
        return digit_from_drawing(ink) / 16


def digit_from_drawing(ink, threshold=0.5):
    """Turn a drawing into a digits-data-set image: 64 values 0..16, ready for ``predict``.

    It follows the data set's own preprocessing: the ink (pixels above ``threshold``) is cut
    to its bounding box, scaled so that its height fills the image (keeping its aspect ratio)
    and centred, then cut into an 8×8 grid of blocks whose ink fraction is scaled to 0..16.

    Parameters
    ----------
    ink : array-like of shape (height, width)
        How much ink each pixel holds, in [0, 1] (e.g. a canvas's alpha channel / 255).
    threshold : float

    Returns
    -------
    ndarray of shape (64,)
        All zeros for an empty drawing.
    """
    ink = check_array(ink, "ink") > check_number("threshold", threshold, low=0, high=1)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size == 0:
        return np.zeros(64)
    box = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    h, w = box.shape
    side = max(h, w)
    square = np.zeros((side, side), dtype=bool)
    top, left = (side - h) // 2, (side - w) // 2
    square[top:top + h, left:left + w] = box
    # Upsample so every one of the 8 blocks is at least 4 pixels wide, then average each block.
    square = np.kron(square, np.ones((1 + 32 // side, 1 + 32 // side)))
    edges = np.linspace(0, len(square), 9).astype(int)[:-1]
    sums = np.add.reduceat(np.add.reduceat(square, edges, axis=0), edges, axis=1)
    sizes = np.diff(np.r_[edges, len(square)])
    return np.round(16 * sums / np.outer(sizes, sizes)).ravel()

