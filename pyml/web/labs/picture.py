"""The k-means page's picture (``kmeans.html``): a landscape to compress to a few colours (the
page trains pyml.KMeans on its pixels through ``create``, as any model)."""

import numpy as np

from ...validation import check_number, check_random_state


class PictureLab:
    """The generated landscape, as rows of [r, g, b] pixels."""

    calls = ("image",)

    def image(self, height=72, width=96):
        """:func:`generated_image` with colours rounded to 4 decimals (all the page can show)."""
        return generated_image(height, width).round(4)


def generated_image(height=96, width=128, random_state=0):
    """A small landscape to compress: sky, sun, hills, a lake. Colours in [0, 1].

    Returns
    -------
    ndarray of shape (height, width, 3)
    """
    check_number("height", height, low=8, integer=True)
    check_number("width", width, low=8, integer=True)
    rng = check_random_state(random_state)
    v, u = np.mgrid[0:1:height * 1j, 0:1:width * 1j]

    def mix(a, b, t):
        return np.asarray(a) * (1 - t[..., None]) + np.asarray(b) * t[..., None]

    image = mix([0.98, 0.62, 0.35], [0.22, 0.35, 0.72], np.clip(1 - v / 0.6, 0, 1))  # dusk sky
    sun = (u - 0.7) ** 2 + ((v - 0.33) * height / width) ** 2 < 0.012
    image[sun] = [1.0, 0.88, 0.45]
    phase = rng.uniform(0, 2 * np.pi, 2)
    far_hill = v > 0.5 + 0.07 * np.sin(7 * u + phase[0])
    image[far_hill] = mix([0.35, 0.5, 0.4], [0.2, 0.38, 0.3], v)[far_hill]
    near_hill = v > 0.62 + 0.1 * np.sin(4 * u + phase[1]) - 0.12 * u
    image[near_hill] = mix([0.3, 0.55, 0.2], [0.1, 0.3, 0.1], v)[near_hill]
    lake = (((u - 0.3) / 0.25) ** 2 + ((v - 0.88) / 0.08) ** 2) < 1
    image[lake] = mix([0.4, 0.6, 0.85], [0.2, 0.35, 0.7], (v - 0.8) / 0.16)[lake]
    image += rng.normal(0, 0.015, image.shape)  # a little grain, as in a photo
    return np.clip(image, 0, 1)

