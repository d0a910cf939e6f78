"""What the guided demos compute besides training: cost surfaces, pictures, digits from drawings.

The pages in ``web/demos/`` train pyml models step by step through the worker protocol; the
small computations around the models that are not drawing live here, in plain numpy, so they
are tested in CPython and run unchanged in the browser.
"""

import numpy as np

from . import datasets
from .cluster import KMeans
from .rl import GridWorld
from .validation import check_array, check_number, check_random_state


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
