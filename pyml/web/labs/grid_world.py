"""The reinforcement-learning page (``rl.html``): a grid world solved two ways, a little at a
time, value iteration (planning with the model) and then Q-learning (learning from experience)."""

import numpy as np

from ...rl import GridWorld, QLearning, value_iteration
from ...validation import check_number


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

    calls = ("sweep", "episodes", "set_params")

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
