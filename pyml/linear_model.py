"""Linear and logistic regression, by gradient descent and by the fast exact solvers.

Notation of the classic course: m samples, parameters theta = [theta_0 (intercept), theta_1..n],
hypothesis h = X theta, and a penalty lambda/(2m) * sum(theta_j**2) that leaves theta_0 alone.
"""

import numpy as np

from ._lbfgs import lbfgs
from .base import BaseEstimator, ClassifierMixin, DivergenceGuard, IterativeMixin, RegressorMixin, Step
from .validation import (
    ITERATIONS,
    LEARNING_RATE,
    NON_NEGATIVE,
    Array,
    Dim,
    Interval,
    List,
    Options,
    Value,
    check_classes,
    check_n_features,
    check_X_y,
)

# What gradient descent records, for both models: the steps done and the cost after each.
_HISTORY = {
    "n_iter_": Value(Interval(int, 0, None), optional=True),
    "loss_curve_": List(Value(Interval(float, None, None)), "n_iter_", optional=True),
}


class _Normalizer:
    """Optional feature normalization inside a model: fit on the training X, undone on theta."""

    def __init__(self, X, enabled):
        self.mean = X.mean(axis=0) if enabled else np.zeros(X.shape[1])
        std = X.std(axis=0) if enabled else np.ones(X.shape[1])
        self.std = np.where(std == 0, 1.0, std)

    def design(self, X):
        """Return the design matrix [1, (X - mean) / std]: the column of ones is theta_0's."""
        return np.column_stack([np.ones(len(X)), (X - self.mean) / self.std])

    def unscale(self, theta):
        """Turn parameters for normalized features into (coef, intercept) for the raw ones."""
        coef = theta[1:] / self.std[:, None] if theta.ndim == 2 else theta[1:] / self.std
        return coef, theta[0] - self.mean.dot(coef)


class LinearRegression(RegressorMixin, IterativeMixin, BaseEstimator):
    """Least-squares linear regression, with optional L2 penalty (ridge).

    Minimises the course's cost J(theta) = 1/(2m) * sum((X theta - y)**2) + l2/(2m) * sum(theta_j**2),
    which is the problem scikit-learn's ``Ridge(alpha=l2)`` solves.

    Parameters
    ----------
    solver : {"gd", "normal"}
        "gd": batch gradient descent, one step per iteration. "normal": the normal equation,
        solved exactly in one step.
    learning_rate : float
        Step size alpha of gradient descent.
    n_iter : int
        Iterations of gradient descent.
    l2 : float
        Regularization strength lambda; the intercept is not penalized.
    normalize : bool
        Train on standardized features (faster gradient descent). Coefficients are reported for
        the original features. With ``l2 > 0`` the penalty applies to the standardized problem.
    tol : float
        Stop gradient descent early when the cost improves by less than this in one iteration.
    """

    _kind = "regressor"
    _loss_name = "½ · mean squared error"
    _parameter_constraints = {
        "solver": [Options(str, ("gd", "normal"))],
        "learning_rate": [LEARNING_RATE],
        "n_iter": [ITERATIONS],
        "l2": [NON_NEGATIVE],
        "normalize": ["boolean"],
        "tol": [NON_NEGATIVE],
    }
    _live_params = ("learning_rate", "n_iter", "l2", "tol")
    _fitted_state = dict({
        "n_features_in_": Value(Interval(int, 1, None)),
        "coef_": Array("f", ("n_features_in_",)),
        "intercept_": Value(Interval(float, None, None)),
    }, **_HISTORY)

    def __init__(self, solver="gd", learning_rate=0.01, n_iter=1000, l2=0.0, normalize=False, tol=0.0):
        self.solver = solver
        self.learning_rate = learning_rate
        self.n_iter = n_iter
        self.l2 = l2
        self.normalize = normalize
        self.tol = tol

    def fit_iter(self, X, y=None):
        """Train step by step, yielding a :class:`Step` with ``iteration`` and ``loss`` (the cost J).

        The ``_live_params`` are read at every step, so changing ``learning_rate`` between
        steps (with ``set_params``) takes effect without starting over.
        """
        self._validate_params()
        X, y = check_X_y(X, y)
        self.n_features_in_ = X.shape[1]
        scaler = _Normalizer(X, self.normalize)
        A = scaler.design(X)
        m = len(y)

        def publish(theta, squared_errors, iteration):
            """Set coef_ and intercept_ from theta; record and return the cost J(theta), given
            the sum of squared errors (h - y)'(h - y), h = A theta."""
            self.coef_, self.intercept_ = scaler.unscale(theta)
            self.n_iter_ = iteration
            penalty = float(self.l2 * theta[1:] @ theta[1:]) if self.l2 else 0.0
            self.loss_curve_.append((squared_errors + penalty) / (2 * m))
            return Step(iteration, self.loss_curve_[-1], squared_errors / (2 * m))

        self.loss_curve_ = []
        if self.solver == "normal":
            theta = _normal_equation(A, y, self.l2)
            errors = A @ theta - y
            yield publish(theta, float(errors.dot(errors)), 1)
            return

        theta = np.zeros(A.shape[1])
        errors = A @ theta - y  # h - y: the cost and the next gradient both need them
        guard = DivergenceGuard(self)
        iteration = 0
        while iteration < self.n_iter:  # live: read at every step
            iteration += 1
            # A diverging step overflows; the divergence guard explains that, so numpy need not warn.
            with np.errstate(over="ignore", invalid="ignore"):
                gradient = A.T @ errors / m
                if self.l2:
                    gradient[1:] += self.l2 / m * theta[1:]
                theta = theta - self.learning_rate * gradient
                errors = A @ theta - y
                squared_errors = float(errors @ errors)
                step = publish(theta, squared_errors, iteration)
            guard.check(iteration, step.loss)
            yield step
            if _converged(self.loss_curve_, self.tol):
                return

    def predict(self, X):
        """Predicted targets X @ coef_ + intercept_, shape (n_samples,)."""
        X = check_n_features(self, X)
        return X @ self.coef_ + self.intercept_


