"""What the guided demos compute besides training: cost surfaces, pictures, digits from drawings.

The pages in ``web/demos/`` train pyml models step by step through the worker protocol; the
small computations around the models that are not drawing live here, in plain numpy, so they
are tested in CPython and run unchanged in the browser.
"""

import numpy as np

from . import datasets
from .anomaly import GaussianAnomalyDetector
from .cluster import KMeans
from .decomposition import PCA
from .metrics import precision_recall_f1
from .rl import GridWorld, QLearning, value_iteration
from .validation import check_array, check_n_features, check_number, check_random_state


# ---------------------------------------------------------------- linear regression

def housing_by_size(random_state=0):
    """The housing data with one feature: size in 1000 sq ft, price in $1000s.

    Units of thousands keep the numbers small, so that plain gradient descent converges with
    learning rates around 0.1 and the parameters can be drawn on a cost surface.

    Returns
    -------
    X : ndarray of shape (47, 1)
    y : ndarray of shape (47,)
    """
    X, y = datasets.housing(random_state=random_state)
    return X[:, :1] / 1000, y / 1000


def cost_surface(X, y, theta0, theta1):
    """The linear-regression cost J(theta0, theta1) = 1/(2m) sum (theta0 + theta1 x - y)^2 on a grid.

    Parameters
    ----------
    X : array-like of shape (n_samples, 1)
    y : array-like of shape (n_samples,)
    theta0, theta1 : array-like of shape (n0,) and (n1,)
        The intercepts and slopes of the grid.

    Returns
    -------
    ndarray of shape (n1, n0)
        ``J[i, j]`` is the cost of theta0[j], theta1[i]: rows go along theta1 (first row at
        theta1[0]), columns along theta0, the layout of a contour plot.
    """
    X = check_array(X)
    if X.shape[1] != 1:
        raise ValueError("cost_surface needs a single feature, got X of shape %s." % (X.shape,))
    y = check_array(y, "y", ensure_2d=False)
    t0 = check_array(theta0, "theta0", ensure_2d=False)
    t1 = check_array(theta1, "theta1", ensure_2d=False)
    x = X[:, 0]
    # The sum of squares expanded, so that the grid costs O(n0 * n1) instead of O(n0 * n1 * m):
    # sum (t0 + t1 x - y)^2 = m t0^2 + t1^2 Sxx + Syy + 2 t0 t1 Sx - 2 t0 Sy - 2 t1 Sxy
    m = len(x)
    T0, T1 = t0[None, :], t1[:, None]
    total = (m * T0 ** 2 + T1 ** 2 * (x @ x) + y @ y + 2 * T0 * T1 * x.sum()
             - 2 * T0 * y.sum() - 2 * T1 * (x @ y))
    return np.maximum(total, 0) / (2 * m)


def gradient_descent_limits(X, normalize=False):
    """How fast batch gradient descent on linear regression can go on these features.

    The cost J is a bowl whose curvature along its principal directions are the eigenvalues of
    H = A'A / m (A the design matrix [1, X]). Gradient descent diverges when the learning rate
    exceeds 2 / (largest eigenvalue); at best, the error along the flattest direction shrinks by
    a factor 1 - learning_rate * (smallest eigenvalue) per step. Their ratio, the condition
    number, is about how many steps the best learning rate needs to make real progress: near 1
    is a round bowl, thousands a long narrow valley. Normalized features make it small.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    normalize : bool
        Measure the bowl for standardized features, as ``LinearRegression(normalize=True)``
        trains on.

    Returns
    -------
    dict
        ``max_learning_rate`` (2 / largest eigenvalue) and ``condition_number``.
    """
    X = check_array(X)
    if normalize:
        std = X.std(axis=0)
        X = (X - X.mean(axis=0)) / np.where(std == 0, 1.0, std)
    A = np.column_stack([np.ones(len(X)), X])
    eigenvalues = np.linalg.eigvalsh(A.T @ A / len(X))
    return {
        "max_learning_rate": float(2 / eigenvalues[-1]),
        "condition_number": float(eigenvalues[-1] / max(eigenvalues[0], 1e-300)),
    }


# ---------------------------------------------------------------- k-means colour quantization

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


