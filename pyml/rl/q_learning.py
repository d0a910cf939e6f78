"""Learning from experience: tabular Q-learning, which only tries actions and sees what happens."""

from array import array

import numpy as np

from .._draws import FastDraws
from ..base import BaseEstimator, IterativeMixin, Step
from ..validation import ITERATIONS, Array, Interval, List, Value, check_random_state
from .grid_world import check_env

class QLearning(IterativeMixin, BaseEstimator):
    """Tabular Q-learning with epsilon-greedy exploration.

    After each move from s with action a to s' with reward r:
    Q(s, a) <- Q(s, a) + alpha * (r + gamma * max_a' Q(s', a') - Q(s, a)),
    where the max term is 0 when s' is terminal. Train with ``fit(env)`` on a :class:`GridWorld`;
    the environment is not part of the model, the Q table is.

    Parameters
    ----------
    learning_rate : float
        alpha, in (0, 1].
    discount : float
        gamma, in [0, 1].
    epsilon : float
        Probability, in [0, 1], of a random action instead of the greedy one.
    n_episodes : int
        Episodes to train.
    max_steps : int
        An episode that has not reached a terminal cell after this many moves is cut short.
    random_state : int, Generator or None
        Seed for exploration, tie-breaking and the environment's slips.

    Attributes
    ----------
    q_table_ : ndarray of shape (n_states, 4)
    policy_ : ndarray of int, shape (n_states,)
        The greedy action per state, -1 on walls and terminal cells.
    active_ : ndarray of bool, shape (n_states,)
        The states the agent acts in.
    loss_curve_ : list of float
        Mean squared TD error (r + gamma max Q(s', .) - Q(s, a))^2 of each episode.
    episode_returns_ : list of float
        Sum of the (undiscounted) rewards of each episode.
    n_iter_ : int
        Episodes trained.

    Notes
    -----
    Ties between equal Q values: during training the greedy action is drawn at random among the
    tied ones (with the seeded generator), so an all-zero table does not send every early
    episode the same way; ``predict`` and ``policy_`` take the first tied action, so they are
    deterministic.
    """

    _kind = "agent"
    _loss_name = "mean squared TD error"
    _parameter_constraints = {
        "learning_rate": [Interval(float, 0, 1, closed="right")],
        "discount": [Interval(float, 0, 1)],
        "epsilon": [Interval(float, 0, 1)],
        "n_episodes": [ITERATIONS],
        "max_steps": [ITERATIONS],
        "random_state": ["random_state"],
    }
    _live_params = ("learning_rate", "discount", "epsilon", "n_episodes", "max_steps")
    _fitted_state = {
        "q_table_": Array("f", ("n_states", 4)),
        "active_": Array("b", ("n_states",)),
        "policy_": Array("i", ("n_states",), low=-1, high=4),
        "n_iter_": Value(Interval(int, 0, None), optional=True),
        "loss_curve_": List(Value(Interval(float, 0, None)), "n_iter_", optional=True),
        "episode_returns_": List(Value(Interval(float, None, None)), "n_iter_", optional=True),
    }

    def __init__(self, learning_rate=0.1, discount=0.9, epsilon=0.1, n_episodes=500, max_steps=200,
                 random_state=None):
        self.learning_rate = learning_rate
        self.discount = discount
        self.epsilon = epsilon
        self.n_episodes = n_episodes
        self.max_steps = max_steps
        self.random_state = random_state

    def fit_iter(self, env, y=None):
        """Train one episode per step; ``y`` is ignored.

        Yields a :class:`Step` with ``iteration`` (episode number), ``loss`` (mean squared TD
        error of the episode), ``episode_return`` and ``length`` (moves taken). The
        hyperparameters are read at every episode, so they can be changed during training.
        """
        self._validate_params()
        env = check_env(env, "QLearning.fit")
        rng = check_random_state(self.random_state)
        # FastDraws gives the Generator's own numbers (tests/test_rl.py checks it); it pays in the
        # page: Q-learning moves on a 4x8 grid, 0.069 ms with the Generator's methods, 0.028 ms with it.
        if rng is not self.random_state:  # seeded here, so no one else draws from it
            rng = FastDraws(rng.bit_generator)
        self.q_table_, self.active_ = np.zeros((env.n_states, env.n_actions)), env.active.copy()
        # Q(s, a) row by row as memoryviews of q_table_: a move reads and writes a few single
        # numbers, which through a memoryview costs what it costs in a list, and 4-8x more through
        # numpy's indexing in the page. The same float64 arithmetic, so the same table.
        Q = [memoryview(row) for row in self.q_table_]
        idle = np.flatnonzero(~env.active)  # walls and terminal cells: no action
        self.loss_curve_, self.episode_returns_ = [], []
        episode = 0
        while episode < self.n_episodes:  # the live hyperparameters are read at every episode
            alpha, gamma, epsilon, max_steps = self.learning_rate, self.discount, self.epsilon, self.max_steps
            episode += 1
            # (squared_errors is an array.array, which numpy reads without converting each float.)
            state, done, total, squared_errors = env.reset(), False, 0.0, array("d")
            while not done and len(squared_errors) < max_steps:
                if rng.random() < epsilon:
                    action = int(rng.integers(4))
                else:  # greedy, ties broken at random
                    values = Q[state].tolist()
                    top = max(values)
                    if values.count(top) == 1:
                        action = values.index(top)
                    else:
                        ties = [a for a, value in enumerate(values) if value == top]
                        action = ties[rng.integers(len(ties))]
                following, reward, done = env.step(action, rng)
                target = reward if done else reward + gamma * max(Q[following])
                td_error = target - Q[state][action]
                Q[state][action] += alpha * td_error
                squared_errors.append(td_error ** 2)
                total += reward
                state = following
            # greedy_policy() and np.mean without their checks and wrappers, dear in the page
            self.policy_ = self.q_table_.argmax(axis=1)
            self.policy_[idle] = -1
            self.n_iter_ = episode
            self.loss_curve_.append(float(np.frombuffer(squared_errors).sum()) / len(squared_errors))
            self.episode_returns_.append(float(total))
            yield Step(episode, self.loss_curve_[-1], episode_return=float(total), length=len(squared_errors))

    def greedy_policy(self):
        """The greedy action argmax_a Q(s, a) of every state (first one on ties; -1 where the agent
        does not act), shape (n_states,)."""
        self._check_fitted()
        return np.where(self.active_, self.q_table_.argmax(axis=1), -1)

    def predict(self, states):
        """The greedy action of each state in ``states`` (integers), same shape as ``states``."""
        policy = self.greedy_policy()
        states = np.asarray(states)
        if states.dtype.kind not in "iu":
            raise TypeError("states must be integer state numbers, got an array of dtype %s." % states.dtype)
        if states.size and (states.min() < 0 or states.max() >= len(policy)):
            raise ValueError(
                "states must be between 0 and %d (this model has %d states), got values from %d to %d."
                % (len(policy) - 1, len(policy), states.min(), states.max())
            )
        return policy[states]

