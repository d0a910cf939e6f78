"""Support vector machines: the soft-margin classifier SVC, trained by SMO as libsvm does it.

Notation of the course: labels y_i = +1 or -1, a kernel K(x, z), and one multiplier alpha_i per
training sample. Training solves the dual problem

    minimise  f(alpha) = 1/2 sum_ij alpha_i alpha_j y_i y_j K(x_i, x_j) - sum_i alpha_i
    subject to  0 <= alpha_i <= C  and  sum_i y_i alpha_i = 0,

and the classifier is  f(x) = sum_i alpha_i y_i K(x_i, x) + b. The samples with alpha_i > 0 are
the support vectors: they lie on or inside the margin |f(x)| <= 1, the others do not matter.
"""

import numpy as np

from .base import BaseEstimator, ClassifierMixin, IterativeMixin, Step
from .validation import (
    POSITIVE,
    Array,
    Interval,
    List,
    Options,
    Value,
    check_classes,
    check_n_features,
    check_X_y,
)

KERNELS = ("linear", "rbf", "poly")


def kernel_matrix(X, Z, kernel="rbf", gamma=1.0, degree=3, coef0=0.0):
    """The kernel K(x, z) of every row of ``X`` with every row of ``Z``, shape (n_x, n_z).

    linear: x.z    rbf: exp(-gamma |x - z|^2)    poly: (gamma x.z + coef0)^degree
    """
    if kernel == "linear":
        return X @ Z.T
    if kernel == "poly":
        return (gamma * (X @ Z.T) + coef0) ** degree
    return _rbf(np.sum(X ** 2, axis=1)[:, None], np.sum(Z ** 2, axis=1)[None, :], X @ Z.T, gamma)


def _rbf(x_squared, z_squared, xz, gamma):
    """exp(-gamma |x - z|^2) from |x|^2, |z|^2 and x.z (shapes that broadcast together)."""
    # |x - z|^2 = |x|^2 + |z|^2 - 2 x.z, clipped at 0 where rounding makes it slightly negative
    return np.exp(-gamma * np.maximum(x_squared + z_squared - 2.0 * xz, 0.0))


def kernel_diagonal(X, kernel="rbf", gamma=1.0, degree=3, coef0=0.0):
    """K(x, x) for every row of ``X``, shape (n_x,): the diagonal of ``kernel_matrix(X, X)``."""
    if kernel == "rbf":
        return np.ones(len(X))  # exp(-gamma * 0)
    squared = np.sum(X * X, axis=1)
    return squared if kernel == "linear" else (gamma * squared + coef0) ** degree


class _KernelRows:
    """The rows K(x_t, X) of the kernel matrix that SMO asks for, each computed once and kept
    (libsvm's kernel cache, without its size limit).

    An iteration reads only two rows, so a fit that converges in a few hundred iterations never
    needs the whole n x n matrix, which at 5,000 samples would take 200 MB and 25 million
    kernel evaluations.
    """

    def __init__(self, X, **kernel):
        self.X, self.kernel, self.rows = np.ascontiguousarray(X), kernel, {}
        self.diagonal = kernel_diagonal(self.X, **kernel)
        # |x_t|^2 of every sample, computed once instead of at every rbf row (numpy sums each
        # row of a C-contiguous matrix as it sums the row alone, so the values are the same)
        self.squared_norms = np.sum(self.X ** 2, axis=1) if kernel["kernel"] == "rbf" else None

    def __getitem__(self, t):
        row = self.rows.get(t)
        if row is None:
            x = self.X[t:t + 1]
            if self.squared_norms is None:
                row = kernel_matrix(x, self.X, **self.kernel)[0]
            else:
                norms = self.squared_norms
                row = _rbf(norms[t], norms, (x @ self.X.T)[0], self.kernel["gamma"])
            self.rows[t] = row
        return row


