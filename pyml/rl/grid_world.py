"""The environment of reinforcement learning: a grid world built from a text map.

Actions are numbered 0 up, 1 right, 2 down, 3 left (``ACTIONS``). A policy is an integer array
with one action per state; cells where the agent never acts (walls, terminal cells) hold -1.
"""

import numbers
from array import array
from collections import deque

import numpy as np

from ..validation import check_number, check_random_state

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


def check_env(env, who):
    """``env``, or a TypeError naming ``who`` when it is not a GridWorld."""
    if not isinstance(env, GridWorld):
        raise TypeError(
            "%s expects a GridWorld environment, got %s. Build one from a map, e.g. "
            "GridWorld(['S..G'])." % (who, type(env).__name__)
        )
    return env

