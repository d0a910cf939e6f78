"""Reinforcement learning: the Q-learning update."""

import numpy as np

from . import solutions
from .checking import Case, Exercise, Failure, equals, expect_close

Q_STUB = '''import numpy as np


def q_update(Q, s, a, r, s_next, alpha, gamma):
    """One Q-learning update after taking action a in state s, getting reward r and landing in s_next.

    Q[s, a] := Q[s, a] + alpha * (r + gamma * max_a' Q[s_next, a'] - Q[s, a])
    Only Q[s, a] changes. Return Q (changing it in place too is fine).
    Q: (n_states, n_actions); s, a, s_next: integers; r, alpha, gamma: numbers.
    A terminal state's row of Q stays 0, so its max is 0: the target is then r alone.
    """
    raise NotImplementedError  # your code here: return Q
'''


def _q_cases():
    Q = np.array([[0.0, 1.0, 0.5, 0.0], [2.0, 0.0, -1.0, 3.0], [0.0, 0.0, 0.0, 0.0]])
    cases = [
        Case("hand-made case 1 (from a zero row, α = 0.5, γ = 0.9)", "q_update",
             [("Q", Q), ("s", 2), ("a", 1), ("r", 1.0), ("s_next", 1), ("alpha", 0.5), ("gamma", 0.9)], None),
        Case("hand-made case 2 (into a terminal state, all-zero row)", "q_update",
             [("Q", Q), ("s", 0), ("a", 1), ("r", -1.0), ("s_next", 2), ("alpha", 0.1), ("gamma", 0.9)], None),
    ]
    rng = np.random.default_rng(11)
    for i in range(3):
        Q = rng.normal(size=(12, 4))
        s, s_next = (int(v) for v in rng.integers(12, size=2))
        cases.append(Case("random case %d (seed 11: 12 states, 4 actions)" % (i + 1), "q_update",
                          [("Q", Q), ("s", s), ("a", int(rng.integers(4))), ("r", float(rng.normal())),
                           ("s_next", s_next), ("alpha", 0.3), ("gamma", 0.95)], None))
    for case in cases:
        case.expected = solutions.q_update(*case.arguments())
    return cases


def _compare_q(case, got, sandbox):
    Q, s, a, r, s_next, alpha, gamma = case.arguments()
    expected = case.expected
    if got is None:
        raise Failure("Your q_update returned None: end it with 'return Q'.")
    got = np.asarray(got, dtype=float) if not np.isscalar(got) else got
    if np.isscalar(got) or np.ndim(got) == 0:
        raise Failure("Your q_update returned one number (%.6g): return the whole table Q, with Q[s, a] updated."
                      % float(got))
    others = np.ones(Q.shape, dtype=bool)
    others[s, a] = False
    if np.shape(got) == Q.shape and not np.allclose(got[others], Q[others]):
        changed = [tuple(int(i) for i in index) for index in np.argwhere(~np.isclose(got, Q) & others)[:3]]
        raise Failure("Your update changed Q at %s as well: only Q[s, a] = Q[%d, %d] may change."
                      % (", ".join("[%d, %d]" % c for c in changed), s, a))
    target = r + gamma * Q[s_next].max()

    def with_value(v):
        table = Q.copy()
        table[s, a] = v
        return table

    expect_close(got, expected, "Your Q", hints=[
        (equals(Q), "Q did not change: set Q[s, a] += alpha * (target - Q[s, a]) and return Q."),
        (equals(with_value(target)), "Q[s, a] became the target itself: move it only a fraction alpha of the way, "
                                     "Q[s, a] + alpha * (target - Q[s, a])."),
        (equals(with_value(Q[s, a] + alpha * (r + gamma * Q[s_next, a] - Q[s, a]))),
         "you used Q[s_next, a], the same action in the next state; the target takes the best one, "
         "np.max(Q[s_next])."),
        (equals(with_value(Q[s, a] + alpha * (r + Q[s_next].max() - Q[s, a]))),
         "the future value is not discounted: multiply max Q[s_next] by gamma."),
        (equals(with_value(Q[s, a] + alpha * (r + gamma * Q[s].max() - Q[s, a]))),
         "you took the max over Q[s], the current state; the target looks at the next state, Q[s_next]."),
    ])


Q_LEARNING = Exercise("q-learning", "The Q-learning update", ["q_update"], Q_STUB, ["q_update"], _q_cases, _compare_q)
