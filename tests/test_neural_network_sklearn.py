import numpy as np
import pytest

from pyml.neural_network import MLPClassifier, MLPRegressor

sklearn = pytest.importorskip("sklearn")

from sklearn import neural_network  # noqa: E402
from sklearn.datasets import load_digits, make_classification  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.metrics import log_loss  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore", category=ConvergenceWarning)


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return train_test_split(X / 16, y, test_size=0.25, random_state=0)


def test_digits_test_accuracy_at_least_95_percent(digits):
    X_train, X_test, y_train, y_test = digits
    model = MLPClassifier(hidden_layer_sizes=(32,), n_epochs=30, random_state=0).fit(X_train, y_train)
    theirs = neural_network.MLPClassifier(
        hidden_layer_sizes=(32,), activation="tanh", learning_rate_init=0.01, batch_size=32, max_iter=30,
        alpha=0.0, random_state=0,
    ).fit(X_train, y_train)
    assert model.score(X_test, y_test) >= 0.95
    assert model.score(X_test, y_test) >= theirs.score(X_test, y_test) - 0.02


def _copy_weights(ours, theirs, X):
    ours.coefs_ = [W.copy() for W in theirs.coefs_]
    ours.intercepts_ = [b.copy() for b in theirs.intercepts_]
    ours.n_features_in_ = X.shape[1]
    ours.n_outputs_ = theirs.n_outputs_
    return ours


@pytest.mark.parametrize("activation", ["relu", "tanh", "logistic", "identity"])
def test_forward_pass_equals_sklearn_with_the_same_weights(digits, activation):
    X_train, X_test, y_train, _ = digits
    theirs = neural_network.MLPClassifier(hidden_layer_sizes=(10, 7), activation=activation, max_iter=5, random_state=0)
    theirs.fit(X_train, y_train)
    ours_name = {"logistic": "sigmoid", "identity": "linear"}.get(activation, activation)
    ours = _copy_weights(MLPClassifier((10, 7), activation=ours_name), theirs, X_train)
    ours.classes_ = theirs.classes_
    np.testing.assert_allclose(ours.predict_proba(X_test), theirs.predict_proba(X_test), rtol=1e-10, atol=1e-12)
    # With the same weights and l2=0, our cost is scikit-learn's log loss.
    from pyml.neural_network import _loss_and_gradients

    Y = np.eye(10)[y_train]
    loss = _loss_and_gradients(ours.coefs_, ours.intercepts_, X_train, Y, ours_name, "softmax")[0]
    assert loss == pytest.approx(log_loss(y_train, theirs.predict_proba(X_train)), rel=1e-9)

    regressor = neural_network.MLPRegressor(hidden_layer_sizes=(6,), activation=activation, max_iter=5, random_state=0)
    regressor.fit(X_train, X_train[:, 20])
    ours = _copy_weights(MLPRegressor((6,), activation=ours_name), regressor, X_train)
    np.testing.assert_allclose(ours.predict(X_test), regressor.predict(X_test), rtol=1e-10, atol=1e-12)


def test_classifier_comparable_to_sklearn_on_a_synthetic_set():
    X, y = make_classification(
        n_samples=600, n_features=10, n_informative=6, n_classes=3, class_sep=1.5, random_state=0
    )
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
    ours = MLPClassifier(hidden_layer_sizes=(16,), activation="relu", learning_rate=0.005, n_epochs=100,
                         random_state=0).fit(X_train, y_train)
    theirs = neural_network.MLPClassifier(
        hidden_layer_sizes=(16,), activation="relu", learning_rate_init=0.005, batch_size=32, max_iter=100,
        alpha=0.0, random_state=0,
    ).fit(X_train, y_train)
    ours_score, theirs_score = ours.score(X_test, y_test), theirs.score(X_test, y_test)
    assert ours_score >= 0.8
    assert abs(ours_score - theirs_score) <= 0.05


def test_regressor_r2_comparable_to_sklearn_on_a_smooth_problem():
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, (400, 2))
    y = np.sin(X[:, 0]) * np.cos(X[:, 1]) + 0.3 * X[:, 1] ** 2 + 0.05 * rng.normal(size=400)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    ours = MLPRegressor(random_state=0).fit(X_train, y_train)
    theirs = neural_network.MLPRegressor(
        hidden_layer_sizes=(8, 8), activation="tanh", learning_rate_init=0.01, batch_size=32, max_iter=200,
        alpha=0.0, random_state=0,
    ).fit(X_train, y_train)
    ours_r2, theirs_r2 = ours.score(X_test, y_test), theirs.score(X_test, y_test)
    assert ours_r2 >= 0.95
    assert ours_r2 >= theirs_r2 - 0.03


def test_lbfgs_without_hidden_layer_converges_to_sklearns_convex_optimum():
    # With no hidden layer the cost is convex: both L-BFGS implementations must find its minimum.
    X, y = make_classification(n_samples=200, n_features=4, n_informative=3, n_redundant=0, n_classes=3,
                               n_clusters_per_class=1, class_sep=0.8, random_state=0)
    ours = MLPClassifier((), optimizer="lbfgs", l2=1.0, n_epochs=300, random_state=0).fit(X, y)
    theirs = neural_network.MLPClassifier((), solver="lbfgs", alpha=1.0, max_iter=1000, tol=1e-12,
                                          random_state=0).fit(X, y)
    # scikit-learn's alpha is our lambda: its penalty is alpha / (2m) * sum(W**2) too.
    assert ours.loss_curve_[-1] == pytest.approx(theirs.loss_, rel=1e-6)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-4)


@pytest.mark.parametrize("hidden", [(5,), (8, 8)])
def test_lbfgs_network_is_as_good_as_sklearns(hidden):
    X, y = make_classification(n_samples=300, n_features=5, n_informative=4, n_redundant=0, class_sep=1.0,
                               random_state=1)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, random_state=0)
    ours = MLPClassifier(hidden, optimizer="lbfgs", l2=0.1, n_epochs=200, random_state=0).fit(X_train, y_train)
    theirs = neural_network.MLPClassifier(hidden, activation="tanh", solver="lbfgs", alpha=0.1, max_iter=200,
                                          random_state=0).fit(X_train, y_train)
    assert ours.loss_curve_[-1] <= theirs.loss_ * 1.5 + 0.02
    assert ours.score(X_test, y_test) >= theirs.score(X_test, y_test) - 0.05