class _SMO:
    """Sequential minimal optimisation for one binary problem (libsvm's solver, without shrinking).

    Reads kernel rows ``K[t]`` (a :class:`_KernelRows`) and keeps the gradient of the dual
    objective, G = Q alpha - 1 with Q_ij = y_i y_j K_ij, up to date, so one iteration is O(n)
    numpy work. Assumes validated input: ``y`` holds +1 and -1 only.
    """

    def __init__(self, K, y, C):
        self.K, self.y, self.C = K, y, C
        self.diagonal = K.diagonal
        self.alpha = np.zeros(len(y))
        self.signs = y.tolist()  # y_t as Python floats, for the scalar part of a step
        self.G = -np.ones(len(y))  # Q alpha - 1 at alpha = 0
        # up: alpha_t can move so that y_t alpha_t grows; low: ... so that it shrinks.
        # Only the two multipliers of a step change, so the masks are updated there.
        self.up, self.low = y > 0, y < 0
        self.curvatures = {}
        self.n_iter = 0
        self.gap = np.inf
        self.converged = False

    def run(self, n_iter, tol):
        """Do up to ``n_iter`` iterations; stop early once the KKT conditions hold within ``tol``."""
        K, y, signs, alpha, C = self.K, self.y, self.signs, self.alpha, self.C
        for _ in range(n_iter):
            # Moving alpha_t up along y_t changes f at rate y_t G_t, so -y_t G_t is the gain.
            gain = -y * self.G
            i = int(np.where(self.up, gain, -np.inf).argmax())
            gain_low = np.where(self.low, gain, np.inf)
            # The maximal violation m - M is 0 at the optimum (Fan, Chen & Lin 2005).
            self.gap = gain[i] - gain_low.min()
            if self.gap < tol:
                self.converged = True
                return
            # Second-order choice of j: the largest decrease b^2 / (2a) of f along the pair.
            K_i = K[i]
            a = self._curvature(i, K_i)
            b = gain[i] - gain_low  # -inf outside low, so never chosen
            j = int(np.where(b > 0, b * b / a, -np.inf).argmax())
            # Step t along alpha_i += y_i t, alpha_j -= y_j t (keeps sum y alpha = 0), inside the box.
            y_i, y_j, alpha_i, alpha_j = signs[i], signs[j], float(alpha[i]), float(alpha[j])
            cap_i = C - alpha_i if y_i > 0 else alpha_i
            cap_j = alpha_j if y_j > 0 else C - alpha_j
            t = min(float(b[j] / a[j]), cap_i, cap_j)
            alpha_i += y_i * t
            alpha_j -= y_j * t
            if t == cap_i:  # land exactly on the bound, so that the masks see it
                alpha_i = C if y_i > 0 else 0.0
            if t == cap_j:
                alpha_j = 0.0 if y_j > 0 else C
            self._move(i, alpha_i, y_i)
            self._move(j, alpha_j, y_j)
            self.G += t * y * (K_i - K[j])
            self.n_iter += 1

    def _curvature(self, i, K_i):
        """a_t = K_ii + K_tt - 2 K_it (at least 1e-12), the curvature of f along the pair (i, t),
        kept for each i as its kernel row is."""
        a = self.curvatures.get(i)
        if a is None:
            a = self.diagonal.item(i) + self.diagonal - 2.0 * K_i
            a = self.curvatures[i] = np.where(a > 0, a, 1e-12)
        return a

    def _move(self, t, alpha_t, y_t):
        """Set alpha_t and the masks up and low at t."""
        self.alpha[t] = alpha_t
        below_C, above_0 = alpha_t < self.C, alpha_t > 0
        if y_t > 0:
            self.up[t], self.low[t] = below_C, above_0
        else:
            self.up[t], self.low[t] = above_0, below_C

    def objective(self):
        """The dual objective f(alpha) = 1/2 alpha'Q alpha - sum(alpha) = 1/2 alpha.(G - 1)."""
        return 0.5 * float(self.alpha @ (self.G - 1.0))

    def intercept(self):
        """b = -rho, libsvm's estimate: the mean of y_t G_t over the free multipliers (0 < alpha_t < C),
        where f(x_t) = y_t exactly; the middle of the feasible interval when none is free."""
        y, alpha, C = self.y, self.alpha, self.C
        yG = y * self.G
        free = yG[self.up & self.low]
        if len(free):
            rho = float(free.sum()) / len(free)  # their mean, as np.mean computes it
        else:
            at_upper, at_lower = alpha >= C, alpha <= 0
            below = (at_upper & (y < 0)) | (at_lower & (y > 0))
            above = (at_upper & (y > 0)) | (at_lower & (y < 0))
            rho = (np.min(yG[below], initial=np.inf) + np.max(yG[above], initial=-np.inf)) / 2
        return -float(rho)