def quantize(image, n_colors=8, random_state=0, max_pixels=4000):
    """Compress an image to ``n_colors`` colours with k-means on its pixels.

    Each pixel is a point (r, g, b); k-means finds ``n_colors`` centroids, the palette, and
    every pixel is replaced by its closest centroid. So the image needs one palette index per
    pixel instead of three numbers.

    Parameters
    ----------
    image : array-like of shape (height, width, 3)
        Colours in [0, 1].
    n_colors : int
        The size of the palette, K.
    random_state : int, Generator or None
    max_pixels : int
        k-means learns the palette from at most this many randomly chosen pixels (much
        faster on big images, and nearly the same palette); all pixels are then mapped.

    Returns
    -------
    quantized : ndarray of shape (height, width, 3)
    palette : ndarray of shape (n_colors, 3)
    labels : ndarray of shape (height, width)
        The palette index of each pixel.
    """
    image = np.asarray(image, dtype=float)
    if image.ndim != 3 or image.shape[2] != 3:
        raise ValueError("image must have shape (height, width, 3), got %s." % (image.shape,))
    check_number("max_pixels", max_pixels, low=1, integer=True)
    rng = check_random_state(random_state)
    pixels = check_array(image.reshape(-1, 3), "image")
    sample = pixels if len(pixels) <= max_pixels else pixels[rng.choice(len(pixels), max_pixels, replace=False)]
    model = KMeans(n_clusters=n_colors, n_init=1, random_state=rng).fit(sample)
    labels = model.predict(pixels)
    palette = model.cluster_centers_
    return palette[labels].reshape(image.shape), palette, labels.reshape(image.shape[:2])


# ---------------------------------------------------------------- text colours

def text_color_answer(rgb):
    """What the WCAG 2 formula says about black or white text on one background colour.

    Returns
    -------
    dict
        ``luminance`` (relative luminance of the background), ``contrast_black`` and
        ``contrast_white`` (the two contrast ratios) and ``best``, "black" or "white".
    """
    rgb = np.asarray(rgb, dtype=float)
    on_black = datasets.contrast_ratio(rgb, [0.0, 0.0, 0.0])
    on_white = datasets.contrast_ratio(rgb, [1.0, 1.0, 1.0])
    return {
        "luminance": datasets.relative_luminance(rgb), "contrast_black": on_black,
        "contrast_white": on_white, "best": "white" if on_white > on_black else "black",
    }


# ---------------------------------------------------------------- handwritten digits

