"""The anomaly-detection page (``anomaly.html``): a Gaussian density fitted to servers, and how
a threshold epsilon on p(x) does on labelled validation servers."""

import numpy as np

from ... import datasets
from ...anomaly import GaussianAnomalyDetector
from ...metrics import precision_recall_f1
from ...validation import check_number


def anomaly_report(model, X_val, y_val, epsilon=None):
    """How a density threshold does on a labelled validation set.

    Parameters
    ----------
    model : a fitted GaussianAnomalyDetector
    X_val, y_val : the validation set; y_val is 1 for an anomaly
    epsilon : float or None
        The threshold to judge; None: the model's ``epsilon_``.

    Returns
    -------
    dict
        ``epsilon``, ``precision``, ``recall``, ``f1`` and ``flagged`` (the indices of the
        validation samples with p(x) < epsilon).
    """
    epsilon = model.epsilon_ if epsilon is None else check_number("epsilon", epsilon, low=0)
    flagged = (model.score_samples(X_val) < epsilon).astype(int)
    precision, recall, f1 = precision_recall_f1(y_val, flagged)
    return {
        "epsilon": float(epsilon), "precision": precision, "recall": recall, "f1": f1,
        "flagged": np.flatnonzero(flagged).tolist(),
    }


def density_grid(model, x_range, y_range, size=60):
    """log10 p(x) of a fitted GaussianAnomalyDetector on a size x size grid (first row at y min).

    A logarithm, because the density spans many orders of magnitude between the centre of the
    data and its edges; contour lines at equal steps of it are equally spaced in "surprise".
    """
    check_number("size", size, low=2, high=500, integer=True)
    gx, gy = np.meshgrid(np.linspace(x_range[0], x_range[1], size), np.linspace(y_range[0], y_range[1], size))
    with np.errstate(divide="ignore"):
        values = np.log10(model.score_samples(np.column_stack([gx.ravel(), gy.ravel()])))
    return np.maximum(values, -300.0)


class AnomalyLab:
    """The anomaly-detection page's model and data: servers, a Gaussian fit, an F1-chosen threshold.

    Fits a :class:`GaussianAnomalyDetector` to :func:`pyml.datasets.servers` data and chooses
    the threshold epsilon with the best F1 score on the labelled validation set.

    Parameters
    ----------
    multivariate : bool
        Full covariance matrix (tilted elliptic contours) or independent features (contours
        aligned with the axes).
    random_state : int
        Seed of the data.
    size : int
        The density grid's size, for the contour lines.
    """

    calls = ("summary", "report")

    def __init__(self, multivariate=True, random_state=0, size=60):
        self.X, self.X_val, self.y_val = datasets.servers(random_state=random_state)
        self.model = GaussianAnomalyDetector(multivariate=multivariate).fit(self.X)
        self.model.select_threshold(self.X_val, self.y_val)
        both = np.vstack([self.X, self.X_val])
        self.low, self.high = np.floor(both.min(axis=0)) - 1, np.ceil(both.max(axis=0)) + 1
        self.size = size

    def summary(self):
        """The data, the fitted Gaussian, log10 p(x) on the grid and the chosen threshold's scores."""
        low, high = self.low, self.high
        with np.errstate(divide="ignore"):
            log_p_train = np.log10(self.model.score_samples(self.X))
        return {
            "X": self.X.tolist(), "X_val": self.X_val.tolist(), "y_val": self.y_val.tolist(),
            "mu": self.model.mu_.tolist(), "Sigma": self.model.Sigma_.tolist(),
            "extent": {"x": [float(low[0]), float(high[0])], "y": [float(low[1]), float(high[1])]},
            "grid": {"size": self.size, "values": density_grid(
                self.model, (low[0], high[0]), (low[1], high[1]), self.size).tolist()},
            "log10_p_train": np.maximum(log_p_train, -300.0).tolist(),
            "flagged_train": np.flatnonzero(self.model.predict(self.X)).tolist(),
            "chosen": anomaly_report(self.model, self.X_val, self.y_val),
        }

    def report(self, epsilon):
        """Precision, recall, F1 and the flagged points for another threshold ``epsilon``."""
        result = anomaly_report(self.model, self.X_val, self.y_val, epsilon)
        result["flagged_train"] = np.flatnonzero(self.model.score_samples(self.X) < epsilon).tolist()
        return result

