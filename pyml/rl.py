"""Reinforcement learning on a grid world: planning with a known model, and Q-learning without one.

The notation of the course: states s, actions a, a reward r for each move, a discount gamma, the
state value V(s) and the action value Q(s, a).

- :class:`GridWorld` is the environment, built from a text map.
- :func:`value_iteration` and :func:`policy_iteration` know the model (the transition
  probabilities P[s, a, s'] and rewards) and solve the Bellman equations.
- :class:`QLearning` only tries actions and sees what happens.

Actions are numbered 0 up, 1 right, 2 down, 3 left (``ACTIONS``). A policy is an integer array
with one action per state; cells where the agent never acts (walls, terminal cells) hold -1.
"""

import numbers
from array import array
from collections import deque

import numpy as np

from .base import BaseEstimator, IterativeMixin, Step
from ._draws import FastDraws
from .validation import ITERATIONS, Array, Interval, List, Value, check_number, check_random_state

ACTIONS = ("up", "right", "down", "left")
ARROWS = "^>v<"
_MOVES = ((-1, 0), (0, 1), (1, 0), (0, -1))
# Rewards of the terminal cells in a map, unless GridWorld(rewards=...) says otherwise.
DEFAULT_REWARDS = {"G": 1.0, "X": -1.0}
_PLAIN = {"S": "start", ".": "empty", "#": "wall"}


