"""Unsupervised learning: the two steps of k-means, PCA, and Gaussian anomaly detection."""

import numpy as np

from . import solutions
from .checking import Case, Exercise, Failure, equals, expect_close, expect_shape, expect_tuple, ratio_is

# ---------------------------------------------------------------- k-means

KMEANS_STUB = '''import numpy as np


def closest_centroids(X, centroids):
    """The index (0 ... K-1) of the closest centroid of each sample, shape (m,).

    idx_i = argmin_j ||x_i - mu_j||²
    X: (m, n); centroids: (K, n).
    """
    raise NotImplementedError  # your code here: return idx


def compute_centroids(X, idx, k):
    """The new centroids: the mean of the samples assigned to each, shape (k, n).

    mu_j = the mean of the x_i with idx_i = j
    X: (m, n); idx: (m,) of integers 0 ... k-1 (every cluster has a sample); k: a number.
    """
    raise NotImplementedError  # your code here: return centroids
'''


def _blobs(rng, m, n, k):
    centres = rng.normal(0, 4, size=(k, n))
    idx = np.arange(m) % k  # every cluster has samples
    return centres[idx] + rng.normal(size=(m, n)), centres + rng.normal(0, 1, size=(k, n))


def _kmeans_cases():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [5.0, 5.0], [6.0, 5.0], [0.0, 6.0]])
    centroids = np.array([[0.0, 0.5], [5.5, 4.0], [1.0, 5.0]])
    cases = [
        Case("hand-made case 1 (5 points, 3 centroids)", "closest_centroids", [("X", X), ("centroids", centroids)], None),
        Case("hand-made case 2 (5 points, 3 clusters)", "compute_centroids",
             [("X", X), ("idx", np.array([0, 0, 1, 1, 2])), ("k", 3)], None),
    ]
    rng = np.random.default_rng(8)
    for i, (m, n, k) in enumerate([(30, 2, 3), (60, 4, 5)]):
        X, centroids = _blobs(rng, m, n, k)
        cases.append(Case("random case %d of closest_centroids (seed 8: m = %d, n = %d, K = %d)" % (i + 1, m, n, k),
                          "closest_centroids", [("X", X), ("centroids", centroids)], None))
        cases.append(Case("random case %d of compute_centroids (seed 8: m = %d, n = %d, K = %d)" % (i + 1, m, n, k),
                          "compute_centroids", [("X", X), ("idx", solutions.closest_centroids(X, centroids)),
                                                ("k", k)], None))
    for case in cases:
        case.expected = getattr(solutions, case.function)(*case.arguments())
    return cases


def _compare_kmeans(case, got, sandbox):
    if case.function == "closest_centroids":
        X, centroids = case.arguments()
        m, k = len(X), len(centroids)
        got = expect_shape(got, case.expected, "Your idx", hints=[
            ((m, k), "That is every distance (one column per centroid): take np.argmin(distances, axis=1)."),
            ((k,), "One value per centroid: take the argmin along each sample's row, axis=1, not axis=0."),
            ((m, 1), "That is a column: return a 1-D array of shape (m,)."),
        ])
        farthest = np.argmax(((X[:, None, :] - centroids[None]) ** 2).sum(axis=2), axis=1)
        expect_close(got, case.expected, "Your idx", hints=[
            (equals(case.expected + 1), "every index is 1 too large: centroids are numbered from 0 here."),
            (equals(farthest), "those are the farthest centroids: use np.argmin, not np.argmax."),
        ])
        return
    X, idx, k = case.arguments()
    counts = np.bincount(idx, minlength=k).astype(float)
    sums = case.expected * counts[:, None]
    expect_close(got, case.expected, "Your centroids", hints=[
        (equals(sums), "those are the sums of each cluster's samples: divide by the number of samples in it."),
        (equals(sums / len(X)), "you divided by m, all the samples; divide by the number of samples in each cluster."),
    ], shape_hints=[
        ((X.shape[1], k), "It is transposed: one row per centroid, shape (k, n)."),
        ((X.shape[1],), "That is one centroid: return all k of them, one per row."),
    ])


KMEANS = Exercise("kmeans", "The two steps of k-means", ["closest_centroids", "compute_centroids"], KMEANS_STUB,
                  ["closest_centroids", "compute_centroids"], _kmeans_cases, _compare_kmeans)


# ---------------------------------------------------------------- PCA

