"""Dimensionality reduction: principal component analysis (PCA) by the SVD.

Course recipe: centre the data (subtract the mean of each feature), take the singular value
decomposition X = U S V', and keep the first k rows of V' as the principal directions.
Projecting z = (x - mean) V_k compresses; x_approx = z V_k' + mean reconstructs.
"""

import numbers

import numpy as np

from .base import BaseEstimator
from .validation import Array, Interval, Value, check_array, check_n_features


class PCA(BaseEstimator):
    """Principal component analysis.

    Parameters
    ----------
    n_components : int, float or None
        How many components to keep. An int k keeps k (1 <= k <= min(n_samples, n_features)).
        A float in (0, 1) keeps the fewest components whose explained variance ratios add up
        to more than it (0.99: "retain 99% of the variance"). None keeps
        min(n_samples, n_features).

    Attributes
    ----------
    components_ : ndarray of shape (n_components, n_features)
        The principal directions, one unit vector per row, by decreasing variance.
    explained_variance_ : ndarray of shape (n_components,)
        Variance of the data along each component, S² / (n_samples - 1) as in scikit-learn.
    explained_variance_ratio_ : ndarray of shape (n_components,)
        Fraction of the total variance along each component.
    singular_values_ : ndarray of shape (n_components,)
    mean_ : ndarray of shape (n_features,)
    n_components_ : int

    Notes
    -----
    A singular vector is only defined up to its sign. To give the same answer on every
    machine, each component is flipped so that its entry of largest absolute value is
    positive (scikit-learn's ``svd_flip(u_based_decision=False)``, used by its PCA since 1.5).
    """

    _kind = "transformer"
    _parameter_constraints = {
        "n_components": [Interval(float, 0, 1, closed="neither"), Interval(int, 1, None), None],
    }
    _fitted_state = {
        "n_features_in_": Value(Interval(int, 1, None)),
        "n_components_": Value(Interval(int, 1, None)),
        "mean_": Array("f", ("n_features_in_",)),
        "components_": Array("f", ("n_components_", "n_features_in_")),
        "singular_values_": Array("f", ("n_components_",)),
        "explained_variance_": Array("f", ("n_components_",)),
        "explained_variance_ratio_": Array("f", ("n_components_",)),
    }

    def __init__(self, n_components=None):
        self.n_components = n_components

    def fit(self, X, y=None):
        """Find the principal components of ``X`` and return ``self``. ``y`` is ignored."""
        self._validate_params()
        X = check_array(X, min_samples=2)
        n_samples, n_features = X.shape
        most = min(n_samples, n_features)
        k = self.n_components
        if isinstance(k, numbers.Integral) and k > most:
            raise ValueError(
                "n_components=%d must be between 1 and min(n_samples, n_features) = min(%d, %d) "
                "= %d. Ask for fewer components, or give a float in (0, 1) to keep a fraction "
                "of the variance." % (k, n_samples, n_features, most)
            )

        self.mean_ = X.mean(axis=0)
        # Column-major, so numpy subtracts each mean along a whole column: with few features,
        # row by row costs 10x more in the page (numpy 1.17).
        centred = np.asfortranarray(X) - self.mean_
        if n_samples >= 2 * n_features and n_samples * n_features ** 2 > 30000:
            # centred = QR with Q orthonormal, so the small R, (n_features, n_features), has the same
            # S and V': its SVD skips forming U, which PCA does not use. LAPACK's SVD of a tall matrix
            # starts with this same QR, so S and V' are bit-identical. Forming U takes about
            # n_samples * n_features^2 steps; for smaller X the extra QR call costs more than it saves.
            centred = np.linalg.qr(centred, mode="r")
        _, S, Vt = np.linalg.svd(centred, full_matrices=False)
        # Make the largest-magnitude entry of each direction positive, so the sign is reproducible.
        biggest = np.argmax(np.abs(Vt), axis=1)
        Vt *= np.sign(Vt[np.arange(len(Vt)), biggest])[:, None]
        variance = S ** 2 / (n_samples - 1)
        total = variance.sum()
        ratio = variance / total if total > 0 else np.zeros_like(variance)  # constant data: nothing to explain
        if k is None:
            k = most
        elif not isinstance(k, numbers.Integral):
            # The fewest components whose ratios add up to more than the fraction asked for.
            k = min(int(np.searchsorted(np.cumsum(ratio), k, side="right")) + 1, most)

        self.n_components_ = k
        self.n_features_in_ = n_features
        self.components_ = Vt[:k]
        self.singular_values_ = S[:k]
        self.explained_variance_ = variance[:k]
        self.explained_variance_ratio_ = ratio[:k]
        return self

    def transform(self, X):
        """Project onto the components: z = (x - mean_) @ components_.T, shape (n_samples, n_components)."""
        X = check_n_features(self, X)
        return (X - self.mean_) @ self.components_.T

    def fit_transform(self, X, y=None):
        """Fit to ``X`` and return its projection, shape (n_samples, n_components)."""
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        """Map projections back to feature space: x_approx = z @ components_ + mean_.

        Parameters
        ----------
        Z : array-like of shape (n_samples, n_components)

        Returns
        -------
        ndarray of shape (n_samples, n_features)
        """
        self._check_fitted()
        Z = check_array(Z, "Z")
        if Z.shape[1] != self.n_components_:
            raise ValueError(
                "Z has %d column(s), but this PCA has %d component(s). Pass the output of "
                "transform, of shape (n_samples, %d)." % (Z.shape[1], self.n_components_, self.n_components_)
            )
        return Z @ self.components_ + self.mean_
