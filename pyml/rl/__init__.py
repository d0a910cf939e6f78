"""Reinforcement learning on a grid world: planning with a known model, and Q-learning without one.

The notation of the course: states s, actions a, a reward r for each move, a discount gamma, the
state value V(s) and the action value Q(s, a).

- :class:`GridWorld` is the environment, built from a text map.
- :func:`value_iteration` and :func:`policy_iteration` know the model (the transition
  probabilities P[s, a, s'] and rewards) and solve the Bellman equations.
- :class:`QLearning` only tries actions and sees what happens.

Actions are numbered 0 up, 1 right, 2 down, 3 left (``ACTIONS``). A policy is an integer array
with one action per state; cells where the agent never acts (walls, terminal cells) hold -1.

The package has one module per part: :mod:`~pyml.rl.grid_world` (the environment),
:mod:`~pyml.rl.planning`, :mod:`~pyml.rl.q_learning` and :mod:`~pyml.rl.text` (text pictures).
"""

from .grid_world import ACTIONS, ARROWS, DEFAULT_REWARDS, GridWorld
from .planning import policy_iteration, value_iteration
from .q_learning import QLearning
from .text import format_policy, format_values

__all__ = [
    "ACTIONS",
    "ARROWS",
    "DEFAULT_REWARDS",
    "GridWorld",
    "QLearning",
    "format_policy",
    "format_values",
    "policy_iteration",
    "value_iteration",
]