PCA_STUB = '''import numpy as np


def pca(X):
    """The principal components of normalised X (each feature has mean 0, standard deviation 1).

    Sigma = 1/m * X' X (the covariance matrix, (n, n)); U, S, V = svd(Sigma)
    Returns (U, S): U (n, n), one component per column; S (n,), the variances along them.
    """
    m = X.shape[0]
    raise NotImplementedError  # your code here: return U, S


def project(X, U, k):
    """Z = X @ U_reduce, where U_reduce is the first k columns of U; shape (m, k)."""
    raise NotImplementedError  # your code here


def recover(Z, U, k):
    """X_approx = Z @ U_reduce', back in the n features; shape (m, n)."""
    raise NotImplementedError  # your code here
'''


def _normalised(rng, m, n):
    X = rng.normal(size=(m, n)) @ rng.normal(size=(n, n))
    return (X - X.mean(axis=0)) / X.std(axis=0)


def _pca_cases():
    rng = np.random.default_rng(9)
    cases = []
    X = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0], [0.0, 0.0]]) @ np.array([[2.0, 1.0], [0.0, 0.5]])
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    cases.append(Case("hand-made case 1 (5 points in 2-D)", "pca", [("X", X)], None))
    for i, (m, n) in enumerate([(30, 3), (50, 5)]):
        cases.append(Case("random case %d of pca (seed 9: m = %d, n = %d)" % (i + 1, m, n), "pca",
                          [("X", _normalised(rng, m, n))], None))
    X = _normalised(rng, 20, 4)
    U, _ = solutions.pca(X)
    cases.append(Case("random case of project (seed 9: m = 20, n = 4, k = 2)", "project",
                      [("X", X), ("U", U), ("k", 2)], None))
    cases.append(Case("random case of recover (seed 9: m = 20, n = 4, k = 2)", "recover",
                      [("Z", solutions.project(X, U, 2)), ("U", U), ("k", 2)], None))
    for case in cases:
        case.expected = getattr(solutions, case.function)(*case.arguments())
    return cases


def _compare_pca(case, got, sandbox):
    if case.function != "pca":
        data, U, k = case.arguments()
        rows = data @ U[:k].T if case.function == "project" else data @ U[:k]
        expect_close(got, case.expected, "Your result", hints=[
            (equals(rows), "you took the first k rows of U; the components are its columns, U[:, :k]."),
        ], shape_hints=[
            ((data.shape[0], U.shape[0]) if case.function == "project" else (data.shape[0], k),
             "Use the first k columns of U, U[:, :k], and transpose it only in recover."),
        ])
        return
    (X,) = case.arguments()
    m, n = X.shape
    U, S = expect_tuple(got, ["U", "S"], "Your pca's result")
    U_expected, S_expected = case.expected
    S = expect_close(S, S_expected, "Your S", hints=[
        (ratio_is(m / (m - 1)), "it is m/(m-1) too large: the course's Sigma divides by m (np.cov divides by m - 1)."),
        (ratio_is(m), "it is m times too large: Sigma = X.T @ X / m."),
        (lambda g, e: np.allclose(g, np.sqrt(e)), "those are the square roots: take the SVD of Sigma, not of X."),
    ], shape_hints=[((n, n), "S is the 1-D array of singular values that np.linalg.svd returns, shape (n,).")])
    U = expect_shape(U, U_expected, "Your U")
    signs = np.sign(np.sum(U * U_expected, axis=0))  # a component is defined up to its sign
    if not np.allclose(U * signs, U_expected, atol=1e-6):
        if np.allclose(np.abs(U.T), np.abs(U_expected), atol=1e-6):
            raise Failure("Your U is transposed: the components are its columns (U[:, j]), as np.linalg.svd returns "
                          "them in its first output.")
        raise Failure("Your U's columns are not the principal components (even up to their sign): U is the first "
                      "output of np.linalg.svd(Sigma), Sigma = X.T @ X / m.")


PCA = Exercise("pca", "Principal component analysis", ["pca", "project", "recover"], PCA_STUB,
               ["pca", "project", "recover"], _pca_cases, _compare_pca, returns={"pca": ["U", "S"]})


# ---------------------------------------------------------------- anomaly detection