class GridWorld:
    """A grid world from a text map, as in Russell & Norvig or Sutton & Barto's cliff walking.

    Cells: ``S`` the start (exactly one), ``.`` empty, ``#`` wall, ``G`` goal (terminal; at
    least one, reachable from ``S``), ``X`` pit or cliff (terminal). More terminal characters can
    be given with their rewards in ``rewards``.

    Rewards come on entering a cell: a move into a terminal cell earns that cell's reward (instead
    of ``step_reward``) and ends the episode; every other move, including bumping into a wall or
    the edge (the agent stays where it is), earns ``step_reward``. Terminal cells have value 0.

    Moves slip: with probability ``1 - slip`` the agent goes the way it chose, otherwise it goes
    to one of the two perpendicular directions (``slip / 2`` each). Russell & Norvig's world is
    ``slip=0.2``.

    States are the cells numbered row by row (``state = row * n_cols + col``), walls included,
    so any array over states reshapes to the grid with ``values.reshape(env.shape)``.

    Parameters
    ----------
    layout : str or list of str
        The map: one string per row, or one text with a row per line (surrounding spaces and
        blank lines are ignored).
    step_reward : float
        Reward of every move that does not enter a terminal cell (-0.04 in Russell & Norvig,
        -1 in cliff walking).
    slip : float
        Probability, in [0, 1], that a move goes sideways instead.
    rewards : dict or None
        Terminal cell characters and their rewards, added to (and overriding) ``{"G": 1.0,
        "X": -1.0}``; for cliff walking ``{"X": -100.0, "G": -1.0}``.

    Attributes
    ----------
    shape : tuple (n_rows, n_cols)
    n_states, n_actions : int
    start : int
        The start state.
    state : int
        The current state (``reset`` and ``step`` change it).
    walls, terminal : ndarray of bool, shape (n_states,)
    active : ndarray of bool, shape (n_states,)
        The states the agent acts in: neither walls nor terminal.
    """

    n_actions = 4

    def __init__(self, layout, step_reward=-0.04, slip=0.0, rewards=None):
        self.layout = _parse_layout(layout)
        self.step_reward = float(check_number("step_reward", step_reward))
        self.slip = float(check_number("slip", slip, low=0, high=1))
        self.rewards = _check_rewards(rewards)
        self.shape = (len(self.layout), len(self.layout[0]))
        self.n_states = self.shape[0] * self.shape[1]
        cells = [char for row in self.layout for char in row]
        for state, char in enumerate(cells):
            if char not in _PLAIN and char not in self.rewards:
                raise ValueError(
                    "Unknown cell character %r at row %d, column %d of the map. Use S (start), "
                    ". (empty), # (wall), G (goal), X (pit), or give a terminal character's reward "
                    "in rewards={%r: ...}." % ((char,) + self.position(state) + (char,))
                )
        self.walls = np.array([c == "#" for c in cells])
        self.terminal = np.array([c in self.rewards for c in cells])
        self.active = ~(self.walls | self.terminal)
        self._acting = self.active.tolist()  # step() reads one flag per move: a list is cheaper
        starts = [s for s, c in enumerate(cells) if c == "S"]
        if len(starts) != 1:
            where = ", ".join("(%d, %d)" % self.position(s) for s in starts)
            raise ValueError(
                "The map needs exactly one start cell 'S', got %d%s."
                % (len(starts), " at (row, column) " + where if starts else "")
            )
        self.start = self.state = starts[0]
        goals = [s for s, c in enumerate(cells) if c == "G"]
        if not goals:
            raise ValueError("The map has no goal cell 'G'; put at least one G where episodes end.")
        if not any(s in self._reachable(self.start) for s in goals):
            raise ValueError(
                "No goal cell 'G' is reachable from the start 'S' at (row, column) (%d, %d): walls "
                "or terminal cells block every path. Open a path through the walls." % self.position(self.start)
            )
        self._outcomes = [[self._compute_transitions(s, a) for a in range(4)] for s in range(self.n_states)]

    # ------------------------------------------------------------ states and moves

    def position(self, state):
        """The (row, col) of a state."""
        return divmod(int(state), self.shape[1])

    def state_of(self, row, col):
        """The state number of the cell at (row, col)."""
        if not (0 <= row < self.shape[0] and 0 <= col < self.shape[1]):
            raise ValueError("(%d, %d) is outside the %d x %d grid." % ((row, col) + self.shape))
        return row * self.shape[1] + col

    def _move(self, state, action):
        """The cell a deterministic move leads to: the same one if it bumps into a wall or the edge."""
        row, col = self.position(state)
        row2, col2 = row + _MOVES[action][0], col + _MOVES[action][1]
        if 0 <= row2 < self.shape[0] and 0 <= col2 < self.shape[1] and self.layout[row2][col2] != "#":
            return row2 * self.shape[1] + col2
        return state

    def _reachable(self, start):
        """States reachable from ``start`` (breadth-first search; episodes stop at terminal cells)."""
        seen, queue = {start}, deque([start])
        while queue:
            state = queue.popleft()
            if self.terminal[state]:
                continue
            for action in range(4):
                following = self._move(state, action)
                if following not in seen:
                    seen.add(following)
                    queue.append(following)
        return seen

    def _compute_transitions(self, state, action):
        if not self.active[state]:
            return [(1.0, state, 0.0, True)]  # absorbing: nothing more happens
        side = self.slip / 2
        outcomes = {}  # next state -> probability; slips that bump into the same wall add up
        for direction, p in ((action, 1 - self.slip), ((action + 1) % 4, side), ((action + 3) % 4, side)):
            if p > 0:
                following = self._move(state, direction)
                outcomes[following] = outcomes.get(following, 0.0) + p
        return [
            (p, s2, self._reward(s2), bool(self.terminal[s2]))
            for s2, p in outcomes.items()
        ]

    def _reward(self, following):
        return self.rewards[self.layout_char(following)] if self.terminal[following] else self.step_reward

    def layout_char(self, state):
        """The map character of a state's cell."""
        row, col = self.position(state)
        return self.layout[row][col]

    def transitions(self, state, action):
        """The model: a list of ``(probability, next_state, reward, done)`` for one move.

        From a terminal cell the list is ``[(1.0, state, 0.0, True)]``: the episode is over.
        """
        state, action = self._check_state(state), _check_action(action)
        if self.walls[state]:
            raise ValueError("State %d, at (row, column) (%d, %d), is a wall." % ((state,) + self.position(state)))
        return list(self._outcomes[state][action])

    def dynamics(self):
        """The whole model as arrays: ``P`` of shape (n_states, 4, n_states) with
        ``P[s, a, s']`` the probability of moving from s to s' with action a, and ``R`` of shape
        (n_states, 4), the expected reward of action a in state s.

        Walls and terminal cells loop on themselves with reward 0.
        """
        # Gathered in array.arrays and written at once: entry by entry, numpy's cost per call would
        # dominate, and numpy reads an array.array as it is where it converts a list item by item
        # (both 4-8x dearer in the page). Slips into the same cell are already added up in
        # _outcomes, so each (s, a, s') comes once.
        n = self.n_states
        where, probabilities, R = array("l"), array("d"), array("d")
        for s in range(n):
            for a in range(4):
                expected = 0.0
                for p, s2, r, _ in self._outcomes[s][a]:
                    where.append((4 * s + a) * n + s2)  # the place of P[s, a, s'] in P's flat order
                    probabilities.append(p)
                    expected += p * r
                R.append(expected)
        P = np.zeros((n, 4, n))
        P.reshape(-1)[where] = probabilities
        return P, np.array(R).reshape(n, 4)

    # ------------------------------------------------------------ episodes

    def reset(self):
        """Start a new episode: the agent goes back to the start cell, whose state is returned."""
        self.state = self.start
        return self.state

    def step(self, action, rng=None):
        """Take one action in the current state; return ``(next_state, reward, done)``.

        ``rng`` (a numpy Generator or a seed) draws the slips; give a seeded one for
        reproducible episodes.
        """
        if not self._acting[self.state]:
            raise ValueError("The episode is over (the agent is in a terminal cell); call reset() first.")
        outcomes = self._outcomes[self.state][_check_action(action)]
        chosen = outcomes[0]
        if len(outcomes) > 1:
            u = check_random_state(rng).random()
            for chosen in outcomes:
                u -= chosen[0]
                if u < 0:
                    break
        _, self.state, reward, done = chosen
        return self.state, reward, done

    def _check_state(self, state):
        if isinstance(state, bool) or not isinstance(state, numbers.Integral):
            raise TypeError("A state must be an integer, got %r (%s)." % (state, type(state).__name__))
        if not 0 <= state < self.n_states:
            raise ValueError("State %r is outside 0..%d for this %d x %d grid." % ((state, self.n_states - 1) + self.shape))
        return int(state)

    # ------------------------------------------------------------ (de)serialisation

    def to_dict(self):
        """The map and its settings as JSON-friendly values; :meth:`from_dict` reads them back."""
        return {
            "layout": list(self.layout),
            "step_reward": self.step_reward,
            "slip": self.slip,
            "rewards": dict(self.rewards),
        }

    @classmethod
    def from_text(cls, text, **settings):
        """Build a GridWorld from a map written as text, one row per line; ``settings`` are the
        other constructor keywords (``step_reward``, ``slip``, ``rewards``)."""
        if not isinstance(text, str):
            raise TypeError("GridWorld.from_text expects the map as a string, got %s." % type(text).__name__)
        return cls(text, **settings)

    @classmethod
    def from_dict(cls, data):
        """Build a GridWorld from :meth:`to_dict`'s output (e.g. a map sent by the page)."""
        if not isinstance(data, dict):
            raise TypeError("GridWorld.from_dict expects a dict, got %s." % type(data).__name__)
        unknown = sorted(set(data) - {"layout", "step_reward", "slip", "rewards"})
        if unknown:
            raise ValueError(
                "Unknown GridWorld keys %s; expected layout, step_reward, slip, rewards." % ", ".join(unknown)
            )
        if "layout" not in data:
            raise ValueError("GridWorld.from_dict needs a 'layout' (the map).")
        return cls(**data)

    def __repr__(self):
        return "GridWorld(%r, step_reward=%r, slip=%r)" % (list(self.layout), self.step_reward, self.slip)


