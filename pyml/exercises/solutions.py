"""The reference solutions: the course's formulas, vectorised with numpy.

The page shows these functions' source as "a solution", and the checker computes the expected
answers with them; tests check each against pyml's own models.
"""

import numpy as np


def compute_cost(X, y, theta):
    m = len(y)
    errors = X @ theta - y  # h(x) - y for every sample
    return errors @ errors / (2 * m)


def gradient_step(X, y, theta, alpha):
    m = len(y)
    gradient = X.T @ (X @ theta - y) / m  # every dJ/dtheta_j at once, from the old theta
    return theta - alpha * gradient


def normal_equation(X, y):
    return np.linalg.pinv(X.T @ X) @ X.T @ y


def sigmoid(z):
    # exp(-z) overflows below z = -709; past +-500 sigmoid is 0 or 1 to within 1e-217 anyway.
    z = np.clip(z, -500, 500)
    return 1 / (1 + np.exp(-z))


def cost_and_gradient(theta, X, y, lam):
    m = len(y)
    h = sigmoid(X @ theta)
    J = -(y @ np.log(h) + (1 - y) @ np.log(1 - h)) / m + lam / (2 * m) * (theta[1:] @ theta[1:])
    grad = X.T @ (h - y) / m
    grad[1:] += lam / m * theta[1:]  # theta_0 is not penalised
    return J, grad


def predict(Theta1, Theta2, X):
    m = X.shape[0]
    a1 = np.hstack([np.ones((m, 1)), X])  # the bias unit in front of every sample
    a2 = np.hstack([np.ones((m, 1)), sigmoid(a1 @ Theta1.T)])
    a3 = sigmoid(a2 @ Theta2.T)
    return np.argmax(a3, axis=1)


def nn_cost_and_gradients(Theta1, Theta2, X, Y, lam):
    m = X.shape[0]
    # Forward pass, with a bias unit in front of each layer's inputs.
    a1 = np.hstack([np.ones((m, 1)), X])
    a2 = np.hstack([np.ones((m, 1)), sigmoid(a1 @ Theta1.T)])
    a3 = sigmoid(a2 @ Theta2.T)
    penalty = lam / (2 * m) * (np.sum(Theta1[:, 1:] ** 2) + np.sum(Theta2[:, 1:] ** 2))
    J = -np.sum(Y * np.log(a3) + (1 - Y) * np.log(1 - a3)) / m + penalty
    # Backward pass: the error of each layer, then the gradients.
    delta3 = a3 - Y
    delta2 = (delta3 @ Theta2[:, 1:]) * a2[:, 1:] * (1 - a2[:, 1:])  # g'(z2) = a2 (1 - a2)
    grad1 = delta2.T @ a1 / m
    grad2 = delta3.T @ a2 / m
    grad1[:, 1:] += lam / m * Theta1[:, 1:]  # the bias weights are not penalised
    grad2[:, 1:] += lam / m * Theta2[:, 1:]
    return J, grad1, grad2


def closest_centroids(X, centroids):
    # Squared distance from every sample (rows) to every centroid (columns).
    distances = np.sum((X[:, None, :] - centroids[None, :, :]) ** 2, axis=2)
    return np.argmin(distances, axis=1)


def compute_centroids(X, idx, k):
    return np.array([X[idx == j].mean(axis=0) for j in range(k)])


def pca(X):
    m = X.shape[0]
    Sigma = X.T @ X / m  # the covariance matrix of the normalised X
    U, S, _ = np.linalg.svd(Sigma)
    return U, S


def project(X, U, k):
    return X @ U[:, :k]


def recover(Z, U, k):
    return Z @ U[:, :k].T


def estimate_gaussian(X):
    mu = X.mean(axis=0)
    sigma2 = ((X - mu) ** 2).mean(axis=0)  # divided by m, as in the course
    return mu, sigma2


def select_threshold(y_val, p_val):
    best_epsilon, best_f1 = 0.0, 0.0
    for epsilon in np.linspace(p_val.min(), p_val.max(), 1001):
        predictions = p_val < epsilon  # an anomaly where the density is below epsilon
        tp = np.sum(predictions & (y_val == 1))
        fp = np.sum(predictions & (y_val == 0))
        fn = np.sum(~predictions & (y_val == 1))
        if tp == 0:
            continue  # precision and recall are 0: F1 = 0
        precision = tp / (tp + fp)
        recall = tp / (tp + fn)
        f1 = 2 * precision * recall / (precision + recall)
        if f1 > best_f1:  # on a tie the first, smallest epsilon stays
            best_epsilon, best_f1 = float(epsilon), float(f1)
    return best_epsilon, best_f1


def q_update(Q, s, a, r, s_next, alpha, gamma):
    target = r + gamma * np.max(Q[s_next])  # the reward now plus the best value from s_next on
    Q[s, a] += alpha * (target - Q[s, a])
    return Q
