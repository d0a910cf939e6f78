"""Planning with a known model: value iteration and policy iteration solve the Bellman equations
of a :class:`~pyml.rl.grid_world.GridWorld` from its transition probabilities P[s, a, s'] and
rewards."""

import numpy as np

from ..base import Step
from ..validation import check_number
from .grid_world import check_env

def _greedy(Q, best, idle):
    """The best action in each state, -1 in the ``idle`` states (where the agent does not act);
    ``best`` is max_a Q(s, a) (any value in the idle states), shape (n_states,).

    Actions whose values differ only by rounding count as tied and the first of them wins, so
    equally good policies come out the same every time.
    """
    best = best[:, np.newaxis]
    policy = (Q >= best - 1e-9 * np.maximum(1.0, np.abs(best))).argmax(axis=1)
    policy[idle] = -1
    return policy


def value_iteration(env, gamma=0.9, theta=1e-6, max_sweeps=1000):
    """Solve the Bellman optimality equation by repeated sweeps over all states.

    Each sweep computes Q(s, a) = R(s, a) + gamma * sum_s' P(s, a, s') V(s') for every state and
    action at once, then V(s) = max_a Q(s, a).

    Parameters
    ----------
    env : GridWorld
    gamma : float
        Discount in [0, 1].
    theta : float
        Stop once a sweep changes no value by more than this.
    max_sweeps : int
        Stop after this many sweeps anyway.

    Yields
    ------
    Step
        One per sweep: ``iteration``, ``loss`` (the Bellman residual max_s |V_new(s) - V(s)|),
        ``values`` (shape (n_states,)) and ``policy`` (the greedy action per state, -1 on walls
        and terminal cells).
    """
    env = check_env(env, "value_iteration")
    gamma = check_number("gamma", gamma, low=0, high=1)
    check_number("theta", theta, low=0, low_open=True)
    max_sweeps = check_number("max_sweeps", max_sweeps, low=1, integer=True)
    P, R = env.dynamics()
    gamma_P = gamma * P  # gamma * P @ V is (gamma * P) @ V: the same product at every sweep
    idle = np.flatnonzero(~env.active)  # walls and terminal cells, worth 0
    V = np.zeros(env.n_states)
    # (np.maximum.reduce(x) is x.max() without the Python function numpy 1.17 wraps around it,
    # 1-1.5 us less per call in the page; indexing the idle states costs a third of np.where.)
    for sweep in range(1, max_sweeps + 1):
        Q = R + gamma_P @ V
        V_new = np.maximum.reduce(Q, axis=1)
        V_new[idle] = 0.0
        residual = float(np.maximum.reduce(np.abs(V_new - V)))
        V = V_new
        yield Step(sweep, residual, values=V.copy(), policy=_greedy(Q, V, idle))
        if residual < theta:
            return


def policy_iteration(env, gamma=0.9, max_iter=100):
    """Alternate exact policy evaluation and greedy improvement until the policy stops changing.

    Evaluation solves the linear system V = R_pi + gamma P_pi V over the states the agent acts in
    (terminal cells are worth 0); improvement picks argmax_a R(s, a) + gamma sum_s' P(s, a, s') V(s').
    The first policy goes up everywhere.

    Parameters
    ----------
    env : GridWorld
    gamma : float
        Discount in [0, 1). Exact evaluation needs gamma < 1: a policy that never reaches a
        terminal cell would be worth minus infinity (use :func:`value_iteration` for gamma = 1).
    max_iter : int
        Stop after this many improvements anyway.

    Yields
    ------
    Step
        One per evaluation + improvement: ``iteration``, ``loss`` (the Bellman optimality
        residual max_s |max_a Q(s, a) - V(s)| of the evaluated policy's values, 0 once optimal),
        ``values`` (V of the evaluated policy, shape (n_states,)), ``policy`` (the improved
        policy) and ``changed`` (how many states changed their action).
    """
    env = check_env(env, "policy_iteration")
    gamma = check_number("gamma", gamma, low=0, high=1)
    if gamma >= 1:
        raise ValueError(
            "policy_iteration needs gamma < 1, got %r: it evaluates each policy exactly, and a policy "
            "that never reaches a terminal cell has no finite value. Use value_iteration for gamma = 1."
            % gamma
        )
    max_iter = check_number("max_iter", max_iter, low=1, integer=True)
    P, R = env.dynamics()
    act, idle = np.flatnonzero(env.active), np.flatnonzero(~env.active)
    policy = np.where(env.active, 0, -1)
    for iteration in range(1, max_iter + 1):
        P_pi = P[act, policy[act]][:, act]
        R_pi = R[act, policy[act]]
        V = np.zeros(env.n_states)
        V[act] = np.linalg.solve(np.eye(len(act)) - gamma * P_pi, R_pi)
        Q = R + gamma * P @ V
        best = Q.max(axis=1)
        best[idle] = 0.0
        improved = _greedy(Q, best, idle)
        changed = int(np.sum(improved != policy))
        residual = float(np.abs(best - V).max())
        policy = improved
        yield Step(iteration, residual, values=V, policy=policy.copy(), changed=changed)
        if changed == 0:
            return