ANOMALY_STUB = '''import numpy as np


def estimate_gaussian(X):
    """The mean and the variance of each feature; returns (mu, sigma2), each of shape (n,).

    mu_j = 1/m * sum(x_ij),  sigma2_j = 1/m * sum((x_ij - mu_j)²)
    X: (m, n).
    """
    raise NotImplementedError  # your code here: return mu, sigma2


def select_threshold(y_val, p_val):
    """The threshold epsilon with the best F1 score on a labelled set; returns (epsilon, F1).

    Try 1001 evenly spaced epsilons from p_val.min() to p_val.max() (np.linspace); a sample is
    flagged as an anomaly when p < epsilon. F1 = 2 * precision * recall / (precision + recall),
    precision = tp / (tp + fp), recall = tp / (tp + fn). On a tie keep the smallest epsilon.
    y_val: (m,) of 0 and 1 (1 = anomaly); p_val: (m,), the density of each sample.
    """
    raise NotImplementedError  # your code here: return epsilon, F1
'''


def _servers(rng, m, n):
    X = rng.normal([14, 15, 13, 12][:n], [1.5, 1.0, 2.0, 1.2][:n], size=(m, n))
    return X


def _densities(rng, m):
    y = (rng.random(m) < 0.1).astype(int)
    y[:2] = [1, 0]
    p = np.where(y == 1, rng.random(m) * 0.02, 0.01 + rng.random(m) * 0.1)
    return y, p


def _anomaly_cases():
    rng = np.random.default_rng(10)
    X = np.array([[1.0, 10.0], [2.0, 12.0], [3.0, 14.0], [6.0, 12.0]])
    cases = [Case("hand-made case 1 (4 samples, 2 features)", "estimate_gaussian", [("X", X)], None)]
    for i, (m, n) in enumerate([(50, 2), (300, 4)]):
        cases.append(Case("random case %d of estimate_gaussian (seed 10: m = %d, n = %d)" % (i + 1, m, n),
                          "estimate_gaussian", [("X", _servers(rng, m, n))], None))
    cases.append(Case("hand-made case 2 (5 samples, 1 anomaly)", "select_threshold",
                      [("y_val", np.array([0, 0, 1, 0, 0])), ("p_val", np.array([0.5, 0.3, 0.01, 0.2, 0.4]))], None))
    for i, m in enumerate([40, 200]):
        y, p = _densities(rng, m)
        cases.append(Case("random case %d of select_threshold (seed 10: m = %d)" % (i + 1, m), "select_threshold",
                          [("y_val", y), ("p_val", p)], None))
    for case in cases:
        case.expected = getattr(solutions, case.function)(*case.arguments())
    return cases


def _compare_anomaly(case, got, sandbox):
    if case.function == "estimate_gaussian":
        (X,) = case.arguments()
        m, n = X.shape
        mu, sigma2 = expect_tuple(got, ["mu", "sigma2"], "Your estimate_gaussian's result")
        mu_expected, sigma2_expected = case.expected
        expect_close(mu, mu_expected, "Your mu", shape_hints=[
            ((m,), "One mean per sample: average over the samples, X.mean(axis=0)."),
            ((), "One number for everything: take one mean per feature, X.mean(axis=0)."),
        ])
        expect_close(sigma2, sigma2_expected, "Your sigma2", hints=[
            (ratio_is(m / (m - 1)), "it is m/(m-1) too large: the course divides by m (np.var's default, ddof=0)."),
            (lambda g, e: np.allclose(g ** 2, e), "that is sigma, the standard deviation: return its square, the variance."),
        ], shape_hints=[
            ((m,), "One variance per sample: average over the samples, axis=0."),
            ((n, n), "That is a covariance matrix: return only the variance of each feature, shape (n,)."),
        ])
        return
    y, p = case.arguments()
    epsilon, f1 = expect_tuple(got, ["epsilon", "F1"], "Your select_threshold's result")
    epsilon_expected, f1_expected = case.expected
    expect_close(f1, f1_expected, "Your F1", hints=[
        (lambda g, e: g > e, "it is higher than the best F1 the course's 1001 thresholds reach: check tp, fp and fn "
                             "(tp: flagged and y = 1; fp: flagged and y = 0; fn: not flagged and y = 1)."),
    ])
    expect_close(epsilon, epsilon_expected, "Your epsilon", hints=[
        (lambda g, e: g > e, "several thresholds reach this F1, and the course keeps the first, smallest one: "
                             "replace only on a strictly better F1 (f1 > best_f1)."),
    ])


ANOMALY = Exercise("anomaly", "Anomaly detection", ["estimate_gaussian", "select_threshold"], ANOMALY_STUB,
                   ["estimate_gaussian", "select_threshold"], _anomaly_cases, _compare_anomaly,
                   returns={"estimate_gaussian": ["mu", "sigma2"], "select_threshold": ["epsilon", "F1"]})
