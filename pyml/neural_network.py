"""Multilayer perceptrons (feed-forward neural networks) trained by backpropagation.

Notation of the classic course: layer l has weights W[l] of shape (n_in, n_out) and biases b[l];
a batch of m samples flows forward as Z = A_prev @ W + b, A = g(Z); the output error
delta = A_out - Y flows backward, and the cost carries the penalty lambda/(2m) * sum(W**2),
which leaves the biases alone.
"""

import math

import numpy as np

from .base import BaseEstimator, ClassifierMixin, DivergenceGuard, IterativeMixin, RegressorMixin, Step
from .validation import (
    ITERATIONS,
    LEARNING_RATE,
    NON_NEGATIVE,
    Array,
    Interval,
    List,
    Options,
    Sizes,
    Value,
    check_array,
    check_classes,
    check_n_features,
    check_random_state,
    check_X_y,
)

# Adam's constants: the values of the original paper, which rarely need changing.
BETA1, BETA2, EPSILON = 0.9, 0.999, 1e-8


def _sigmoid(Z):
    with np.errstate(over="ignore"):  # exp(-z) overflows to inf for very negative z: 1/inf = 0 is right
        return 1 / (1 + np.exp(-Z))


def _softmax(Z):
    exp = np.exp(Z - Z.max(axis=1, keepdims=True))  # shifted: no overflow, same result
    return exp / exp.sum(axis=1, keepdims=True)


ACTIVATIONS = {
    "relu": lambda Z: np.maximum(Z, 0),
    "tanh": np.tanh,
    "sigmoid": _sigmoid,
    "linear": lambda Z: Z,
}

# g'(z) written with the activation A = g(z), which the forward pass has already computed.
DERIVATIVES = {
    "relu": lambda A: (A > 0).astype(float),
    "tanh": lambda A: 1 - A ** 2,
    "sigmoid": lambda A: A * (1 - A),
    "linear": lambda A: np.ones_like(A),
}

# The output layer and the loss go together: softmax with cross-entropy, identity with squared error.
OUTPUTS = {"softmax": _softmax, "identity": lambda Z: Z}

OPTIMIZERS = ("sgd", "momentum", "adam")


def _forward(coefs, intercepts, X, activation, output):
    """Activations of every layer for the batch ``X``: [X, A1, ..., A_out]. Assumes validated input."""
    layers = [X]
    for W, b in zip(coefs[:-1], intercepts[:-1]):
        layers.append(ACTIVATIONS[activation](layers[-1] @ W + b))
    layers.append(OUTPUTS[output](layers[-1] @ coefs[-1] + intercepts[-1]))
    return layers


def _loss_and_gradients(coefs, intercepts, X, Y, activation, output, l2=0.0, n_samples=None):
    """Cost J of a batch and its gradients for every layer, by backpropagation.

    Assumes validated input.

    Parameters
    ----------
    coefs, intercepts : lists of arrays of shapes (n_in, n_out) and (n_out,), one per layer
    X : array of shape (n_samples_batch, n_features)
    Y : array of shape (n_samples_batch, n_outputs)
        One-hot classes for ``output="softmax"``, targets for ``output="identity"``.
    activation : {"relu", "tanh", "sigmoid", "linear"}
        Activation of the hidden layers.
    output : {"softmax", "identity"}
        Softmax output with cross-entropy loss, or identity output with squared error.
    l2 : float
        Penalty strength lambda.
    n_samples : int, optional
        The m of the penalty lambda/(2m) * sum(W**2): the size of the whole training set, so
        that a mini-batch estimates the gradient of the full cost. Defaults to ``len(X)``.

    Returns
    -------
    loss : float
        Mean loss over the batch plus the penalty.
    coef_grads, intercept_grads : lists of arrays shaped like ``coefs`` and ``intercepts``
    """
    m = len(X) if n_samples is None else n_samples
    layers = _forward(coefs, intercepts, X, activation, output)
    coef_grads, intercept_grads = [np.empty_like(W) for W in coefs], [np.empty_like(b) for b in intercepts]
    _backward(coefs, layers, Y, activation, l2, m, coef_grads, intercept_grads)
    return _cost(coefs, layers[-1], Y, output, l2, m), coef_grads, intercept_grads