def _parse_layout(layout):
    if isinstance(layout, str):
        rows = [line.strip() for line in layout.splitlines() if line.strip()]
    elif isinstance(layout, (list, tuple)) and all(isinstance(row, str) for row in layout):
        rows = [row.strip() for row in layout]
    else:
        raise TypeError("The map must be a string or a list of strings (one per row), got %r." % (layout,))
    if not rows or not rows[0]:
        raise ValueError("The map is empty; give at least one row, e.g. 'S..G'.")
    for i, row in enumerate(rows):
        if len(row) != len(rows[0]):
            raise ValueError(
                "The map's rows have different lengths: row 0 has %d cells, row %d has %d (%r). "
                "Every row needs the same number of cells; pad with '#' or '.'." % (len(rows[0]), i, len(row), row)
            )
    return tuple(rows)


def _check_rewards(rewards):
    merged = dict(DEFAULT_REWARDS)
    if rewards is None:
        return merged
    if not isinstance(rewards, dict):
        raise TypeError("rewards must be a dict {character: reward}, got %r." % (rewards,))
    for char, reward in rewards.items():
        if not isinstance(char, str) or len(char) != 1 or char in _PLAIN or char.isspace():
            raise ValueError(
                "rewards keys must be single map characters other than S, '.', '#' and spaces; got %r." % (char,)
            )
        merged[char] = float(check_number("rewards[%r]" % char, reward))
    return merged


def _check_action(action):
    if type(action) is int and 0 <= action < 4:  # the usual case, decided without the generic checks
        return action
    if isinstance(action, bool) or not isinstance(action, numbers.Integral) or not 0 <= action < 4:
        raise ValueError("action must be 0 (up), 1 (right), 2 (down) or 3 (left), got %r." % (action,))
    return int(action)


def _check_env(env, who):
    if not isinstance(env, GridWorld):
        raise TypeError(
            "%s expects a GridWorld environment, got %s. Build one from a map, e.g. "
            "GridWorld(['S..G'])." % (who, type(env).__name__)
        )
    return env


# ---------------------------------------------------------------- planning with a known model

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
    env = _check_env(env, "value_iteration")
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
    env = _check_env(env, "policy_iteration")
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


# ---------------------------------------------------------------- learning from experience

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
        env = _check_env(env, "QLearning.fit")
        rng = check_random_state(self.random_state)
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


# ---------------------------------------------------------------- text pictures

def format_policy(env, policy):
    """The policy as a text grid of arrows ``^ > v <``; walls and terminal cells show their map
    character. ``policy`` holds one action per state, shape (n_states,)."""
    env = _check_env(env, "format_policy")
    policy = np.asarray(policy).ravel()
    cells = [
        ARROWS[policy[s]] if env.active[s] and 0 <= policy[s] < 4 else env.layout_char(s)
        for s in range(env.n_states)
    ]
    return _grid_text(env, cells, 1)


def format_values(env, values, decimals=2):
    """The state values as a text grid; walls show ``#``. ``values`` has shape (n_states,)."""
    env = _check_env(env, "format_values")
    values = np.asarray(values, dtype=float).ravel()
    cells = ["#" if env.walls[s] else "%.*f" % (decimals, values[s]) for s in range(env.n_states)]
    return _grid_text(env, cells, max(len(c) for c in cells))


def _grid_text(env, cells, width):
    n_cols = env.shape[1]
    rows = [cells[i:i + n_cols] for i in range(0, len(cells), n_cols)]
    return "\n".join(" ".join(c.rjust(width) for c in row) for row in rows)
