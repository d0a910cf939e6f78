"""The text-colour page (``colors.html``): what the WCAG 2 formula answers, to compare with the
network trained on :func:`pyml.datasets.text_colors`."""

import numpy as np

from ... import datasets


class TextColorsLab:
    """The formula's answer for one colour."""

    calls = ("answer",)

    def answer(self, rgb):
        return text_color_answer(rgb)


def text_color_answer(rgb):
    """What the WCAG 2 formula says about black or white text on one background colour.

    Returns
    -------
    dict
        ``luminance`` (relative luminance of the background), ``contrast_black`` and
        ``contrast_white`` (the two contrast ratios) and ``best``, "black" or "white".
    """
    rgb = np.asarray(rgb, dtype=float)
    on_black = datasets.contrast_ratio(rgb, [0.0, 0.0, 0.0])
    on_white = datasets.contrast_ratio(rgb, [1.0, 1.0, 1.0])
    return {
        "luminance": datasets.relative_luminance(rgb), "contrast_black": on_black,
        "contrast_white": on_white, "best": "white" if on_white > on_black else "black",
    }