def _cost(coefs, A_out, Y, output, l2, m):
    """The cost J: mean loss of the output layer ``A_out`` against ``Y`` plus lambda/(2m) * sum(W**2)."""
    batch = len(A_out)
    if output == "softmax":
        data_loss = -np.sum(Y * np.log(np.maximum(A_out, 1e-300))) / batch
    else:
        data_loss = np.sum((A_out - Y) ** 2) / (2 * batch)
    penalty = l2 / (2 * m) * sum(np.sum(W ** 2) for W in coefs)
    return float(data_loss + penalty)


def _backward(coefs, layers, Y, activation, l2, m, coef_grads, intercept_grads):
    """Backpropagation: the gradients of J for every layer, from the activations of a forward pass.

    They are written into ``coef_grads`` and ``intercept_grads``, arrays shaped like the weights
    and biases (in training, views of one flat vector: the optimizer reads them with no copying).
    """
    # For both pairings of output and loss the error at the output is simply A_out - Y.
    delta = (layers[-1] - Y) / len(Y)
    for layer in reversed(range(len(coefs))):
        np.matmul(layers[layer].T, delta, out=coef_grads[layer])  # dJ/dW = A_prev.T @ delta
        if l2:  # the penalty's lambda/m * W (with l2 = 0, adding 0 * W would change nothing)
            coef_grads[layer] += l2 / m * coefs[layer]
        delta.sum(axis=0, out=intercept_grads[layer])  # dJ/db
        if layer > 0:
            delta = (delta @ coefs[layer].T) * DERIVATIVES[activation](layers[layer])


