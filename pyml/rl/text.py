"""Text pictures of a grid world's policy and values, for a terminal or a notebook."""

import numpy as np

from .grid_world import ARROWS, check_env

def format_policy(env, policy):
    """The policy as a text grid of arrows ``^ > v <``; walls and terminal cells show their map
    character. ``policy`` holds one action per state, shape (n_states,)."""
    env = check_env(env, "format_policy")
    policy = np.asarray(policy).ravel()
    cells = [
        ARROWS[policy[s]] if env.active[s] and 0 <= policy[s] < 4 else env.layout_char(s)
        for s in range(env.n_states)
    ]
    return _grid_text(env, cells, 1)


def format_values(env, values, decimals=2):
    """The state values as a text grid; walls show ``#``. ``values`` has shape (n_states,)."""
    env = check_env(env, "format_values")
    values = np.asarray(values, dtype=float).ravel()
    cells = ["#" if env.walls[s] else "%.*f" % (decimals, values[s]) for s in range(env.n_states)]
    return _grid_text(env, cells, max(len(c) for c in cells))


def _grid_text(env, cells, width):
    n_cols = env.shape[1]
    rows = [cells[i:i + n_cols] for i in range(0, len(cells), n_cols)]
    return "\n".join(" ".join(c.rjust(width) for c in row) for row in rows)