def _converged(losses, tol):
    """True when the last step lowered the cost, by less than ``tol``.

    A rising cost is not convergence: the divergence guard judges that.
    """
    return len(losses) > 1 and 0 <= losses[-2] - losses[-1] < tol


def _normal_equation(A, y, l2):
    """Solve (A'A + l2 L) theta = A'y, where L is the identity without the intercept's entry.

    The data are centred first: with the intercept unpenalized this gives the same answer,
    and the centred system is far better conditioned (housing sizes are in thousands).
    """
    Z, z_mean = A[:, 1:] - A[:, 1:].mean(axis=0), A[:, 1:].mean(axis=0)
    yc = y - y.mean()
    if l2 > 0:
        w = np.linalg.solve(Z.T @ Z + l2 * np.eye(Z.shape[1]), Z.T @ yc)
    else:
        w = np.linalg.lstsq(Z, yc, rcond=None)[0]  # also right when features are collinear
    return np.concatenate([[y.mean() - z_mean @ w], w])


class LogisticRegression(ClassifierMixin, IterativeMixin, BaseEstimator):
    """Logistic regression: sigmoid for two classes, softmax for more.

    Minimises the mean cross-entropy plus l2/(2m) * sum(theta_j**2) (intercept unpenalized),
    the problem scikit-learn's ``LogisticRegression(C=1/l2)`` solves.

    Parameters
    ----------
    solver : {"gd", "lbfgs"}
        "gd": batch gradient descent. "lbfgs": the quasi-Newton method L-BFGS, which needs
        no learning rate and converges in far fewer iterations.
    learning_rate : float
        Step size of gradient descent (unused by lbfgs).
    n_iter : int
        Maximum number of iterations.
    l2 : float
        Regularization strength lambda; 0 means no penalty.
    normalize : bool
        Train on standardized features; coefficients are reported for the original features.
    tol : float
        Stop when the cost improves by less than this in one iteration (lbfgs: or when the
        gradient's largest entry falls below it).
    """

    _kind = "classifier"
    _loss_name = "cross-entropy"
    _parameter_constraints = {
        "solver": [Options(str, ("gd", "lbfgs"))],
        "learning_rate": [LEARNING_RATE],
        "n_iter": [ITERATIONS],
        "l2": [NON_NEGATIVE],
        "normalize": ["boolean"],
        "tol": [NON_NEGATIVE],
    }
    _live_params = ("learning_rate", "n_iter", "l2", "tol")
    # One row of coefficients for two classes (the sigmoid's), else one per class (softmax).
    _ROWS = Dim(lambda dims: 1 if dims["n_classes"] == 2 else dims["n_classes"], "n_classes")
    _fitted_state = dict({
        "classes_": Array("label", ("n_classes",), unique=True),
        "n_features_in_": Value(Interval(int, 1, None)),
        "coef_": Array("f", (_ROWS, "n_features_in_")),
        "intercept_": Array("f", (_ROWS,)),
    }, **_HISTORY)

    def __init__(self, solver="gd", learning_rate=0.1, n_iter=1000, l2=0.0, normalize=False, tol=1e-10):
        self.solver = solver
        self.learning_rate = learning_rate
        self.n_iter = n_iter
        self.l2 = l2
        self.normalize = normalize
        self.tol = tol

    def fit_iter(self, X, y=None):
        """Train step by step, yielding a :class:`Step` with ``iteration``, ``loss`` (the cost
        with its penalty) and ``data_loss`` (the mean cross-entropy alone)."""
        self._validate_params()
        X, y = check_X_y(X, y, classification=True)
        self.classes_ = check_classes(self, y)
        self.n_features_in_ = X.shape[1]
        scaler = _Normalizer(X, self.normalize)
        A = scaler.design(X)
        labels = np.searchsorted(self.classes_, y)
        if len(self.classes_) == 2:
            positive = labels == 1
            Y = positive[:, None].astype(float)  # a single sigmoid column, for the second class
        else:
            Y = (labels[:, None] == np.arange(len(self.classes_))).astype(float)  # one-hot targets
        m, k = A.shape[0], Y.shape[1]
        rows = np.arange(m)

        def cost_and_gradient(flat):
            theta = flat.reshape(-1, k)
            P = _probabilities(A @ theta)
            # The cross-entropy -1/m sum log p(true class): only each sample's own class counts.
            if k == 1:
                p = P[:, 0]
                p_true = np.where(positive, p, 1 - p)
            else:
                p_true = P[rows, labels]
            penalty = self.l2 / (2 * m) * np.sum(theta[1:] ** 2) if self.l2 else 0.0
            cross_entropy = -float(np.log(np.maximum(p_true, 1e-300)).sum()) / m
            gradient = A.T @ (P - Y) / m
            if self.l2:
                gradient[1:] += self.l2 / m * theta[1:]
            return penalty + cross_entropy, gradient.ravel()

        def publish(flat, iteration, cost):
            theta = flat.reshape(-1, k)
            self.coef_, self.intercept_ = scaler.unscale(theta)
            self.coef_ = self.coef_.T  # shape (n_classes or 1, n_features), as in scikit-learn
            self.n_iter_ = iteration
            self.loss_curve_.append(float(cost))
            penalty = self.l2 / (2 * m) * float(np.sum(theta[1:] ** 2)) if self.l2 else 0.0
            return Step(iteration, self.loss_curve_[-1], self.loss_curve_[-1] - penalty)

        self.loss_curve_ = []
        flat = np.zeros(A.shape[1] * k)
        steps = lbfgs(cost_and_gradient, flat) if self.solver == "lbfgs" else _gd(cost_and_gradient, flat, self)
        for iteration, (flat, cost, gradient) in enumerate(steps, start=1):
            yield publish(flat, iteration, cost)
            if iteration >= self.n_iter:  # live: read at every step
                return
            # Converged, or max |gradient_j| < tol (all() is False for NaN, as np.max would be).
            if _converged(self.loss_curve_, self.tol) or all(abs(g) < self.tol for g in gradient.tolist()):
                return

    def decision_function(self, X):
        """Scores theta'x: shape (n_samples,) for two classes, (n_samples, n_classes) for more."""
        X = check_n_features(self, X)
        scores = X @ self.coef_.T + self.intercept_
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict_proba(self, X):
        """Probability of each class in ``classes_``, shape (n_samples, n_classes)."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            p = _probabilities(scores[:, None])[:, 0]
            return np.column_stack([1 - p, p])
        return _probabilities(scores)

    def predict(self, X):
        """The most probable class of each sample."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


def _probabilities(scores):
    """Sigmoid of a single column of scores, softmax of several.

    For a score below -709.78, exp(-score) overflows to inf and the sigmoid is 0, as it should;
    np.errstate keeps numpy from warning about it.
    """
    if scores.shape[1] == 1:
        with np.errstate(over="ignore"):
            return 1 / (1 + np.exp(-scores))
    exp = np.exp(scores - scores.max(axis=1, keepdims=True))  # shifted: no overflow
    return exp / exp.sum(axis=1, keepdims=True)


def _gd(cost_and_gradient, x, model):
    """Gradient descent: x <- x - alpha * gradient, yielding (x, cost, gradient) each step."""
    guard = DivergenceGuard(model)
    iteration = 0
    cost, gradient = cost_and_gradient(x)
    while True:
        iteration += 1
        x = x - model.learning_rate * gradient  # live: read at every step
        cost, gradient = cost_and_gradient(x)
        guard.check(iteration, cost)
        yield x, cost, gradient