class SVC(ClassifierMixin, IterativeMixin, BaseEstimator):
    """Soft-margin support vector classifier, trained by SMO (the algorithm of libsvm and scikit-learn).

    Parameters
    ----------
    kernel : {"linear", "rbf", "poly"}
        The kernel K(x, z): x.z, exp(-gamma |x - z|^2) or (gamma x.z + coef0)^degree.
    C : float
        Penalty of margin violations: large C fits the training set hard, small C widens the margin.
    gamma : {"scale", "auto"} or float
        Kernel coefficient of rbf and poly. "scale" is 1 / (n_features * X.var()), "auto" is
        1 / n_features, as in scikit-learn.
    degree : int
        Degree of the poly kernel.
    coef0 : float
        Constant term of the poly kernel.
    tol : float
        Stop when the maximal KKT violation (the "gap" of each step) is below this.
    max_iter : int or None
        Most SMO iterations for each binary problem; None means until convergence.
    multiclass : {"ovo", "ovr"}
        With more than two classes: "ovo" trains one classifier per pair of classes and predicts
        by voting (as scikit-learn); "ovr" trains one classifier per class against all others and
        predicts the class of the largest decision value. Two classes always make one problem.
    iter_per_step : int
        SMO iterations per step of ``fit_iter`` (each iteration updates one pair of multipliers).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    support_ : ndarray of shape (n_SV,)
        Indices of the support vectors in the training set, grouped by class.
    support_vectors_ : ndarray of shape (n_SV, n_features)
    n_support_ : ndarray of shape (n_classes,)
        Number of support vectors of each class.
    dual_coef_ : ndarray of shape (n_problems, n_SV)
        alpha_i y_i of each support vector in each binary problem (0 where it is not one of that
        problem's support vectors). n_problems is 1 for two classes, n_classes (n_classes - 1) / 2
        for "ovo" (pairs (0, 1), (0, 2), ..., (1, 2), ...) and n_classes for "ovr".
    intercept_ : ndarray of shape (n_problems,)
        The bias b of each binary problem.
    coef_ : ndarray of shape (n_problems, n_features)
        The weight vector w = sum_i alpha_i y_i x_i (linear kernel only).
    gamma_ : float
        The gamma used (the value of "scale" or "auto" on the training set).
    multiclass_ : str
        The strategy used: "ovo" or "ovr" ("ovo" for two classes: one problem).
    n_iter_ : int
        SMO iterations done, summed over the binary problems.
    loss_curve_ : list of float
        The dual objective after each step.

    Notes
    -----
    In each binary problem y = +1 is the second class of the pair (``classes_[1]`` for two classes)
    and y = -1 the first (or, for "ovr", +1 is the class and -1 all the others), so a positive
    decision value always means the later class. scikit-learn's "ovo" decision values have the
    opposite sign.
    """

    _kind = "classifier"
    _loss_name = "dual objective"
    _parameter_constraints = {
        "kernel": [Options(str, KERNELS)],
        "C": [POSITIVE],
        "gamma": [Options(str, ("scale", "auto")), POSITIVE],
        "degree": [Interval(int, 1, None)],
        "coef0": [Interval(float, None, None)],
        "tol": [POSITIVE],
        "max_iter": [Interval(int, 1, None), None],
        "multiclass": [Options(str, ("ovo", "ovr"))],
        "iter_per_step": [Interval(int, 1, 100_000)],
    }
    _live_params = ("tol", "max_iter", "iter_per_step")
    _fitted_state = {
        "classes_": Array("label", ("n_classes",), unique=True),
        "n_features_in_": Value(Interval(int, 1, None)),
        "multiclass_": Value(Options(str, ("ovo", "ovr"))),
        "gamma_": Value(POSITIVE),
        "support_": Array("i", ("n_support",), low=0),
        "support_vectors_": Array("f", ("n_support", "n_features_in_")),
        "n_support_": Array("i", ("n_classes",), low=0),
        "dual_coef_": Array("f", ("n_problems", "n_support")),
        "intercept_": Array("f", ("n_problems",)),
        "coef_": Array("f", ("n_problems", "n_features_in_"), optional=True),
        "n_iter_": Value(Interval(int, 0, None), optional=True),
        "loss_curve_": List(Value(Interval(float, None, None)), "n_steps", optional=True),
    }

    @classmethod
    def _check_state(cls, state, params):
        n_classes = len(state["classes_"])
        if n_classes < 2:
            raise ValueError("state.classes_: expected at least 2 classes, got %d." % n_classes)
        n_problems = len(_problems(n_classes, state["multiclass_"]))
        if len(state["intercept_"]) != n_problems:
            raise ValueError(
                "state.intercept_: expected %d binary problems for %d classes (multiclass_=%r), got %d."
                % (n_problems, n_classes, state["multiclass_"], len(state["intercept_"]))
            )
        if int(state["n_support_"].sum()) != len(state["support_"]):
            raise ValueError(
                "state.n_support_: expected counts that add up to the %d support vectors, got %s."
                % (len(state["support_"]), state["n_support_"].tolist())
            )

    def __init__(self, kernel="rbf", C=1.0, gamma="scale", degree=3, coef0=0.0, tol=1e-3,
                 max_iter=None, multiclass="ovo", iter_per_step=10):
        self.kernel = kernel
        self.C = C
        self.gamma = gamma
        self.degree = degree
        self.coef0 = coef0
        self.tol = tol
        self.max_iter = max_iter
        self.multiclass = multiclass
        self.iter_per_step = iter_per_step

    def fit_iter(self, X, y=None):
        """Train step by step, yielding a :class:`Step` every ``iter_per_step`` SMO iterations.

        ``loss`` is the dual objective f(alpha) (it only goes down), summed over the binary
        problems; the extras are ``gap`` (the current problem's maximal KKT violation, which
        falls to ``tol``), ``problem`` (its index) and ``n_support``. With several binary problems
        (more than two classes) they are solved one after another: the problems not started yet
        have alpha = 0 and predict nothing useful until their turn. ``tol``, ``max_iter`` and
        ``iter_per_step`` are read at every step.
        """
        self._validate_params()
        C, multiclass = self.C, self.multiclass
        X, y = check_X_y(X, y, classification=True)
        self.classes_ = check_classes(self, y)
        y_index = np.searchsorted(self.classes_, y)
        n_classes = len(self.classes_)
        self.gamma_ = self._gamma(X)
        self.multiclass_ = multiclass if n_classes > 2 else "ovo"
        self.n_features_in_ = X.shape[1]
        kernel = {"kernel": self.kernel, "gamma": self.gamma_, "degree": self.degree, "coef0": self.coef0}
        problems = _problems(n_classes, self.multiclass_)
        coef = np.zeros((len(problems), len(y)))  # alpha_i y_i of each problem, for every sample
        intercepts = np.zeros(len(problems))
        objectives = np.zeros(len(problems))
        self.loss_curve_ = []
        self.n_iter_ = 0
        iteration = 0
        solved = np.zeros(len(y), dtype=bool)  # the support vectors of the problems already solved
        for p, (negative, positive) in enumerate(problems):
            rows = np.flatnonzero((y_index == negative) | (y_index == positive)) if negative >= 0 \
                else np.arange(len(y))
            signs = np.where(y_index[rows] == positive, 1.0, -1.0)
            solver = _SMO(_KernelRows(X[rows], **kernel), signs, C)
            while not solver.converged:
                max_iter, chunk = self.max_iter, self.iter_per_step  # live: read at every step
                if max_iter is not None and solver.n_iter >= max_iter:
                    break
                done = solver.n_iter
                solver.run(chunk if max_iter is None else min(chunk, max_iter - done), self.tol)
                self.n_iter_ += solver.n_iter - done
                if solver.n_iter == done and iteration > 0:
                    break  # converged with nothing left to do: no empty step
                coef[p, rows] = solver.alpha * signs
                intercepts[p] = solver.intercept()
                objectives[p] = solver.objective()
                is_support = solved.copy()
                is_support[rows[solver.alpha != 0]] = True
                self._publish(X, y_index, coef, intercepts, is_support)
                iteration += 1
                self.loss_curve_.append(float(objectives.sum()))
                yield Step(iteration, self.loss_curve_[-1], gap=float(solver.gap), problem=p,
                           n_support=len(self.support_))
            solved[rows[solver.alpha != 0]] = True

    def _gamma(self, X):
        if self.gamma == "auto":
            return 1.0 / X.shape[1]
        if self.gamma == "scale":
            variance = X.var()
            return 1.0 / (X.shape[1] * variance) if variance > 0 else 1.0
        return float(self.gamma)

    def _publish(self, X, y_index, coef, intercepts, is_support):
        """Set the fitted attributes from the multipliers of every problem (solved or not yet);
        ``is_support`` marks the samples with a nonzero multiplier in some problem."""
        support = is_support.nonzero()[0]
        support = support[np.lexsort((support, y_index[support]))]  # grouped by class, as libsvm
        self.support_ = support
        self.support_vectors_ = X[support]
        self.n_support_ = np.bincount(y_index[support], minlength=len(self.classes_))
        self.dual_coef_ = np.ascontiguousarray(coef[:, support])  # as a loaded model has it: same sums
        self.intercept_ = intercepts.copy()
        if self.kernel == "linear":
            self.coef_ = self.dual_coef_ @ self.support_vectors_  # w = sum_i alpha_i y_i x_i
        else:
            self.__dict__.pop("coef_", None)

    def decision_function(self, X):
        """f(x) = sum_i alpha_i y_i K(x_i, x) + b: shape (n_samples,) for two classes, else
        (n_samples, n_problems), one column per binary problem (see ``dual_coef_``)."""
        X = check_n_features(self, X)
        K = kernel_matrix(X, self.support_vectors_, self.kernel, self.gamma_, self.degree, self.coef0)
        scores = K @ self.dual_coef_.T + self.intercept_
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict(self, X):
        """The class of each sample: the sign of f for two classes, else the vote of the pairs
        ("ovo") or the largest f ("ovr"); ties go to the earlier class."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores > 0).astype(int)]
        if self.multiclass_ == "ovr":
            return self.classes_[np.argmax(scores, axis=1)]
        pairs = np.array(_problems(len(self.classes_), "ovo"))
        winners = np.where(scores > 0, pairs[:, 1], pairs[:, 0])
        votes = np.sum(winners[:, :, None] == np.arange(len(self.classes_)), axis=1)
        return self.classes_[np.argmax(votes, axis=1)]


def _problems(n_classes, multiclass):
    """The binary problems as (negative class, positive class) index pairs; -1 means "all others"."""
    if n_classes == 2:
        return [(0, 1)]
    if multiclass == "ovr":
        return [(-1, c) for c in range(n_classes)]
    return [(a, b) for a in range(n_classes) for b in range(a + 1, n_classes)]
