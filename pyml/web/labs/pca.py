"""The PCA page (``pca.html``): the digits in the plane of their first two principal
components, the explained variance, and digits rebuilt from k components."""

import numpy as np

from ... import datasets
from ...decomposition import PCA
from ...validation import check_n_features, check_number


class DigitsPCALab:
    """PCA of the 8x8 digits, for the PCA page: the 2-D map, the variance curve, reconstructions."""

    calls = ("summary", "reconstruction")

    def __init__(self):
        self.X, self.y = datasets.digits()
        self.pca = PCA().fit(self.X)

    def summary(self):
        """Each digit's first two principal coordinates, its label, and the explained variance
        ratios, one by one and cumulated."""
        return {
            "projection": self.pca.transform(self.X)[:, :2].round(3),
            "y": self.y,
            "explained_variance_ratio": self.pca.explained_variance_ratio_,
            "cumulative": np.cumsum(self.pca.explained_variance_ratio_),
        }

    def reconstruction(self, index, n_components):
        """Digit ``index`` and its reconstruction from the first ``n_components`` components."""
        check_number("index", index, low=0, high=len(self.X) - 1, integer=True)
        x = self.X[index:index + 1]
        approx = reconstruct(self.pca, x, n_components)[0]
        return {
            "index": index, "label": int(self.y[index]), "n_components": n_components,
            "original": x[0].tolist(), "reconstruction": approx.round(3).tolist(),
            "error": float(np.sqrt(np.mean((approx - x[0]) ** 2))),
            "variance_kept": float(self.pca.explained_variance_ratio_[:n_components].sum()),
        }


def reconstruct(pca, x, n_components):
    """Rebuild samples from their first ``n_components`` principal components.

    z = (x - mean) V_k' is the compressed sample (k numbers instead of n_features), and
    x_approx = z V_k + mean maps it back: the more components, the closer to x.

    Parameters
    ----------
    pca : a fitted PCA
    x : array-like of shape (n_samples, n_features)
    n_components : int
        k, from 0 (just the mean) to ``pca.n_components_``.

    Returns
    -------
    ndarray of shape (n_samples, n_features)
    """
    X = check_n_features(pca, x)
    k = check_number("n_components", n_components, low=0, high=pca.n_components_, integer=True)
    V = pca.components_[:k]
    return (X - pca.mean_) @ V.T @ V + pca.mean_