def digit_from_drawing(ink, threshold=0.5):
    """Turn a drawing into a digits-data-set image: 64 values 0..16, ready for ``predict``.

    It follows the data set's own preprocessing: the ink (pixels above ``threshold``) is cut
    to its bounding box, scaled so that its height fills the image (keeping its aspect ratio)
    and centred, then cut into an 8×8 grid of blocks whose ink fraction is scaled to 0..16.

    Parameters
    ----------
    ink : array-like of shape (height, width)
        How much ink each pixel holds, in [0, 1] (e.g. a canvas's alpha channel / 255).
    threshold : float

    Returns
    -------
    ndarray of shape (64,)
        All zeros for an empty drawing.
    """
    ink = check_array(ink, "ink") > check_number("threshold", threshold, low=0, high=1)
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    if rows.size == 0:
        return np.zeros(64)
    box = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    h, w = box.shape
    side = max(h, w)
    square = np.zeros((side, side), dtype=bool)
    top, left = (side - h) // 2, (side - w) // 2
    square[top:top + h, left:left + w] = box
    # Upsample so every one of the 8 blocks is at least 4 pixels wide, then average each block.
    square = np.kron(square, np.ones((1 + 32 // side, 1 + 32 // side)))
    edges = np.linspace(0, len(square), 9).astype(int)[:-1]
    sums = np.add.reduceat(np.add.reduceat(square, edges, axis=0), edges, axis=1)
    sizes = np.diff(np.r_[edges, len(square)])
    return np.round(16 * sums / np.outer(sizes, sizes)).ravel()


class DigitsPCALab:
    """PCA of the 8x8 digits, for the PCA page: the 2-D map, the variance curve, reconstructions."""

    def __init__(self):
        self.X, self.y = datasets.digits()
        self.pca = PCA().fit(self.X)

    def summary(self):
        """Each digit's first two principal coordinates, its label, and the explained variance ratios."""
        return {
            "projection": self.pca.transform(self.X)[:, :2].round(3).tolist(),
            "y": self.y.tolist(),
            "explained_variance_ratio": self.pca.explained_variance_ratio_.tolist(),
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


# ---------------------------------------------------------------- anomaly detection

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


# ---------------------------------------------------------------- reinforcement learning

def greedy_walk(env, policy, max_steps=100):
    """Follow a policy from the start, taking every move as intended (no slips).

    Parameters
    ----------
    env : GridWorld
    policy : array-like of int, shape (n_states,)
        One action per state, as ``value_iteration`` and ``QLearning.policy_`` give.
    max_steps : int
        Give up after this many moves (a policy can walk in circles).

    Returns
    -------
    dict
        ``path``: the states visited, start included; ``end``: the map character of the
        terminal cell reached ("G", "X", ...), or None if the walk never ended;
        ``total_reward``: the sum of the rewards on the way.
    """
    if not isinstance(env, GridWorld):
        raise TypeError("greedy_walk expects a GridWorld, got %s." % type(env).__name__)
    policy = np.asarray(policy).ravel()
    if policy.shape != (env.n_states,):
        raise ValueError("policy must have one action per state (%d), got shape %s." % (env.n_states, policy.shape))
    check_number("max_steps", max_steps, low=1, integer=True)
    state, path, total = env.start, [env.start], 0.0
    for _ in range(max_steps):
        action = int(policy[state])
        if not 0 <= action < 4:
            break
        _, state, reward, done = max(env.transitions(state, action), key=lambda outcome: outcome[0])
        path.append(int(state))
        total += reward
        if done:
            return {"path": path, "end": env.layout_char(state), "total_reward": total}
    return {"path": path, "end": None, "total_reward": total}


class GridWorldLab:
    """A grid world solved two ways, a little at a time: value iteration, then Q-learning.

    The reinforcement-learning page asks for one value-iteration sweep, or a batch of Q-learning
    episodes, per animation frame; each answer is a small dict of JSON values.

    Parameters
    ----------
    layout : str
        The map, one row per line (see :class:`pyml.rl.GridWorld`).
    step_reward, slip : float
        The world's settings.
    discount : float
        gamma, for both methods.
    learning_rate, epsilon : float
        Q-learning's alpha and exploration rate.
    random_state : int or None
        Seed of Q-learning's exploration and of the slips.
    """

    def __init__(self, layout, step_reward=-0.04, slip=0.0, discount=0.9, learning_rate=0.5, epsilon=0.2,
                 random_state=0):
        self.env = GridWorld.from_text(layout, step_reward=step_reward, slip=slip)
        self.discount = discount
        self._sweeps = value_iteration(self.env, gamma=discount)
        self.values = np.zeros(self.env.n_states)
        self.policy = np.full(self.env.n_states, -1)
        self.sweep_count = 0
        self.planned = False
        self.agent = QLearning(learning_rate=learning_rate, discount=discount, epsilon=epsilon,
                               n_episodes=100000, max_steps=200, random_state=random_state)
        self._episodes = self.agent.fit_iter(self.env)

    def sweep(self):
        """One value-iteration sweep: the values V(s), the greedy policy and the Bellman residual."""
        residual = 0.0
        if not self.planned:
            try:
                step = next(self._sweeps)
                self.values, self.policy, residual = step.values, step.policy, step.loss
                self.sweep_count = step.iteration
            except StopIteration:
                self.planned = True
        return {
            "sweep": self.sweep_count, "residual": float(residual), "done": self.planned,
            "values": self.values.tolist(), "policy": self.policy.tolist(),
            "walk": greedy_walk(self.env, self.policy) if self.sweep_count else None,
        }

    def episodes(self, n_episodes=1):
        """Train ``n_episodes`` more Q-learning episodes; their returns, max_a Q(s, a), the greedy
        policy and where it leads."""
        check_number("n_episodes", n_episodes, low=1, integer=True)
        returns, lengths = [], []
        for _ in range(n_episodes):
            step = next(self._episodes)
            returns.append(step.episode_return)
            lengths.append(step.length)
        policy = self.agent.policy_
        return {
            "episode": self.agent.n_iter_, "returns": returns, "lengths": lengths,
            "values": np.where(self.env.active, self.agent.q_table_.max(axis=1), 0.0).tolist(),
            "policy": policy.tolist(), "walk": greedy_walk(self.env, policy),
        }

    def set_params(self, **params):
        """Change Q-learning's learning_rate, discount or epsilon from the next episode on."""
        self.agent.set_params(**params)
        return self.agent.get_params()
