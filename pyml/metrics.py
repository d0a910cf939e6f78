"""How good are the predictions? The measures a beginner needs, as in scikit-learn."""

import numpy as np

from .validation import check_array, check_labels


def _pair(y_true, y_pred, numeric=True):
    check = (lambda y, name: check_array(y, name, ensure_2d=False)) if numeric else check_labels
    y_true, y_pred = check(y_true, "y_true"), check(y_pred, "y_pred")
    if y_true.shape[0] != y_pred.shape[0]:
        raise ValueError(
            "y_true and y_pred have different lengths: %d and %d." % (y_true.shape[0], y_pred.shape[0])
        )
    return y_true, y_pred


def mean_squared_error(y_true, y_pred):
    """Mean of the squared errors, (1/m) Σ (ŷ - y)²."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean((y_pred - y_true) ** 2))


def root_mean_squared_error(y_true, y_pred):
    """Square root of the mean squared error, in the units of y."""
    return float(np.sqrt(mean_squared_error(y_true, y_pred)))


def mean_absolute_error(y_true, y_pred):
    """Mean of the absolute errors, (1/m) Σ |ŷ - y|."""
    y_true, y_pred = _pair(y_true, y_pred)
    return float(np.mean(np.abs(y_pred - y_true)))


def r2_score(y_true, y_pred):
    """Coefficient of determination: 1 - SS_residual / SS_total (1 is perfect, 0 predicts the mean)."""
    y_true, y_pred = _pair(y_true, y_pred)
    ss_res = np.sum((y_true - y_pred) ** 2)
    ss_tot = np.sum((y_true - y_true.mean()) ** 2)
    if ss_tot == 0:
        # A constant target: perfect predictions score 1, anything else 0 (scikit-learn's choice).
        return 1.0 if ss_res == 0 else 0.0
    return float(1 - ss_res / ss_tot)


def accuracy_score(y_true, y_pred):
    """Fraction of predictions equal to the true label."""
    y_true, y_pred = _pair(y_true, y_pred, numeric=False)
    return float(np.mean(y_true == y_pred))


def confusion_matrix(y_true, y_pred, labels=None):
    """Counts ``C[i, j]`` of samples of true class ``labels[i]`` predicted as ``labels[j]``.

    ``labels`` defaults to the sorted union of the labels seen in ``y_true`` and ``y_pred``.
    """
    y_true, y_pred = _pair(y_true, y_pred, numeric=False)
    labels = np.union1d(y_true, y_pred) if labels is None else check_labels(labels, "labels")
    # Each sample's row and column: the position of its label among ``labels`` (-1 when absent).
    order = np.argsort(labels, kind="stable")
    rows, cols = (_positions(labels, order, y) for y in (y_true, y_pred))
    keep = (rows >= 0) & (cols >= 0)
    k = len(labels)
    counts = np.bincount(rows[keep] * k + cols[keep], minlength=k * k)
    return counts.reshape(k, k)


def _positions(labels, order, values):
    """Index of each value in ``labels`` (sorted by ``order``), or -1 for a value not in it."""
    found = np.clip(np.searchsorted(labels[order], values), 0, len(labels) - 1)
    return np.where(labels[order][found] == values, order[found], -1).astype(np.intp)


def precision_recall_f1(y_true, y_pred, pos_label=1):
    """Precision, recall and F1 score of the positive class ``pos_label`` (0 where undefined)."""
    y_true, y_pred = _pair(y_true, y_pred, numeric=False)
    true_pos = np.sum((y_pred == pos_label) & (y_true == pos_label))
    predicted_pos = np.sum(y_pred == pos_label)
    actual_pos = np.sum(y_true == pos_label)
    precision = true_pos / predicted_pos if predicted_pos else 0.0
    recall = true_pos / actual_pos if actual_pos else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return float(precision), float(recall), float(f1)


def f1_score(y_true, y_pred, pos_label=1):
    """Harmonic mean of precision and recall for the positive class."""
    return precision_recall_f1(y_true, y_pred, pos_label)[2]


def log_loss(y_true, proba, labels=None, eps=1e-15):
    """Mean cross-entropy -(1/m) Σ log p(true class), the cost logistic regression minimises.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
    proba : array-like of shape (n_samples, n_classes), or (n_samples,) for P(positive class)
    labels : array-like of shape (n_classes,), optional
        The class of each column of ``proba``; defaults to the sorted labels of ``y_true``.
    """
    y_true = check_labels(y_true, "y_true")
    proba = check_array(proba, "proba", ensure_2d=False) if np.ndim(proba) == 1 else check_array(proba, "proba")
    if proba.ndim == 1:
        proba = np.column_stack([1 - proba, proba])
    labels = np.unique(y_true) if labels is None else check_labels(labels, "labels")
    if proba.shape != (y_true.shape[0], len(labels)):
        raise ValueError(
            "proba must have shape (n_samples, n_classes) = (%d, %d), got %s."
            % (y_true.shape[0], len(labels), proba.shape)
        )
    index = {label: i for i, label in enumerate(labels.tolist())}
    unknown = [label for label in y_true.tolist() if label not in index]
    if unknown:
        raise ValueError("y_true has label %r, which is not in labels=%s." % (unknown[0], labels.tolist()))
    column = np.array([index[label] for label in y_true.tolist()])
    proba = np.clip(proba / proba.sum(axis=1, keepdims=True), eps, 1 - eps)
    return float(-np.mean(np.log(proba[np.arange(len(y_true)), column])))