class _BaseMLP(IterativeMixin, BaseEstimator):
    """What the classifier and the regressor share; subclasses set ``_output``."""

    _output = None
    _parameter_constraints = {
        "hidden_layer_sizes": [Sizes(Interval(int, 1, 100_000), max_length=100), Interval(int, 1, 100_000)],
        "activation": [Options(str, tuple(ACTIVATIONS))],
        "optimizer": [Options(str, OPTIMIZERS)],
        "learning_rate": [LEARNING_RATE],
        "momentum": [Interval(float, 0, 1, closed="left")],
        "batch_size": [Interval(int, 1, None), None],
        "l2": [NON_NEGATIVE],
        "n_epochs": [ITERATIONS],
        "random_state": ["random_state"],
    }
    _live_params = ("learning_rate", "momentum", "batch_size", "l2", "n_epochs")
    # Beyond this many weights a network is too big to train here: a 3000 x 3000 x 3000 network
    # has 18 million, and an epoch of it would take minutes in the page.
    _max_weights = 2_000_000
    _fitted_state = {
        "n_features_in_": Value(Interval(int, 1, None)),
        "n_outputs_": Value(Interval(int, 1, None)),
        "coefs_": List(Array("f", (None, None)), "n_layers"),  # sizes: see _check_state
        "intercepts_": List(Array("f", (None,)), "n_layers"),
        "n_iter_": Value(Interval(int, 0, None), optional=True),
        "loss_curve_": List(Value(Interval(float, None, None)), "n_iter_", optional=True),
    }

    def __init__(
        self,
        hidden_layer_sizes=(8, 8),
        activation="tanh",
        optimizer="adam",
        learning_rate=0.01,
        momentum=0.9,
        batch_size=32,
        l2=0.0,
        n_epochs=200,
        random_state=None,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.batch_size = batch_size
        self.l2 = l2
        self.n_epochs = n_epochs
        self.random_state = random_state

    @classmethod
    def _check_params(cls, params, prefix=""):
        super()._check_params(params, prefix)
        if "hidden_layer_sizes" in params:
            hidden = _layer_sizes(params["hidden_layer_sizes"])
            cls._check_size(params["hidden_layer_sizes"], sum(a * b for a, b in zip(hidden[:-1], hidden[1:])),
                            "between its hidden layers")

    @classmethod
    def _check_size(cls, hidden_layer_sizes, n_weights, where):
        if n_weights > cls._max_weights:
            raise ValueError(
                "%s: hidden_layer_sizes=%r makes a network of %s weights %s, more than the %s a pyml "
                "network may have. Use fewer or smaller hidden layers."
                % (cls.__name__, hidden_layer_sizes, format(n_weights, ","), where, format(cls._max_weights, ","))
            )

    @classmethod
    def _check_state(cls, state, params):
        """The layers chain: n_features_in_ inputs -> each hidden layer's units -> n_outputs_."""
        if not state["coefs_"]:
            raise ValueError("state.coefs_: expected at least 1 weight matrix (the output layer's), got an empty list.")
        n_in = state["n_features_in_"]
        last = len(state["coefs_"]) - 1
        for layer, (W, b) in enumerate(zip(state["coefs_"], state["intercepts_"])):
            n_out = state["n_outputs_"] if layer == last else W.shape[1]
            if W.shape != (n_in, n_out) or b.shape != (n_out,):
                raise ValueError(
                    "state.coefs_[%d] and state.intercepts_[%d]: expected shapes (%d, %d) and (%d,) for a layer "
                    "of %d inputs and %d units, got %s and %s."
                    % (layer, layer, n_in, n_out, n_out, n_in, n_out, W.shape, b.shape)
                )
            n_in = n_out

    def _fit_iter(self, X, Y):
        """Train on validated ``X`` and targets ``Y`` of shape (n_samples, n_outputs), one epoch a step."""
        activation, self._optimizer = self.activation, self.optimizer
        hidden = _layer_sizes(self.hidden_layer_sizes)
        sizes = [X.shape[1]] + hidden + [Y.shape[1]]
        self._check_size(self.hidden_layer_sizes, sum(a * b for a, b in zip(sizes[:-1], sizes[1:])),
                         "for %d features and %d outputs" % (X.shape[1], Y.shape[1]))
        rng = check_random_state(self.random_state)

        self.n_features_in_ = X.shape[1]
        self.n_outputs_ = Y.shape[1]
        coefs, intercepts = _initialize(sizes, activation, rng)
        # Every weight and bias lives in one flat vector, and coefs_ and intercepts_ are views of
        # it; the gradients likewise. The optimizer then updates all of them in a few operations
        # on a single array.
        params = np.concatenate([p.ravel() for p in coefs + intercepts])
        grads = np.empty_like(params)
        views, grad_views = _views(params, coefs + intercepts), _views(grads, coefs + intercepts)
        self.coefs_, self.intercepts_ = views[:len(coefs)], views[len(coefs):]
        coef_grads, intercept_grads = grad_views[:len(coefs)], grad_views[len(coefs):]
        self._velocity = np.zeros_like(params)
        self._first_moment = np.zeros_like(params)
        self._second_moment = np.zeros_like(params)
        self._n_updates = 0
        self.loss_curve_ = []
        self.n_iter_ = 0
        # Mini-batch costs wobble; only a cost that is no longer finite means divergence.
        guard = DivergenceGuard(self, patience=math.inf)

        m = len(X)
        while self.n_iter_ < self.n_epochs:  # the live hyperparameters are read at every epoch
            batch_size = m if self.batch_size is None else min(self.batch_size, m)
            # A new shuffle every epoch; the mini-batches are then slices of the shuffled copy
            # (take copies rows much faster than X[order], and slices cost less than either).
            order = rng.permutation(m)
            X_shuffled, Y_shuffled = X.take(order, axis=0), Y.take(order, axis=0)
            with np.errstate(over="ignore", invalid="ignore"):
                for start in range(0, m, batch_size):
                    X_batch, Y_batch = X_shuffled[start:start + batch_size], Y_shuffled[start:start + batch_size]
                    layers = _forward(self.coefs_, self.intercepts_, X_batch, activation, self._output)
                    _backward(self.coefs_, layers, Y_batch, activation, self.l2, m, coef_grads, intercept_grads)
                    self._update(params, grads)
                A_out = _forward(self.coefs_, self.intercepts_, X, activation, self._output)[-1]
                data_loss = _cost(self.coefs_, A_out, Y, self._output, 0.0, m)
                loss = _cost(self.coefs_, A_out, Y, self._output, self.l2, m) if self.l2 else data_loss
            self.n_iter_ += 1
            self.loss_curve_.append(loss)
            guard.check(self.n_iter_, loss)
            yield Step(self.n_iter_, loss, data_loss)

    def _update(self, p, g):
        """Move the parameters ``p`` one step downhill (in place) along their gradient ``g``
        (both flat vectors of every weight and bias) with the chosen optimizer."""
        alpha = self.learning_rate
        if self._optimizer == "sgd":
            p -= alpha * g
        elif self._optimizer == "momentum":
            # The velocity v accumulates past gradients: steady directions speed up, zigzags cancel.
            v = self._velocity
            v[...] = self.momentum * v - alpha * g
            p += v
        else:
            # Adam: momentum (first moment m) scaled per parameter by the recent gradient size
            # (second moment v); both start at 0, so divide by 1 - beta**t to remove that bias.
            self._n_updates += 1
            t = self._n_updates
            m, v = self._first_moment, self._second_moment
            m[...] = BETA1 * m + (1 - BETA1) * g
            v[...] = BETA2 * v + (1 - BETA2) * g ** 2
            m_hat, v_hat = m / (1 - BETA1 ** t), v / (1 - BETA2 ** t)
            p -= alpha * m_hat / (np.sqrt(v_hat) + EPSILON)

    def activations(self, X):
        """Outputs of every layer for ``X``, to look inside the network.

        Returns
        -------
        list of arrays
            ``[X, A1, ..., A_out]``: the input first, then each hidden layer, then the output
            layer; each of shape (n_samples, n_units of that layer).
        """
        X = check_n_features(self, X)
        with np.errstate(over="ignore", invalid="ignore"):
            return _forward(self.coefs_, self.intercepts_, X, self.activation, self._output)

    def _output_layer(self, X):
        return self.activations(X)[-1]


_PARAMETERS_DOC = """
    Parameters
    ----------
    hidden_layer_sizes : tuple or list of int
        Units in each hidden layer; ``()`` gives no hidden layer at all. The default, two layers
        of 8 units, learns every 2-D toy problem (the spiral needs the second layer) and is
        small enough to draw every neuron.
    activation : {"tanh", "relu", "sigmoid", "linear"}
        Activation g of the hidden units. tanh is zero-centred and smooth, which makes small
        networks train reliably and draw smooth decision boundaries.
    optimizer : {"adam", "momentum", "sgd"}
        "sgd": W <- W - alpha * dJ/dW. "momentum": a velocity v <- momentum * v - alpha * dJ/dW,
        W <- W + v. "adam": per-parameter step sizes from running averages of the gradient and
        of its square (beta1 = 0.9, beta2 = 0.999). Adam needs the least tuning, hence the default.
    learning_rate : float
        Step size alpha. 0.01 suits Adam on small networks (SGD often wants 0.1 or more).
    momentum : float in [0, 1)
        Fraction of the velocity kept at each step; used by the "momentum" optimizer only.
    batch_size : int or None
        Samples per gradient step (mini-batch gradient descent); None uses the whole training
        set (batch gradient descent). Batches of 32 give several updates per epoch on a
        200-point data set, and their noise helps escape flat regions.
    l2 : float
        Regularization strength lambda of the penalty lambda/(2m) * sum(W**2), with m the number
        of training samples; biases are not penalized.
    n_epochs : int
        Passes over the training set; ``fit_iter`` yields one step per epoch.
    random_state : int, numpy Generator or None
        Seed of the initial weights and of the mini-batch shuffles.

    Features far from unit scale (heights in cm, prices in $) saturate the units and train
    badly: standardize them first (``pyml.StandardScaler``).

    The learning_rate, momentum, batch_size, l2 and n_epochs are read again at every epoch, so
    they can be changed between the steps of ``fit_iter``; the optimizer's state is kept.
"""

_ATTRIBUTES_DOC = """
    Attributes
    ----------
    coefs_ : list of arrays
        Weight matrix of each layer, of shape (n_in, n_out).
    intercepts_ : list of arrays
        Bias vector of each layer, of shape (n_out,).
    n_features_in_ : int
    n_outputs_ : int
        Units in the output layer.
    loss_curve_ : list of float
        Training cost (mean loss plus penalty, on the whole training set) after each epoch.
    n_iter_ : int
        Epochs done.
"""


class MLPClassifier(ClassifierMixin, _BaseMLP):
    __doc__ = (
        """Multilayer perceptron classifier: a softmax output layer with cross-entropy loss.

    The output layer has one unit per class, for two classes too: the same softmax and the same
    output error A - Y whatever the number of classes, and ``predict_proba`` reads the
    probabilities straight off the output layer. Weights start random: He initialisation for
    relu layers, Glorot (Xavier) otherwise; biases start at 0.
    """
        + _PARAMETERS_DOC
        + _ATTRIBUTES_DOC
        + """    classes_ : array of shape (n_classes,)
        Class labels, in the order of the output units.
    """
    )

    _output = "softmax"
    _kind = "classifier"
    _loss_name = "cross-entropy"
    _fitted_state = dict(_BaseMLP._fitted_state, classes_=Array("label", ("n_outputs_",), unique=True))

    def fit_iter(self, X, y=None):
        """Train epoch by epoch, yielding a :class:`Step` with ``iteration`` (the epoch), ``loss``
        (the cost with its penalty) and ``data_loss`` (the mean cross-entropy alone)."""
        self._validate_params()
        X, y = check_X_y(X, y, classification=True)
        self.classes_ = check_classes(self, y)
        Y = (y[:, None] == self.classes_[None, :]).astype(float)  # one-hot: one column per class
        yield from self._fit_iter(X, Y)

    def predict_proba(self, X):
        """Probability of each class in ``classes_``, shape (n_samples, n_classes)."""
        return self._output_layer(X)

    def predict(self, X):
        """The most probable class of each sample, shape (n_samples,)."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


class MLPRegressor(RegressorMixin, _BaseMLP):
    __doc__ = (
        """Multilayer perceptron regressor: an identity output layer with squared-error loss.

    Minimises J = 1/(2m) * sum((A_out - y)**2) + lambda/(2m) * sum(W**2). ``y`` may have shape
    (n_samples,) or (n_samples, n_outputs) for several targets at once. Weights start random:
    He initialisation for relu layers, Glorot (Xavier) otherwise; biases start at 0.
    Targets far from unit scale train slowly: standardize them first.
    """
        + _PARAMETERS_DOC
        + _ATTRIBUTES_DOC
    )

    _output = "identity"
    _kind = "regressor"
    _loss_name = "½ · mean squared error"

    def fit_iter(self, X, y=None):
        """Train epoch by epoch, yielding a :class:`Step` with ``iteration`` (the epoch), ``loss``
        (the cost with its penalty) and ``data_loss`` (½ · mean squared error alone)."""
        self._validate_params()
        if y is not None and np.ndim(y) == 2 and np.shape(y)[1] > 1:
            X, Y = check_array(X, "X"), check_array(y, "y")
            if len(Y) != len(X):
                raise ValueError(
                    "X and y have different numbers of samples: X has %d rows, y has %d. "
                    "Give one row of targets per row of X." % (len(X), len(Y))
                )
        else:
            X, y = check_X_y(X, y)
            Y = y[:, None]
        yield from self._fit_iter(X, Y)

    def predict(self, X):
        """Predicted targets, shape (n_samples,), or (n_samples, n_outputs) for several targets."""
        out = self._output_layer(X)
        return out[:, 0] if self.n_outputs_ == 1 else out


def _layer_sizes(hidden_layer_sizes):
    """The hidden layer sizes (validated) as a list of ints; a single int is one layer."""
    if isinstance(hidden_layer_sizes, (tuple, list)):
        return [int(s) for s in hidden_layer_sizes]
    return [int(hidden_layer_sizes)]


def _views(flat, arrays):
    """Consecutive pieces of the vector ``flat`` shaped like ``arrays``: views that share its memory."""
    views, start = [], 0
    for a in arrays:
        views.append(flat[start:start + a.size].reshape(a.shape))
        start += a.size
    return views


def _initialize(sizes, activation, rng):
    """Random weights for layers of the given sizes, zero biases.

    He initialisation (normal, variance 2/n_in) for relu layers keeps the signal's size through
    the layers although relu zeroes half of it; Glorot's uniform(+-sqrt(6/(n_in + n_out))) does
    the same for the others. Random weights break the symmetry: equal weights would learn equal units.
    """
    coefs, intercepts = [], []
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        if activation == "relu" and layer < len(sizes) - 2:
            W = rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out))
        else:
            limit = np.sqrt(6 / (n_in + n_out))
            W = rng.uniform(-limit, limit, (n_in, n_out))
        coefs.append(W)
        intercepts.append(np.zeros(n_out))
    return coefs, intercepts
