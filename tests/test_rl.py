"""Grid world, value and policy iteration, Q-learning: hand-computed answers and bad input."""

from collections import deque

import numpy as np
import pytest

import pyml
from pyml.rl import GridWorld, QLearning, format_policy, format_values, policy_iteration, value_iteration

UP, RIGHT, DOWN, LEFT = 0, 1, 2, 3

MAZE = [
    "S..#...G",
    "..X#....",
    "........",
]


def last(steps):
    """The final record of a planning generator."""
    return list(steps)[-1]


def shortest_path_length(env):
    """Fewest moves from S to a G cell (breadth-first search over deterministic moves)."""
    distance, queue = {env.start: 0}, deque([env.start])
    while queue:
        s = queue.popleft()
        if env.layout_char(s) == "G":
            return distance[s]
        if env.terminal[s]:
            continue
        for a in range(4):
            (_, s2, _, _), = env.transitions(s, a)
            if s2 not in distance:
                distance[s2] = distance[s] + 1
                queue.append(s2)
    return None


def greedy_path_length(env, policy, limit=100):
    """Moves the greedy policy takes from S to G (slip=0), or None if it never gets there."""
    state = env.reset()
    for n in range(1, limit + 1):
        state, _, done = env.step(int(policy[state]))
        if done:
            return n if env.layout_char(state) == "G" else None
    return None


# ---------------------------------------------------------------- the environment

def test_states_are_numbered_row_major():
    env = GridWorld(MAZE)
    assert env.shape == (3, 8) and env.n_states == 24
    assert env.start == 0 and env.position(7) == (0, 7) and env.state_of(1, 2) == 10
    assert env.walls[3] and env.walls[11] and env.terminal[7] and env.terminal[10]
    assert not env.active[3] and not env.active[7] and env.active[0]


def test_text_map_and_dict_round_trip():
    text = """
        S..#...G
        ..X#....
        ........
    """
    env = GridWorld(text, step_reward=-1.0, slip=0.2, rewards={"X": -100.0})
    assert env.layout == tuple(MAZE)
    again = GridWorld.from_dict(env.to_dict())
    assert again.to_dict() == env.to_dict()
    assert again.rewards == {"G": 1.0, "X": -100.0}
    assert GridWorld.from_text("S..#...G\n..X#....\n........").layout == tuple(MAZE)
    with pytest.raises(TypeError, match="string"):
        GridWorld.from_text(MAZE)


def test_moves_bump_into_walls_and_edges():
    env = GridWorld(MAZE, slip=0.0)
    assert env.transitions(0, UP) == [(1.0, 0, -0.04, False)]  # edge: stay
    assert env.transitions(2, RIGHT) == [(1.0, 2, -0.04, False)]  # wall to the right: stay
    assert env.transitions(2, DOWN) == [(1.0, 10, -1.0, True)]  # into the pit: its reward, episode over
    assert env.transitions(15, UP) == [(1.0, 7, 1.0, True)]  # into the goal
    assert env.transitions(7, LEFT) == [(1.0, 7, 0.0, True)]  # terminal cells absorb


@pytest.mark.parametrize("slip", [0.0, 0.2, 0.5, 1.0])
def test_transition_probabilities_sum_to_one(slip):
    env = GridWorld(MAZE, slip=slip)
    for s in np.flatnonzero(~env.walls):
        for a in range(4):
            outcomes = env.transitions(int(s), a)
            assert sum(p for p, _, _, _ in outcomes) == pytest.approx(1.0)
            assert len({s2 for _, s2, _, _ in outcomes}) == len(outcomes)  # merged, no duplicates
            if slip == 0.0:
                assert len(outcomes) == 1
    P, R = env.dynamics()
    np.testing.assert_allclose(P.sum(axis=2), 1.0)


def test_slip_goes_sideways():
    env = GridWorld(["...", ".S.", "..G"], slip=0.2)
    s = env.state_of(1, 1)
    outcomes = {s2: p for p, s2, _, _ in env.transitions(s, UP)}
    assert outcomes == pytest.approx({env.state_of(0, 1): 0.8, env.state_of(1, 2): 0.1, env.state_of(1, 0): 0.1})


def test_step_samples_the_model_and_episodes_end():
    env = GridWorld(["S.G"], slip=0.5)
    rng = np.random.default_rng(0)
    counts = {0: 0, 1: 0}
    for _ in range(2000):
        env.reset()
        s2, reward, done = env.step(RIGHT, rng)
        counts[s2] += 1
        assert reward == -0.04 and not done
    # Right with 0.5; up and down both bump the edge and stay with 0.5.
    assert abs(counts[1] / 2000 - 0.5) < 0.05
    env = GridWorld(["S.G"])
    env.reset()
    env.step(RIGHT)
    assert env.step(RIGHT) == (2, 1.0, True)
    with pytest.raises(ValueError, match="episode is over.*reset"):
        env.step(RIGHT)


# ---------------------------------------------------------------- planning

def test_value_iteration_corridor_known_answer():
    # Corridor S . . G, no step reward, gamma = 0.9. A reward comes on entering a cell: entering
    # G earns 1 and ends the episode, and G itself is worth 0. Going right is best everywhere:
    #   V(2) = 1                       (one move into G)
    #   V(1) = 0 + 0.9 * V(2) = 0.9
    #   V(0) = 0 + 0.9 * V(1) = 0.81
    env = GridWorld(["S..G"], step_reward=0.0)
    record = last(value_iteration(env, gamma=0.9, theta=1e-10))
    np.testing.assert_allclose(record.values, [0.81, 0.9, 1.0, 0.0], atol=1e-9)
    assert record.policy.tolist() == [RIGHT, RIGHT, RIGHT, -1]


def test_value_iteration_step_reward_and_slip_known_answers():
    # With step_reward -0.04: V(2) = 1, V(1) = -0.04 + 0.9 = 0.86, V(0) = -0.04 + 0.9 * 0.86 = 0.734.
    env = GridWorld(["S..G"], step_reward=-0.04)
    np.testing.assert_allclose(last(value_iteration(env, theta=1e-10)).values, [0.734, 0.86, 1.0, 0.0], atol=1e-9)
    # With slip 0.2 and no step reward, from cell 2 going right: 0.8 into G, 0.2 bump (up or down)
    # and stay: V(2) = 0.8 * 1 + 0.2 * 0.9 * V(2), so V(2) = 0.8 / 0.82.
    env = GridWorld(["S..G"], step_reward=0.0, slip=0.2)
    assert last(value_iteration(env, theta=1e-12)).values[2] == pytest.approx(0.8 / 0.82)


def test_bellman_residual_decreases_and_stops_below_theta():
    env = GridWorld(MAZE, slip=0.2)
    records = list(value_iteration(env, gamma=0.9, theta=1e-6))
    residuals = [r.loss for r in records]
    assert all(isinstance(r, float) for r in residuals)
    assert all(b <= a + 1e-15 for a, b in zip(residuals, residuals[1:]))
    assert residuals[-1] < 1e-6 <= residuals[-2]
    assert [r.iteration for r in records] == list(range(1, len(records) + 1))
    assert records[-1].values.shape == (env.n_states,) and records[-1].policy.shape == (env.n_states,)
    assert len(list(value_iteration(env, theta=1e-12, max_sweeps=5))) == 5


@pytest.mark.parametrize("slip", [0.0, 0.2])
def test_policy_iteration_agrees_with_value_iteration(slip):
    env = GridWorld(MAZE, slip=slip)
    vi = last(value_iteration(env, gamma=0.9, theta=1e-12))
    records = list(policy_iteration(env, gamma=0.9))
    pi = records[-1]
    assert pi.changed == 0 and all(r.changed > 0 for r in records[:-1])
    assert pi.loss < 1e-9
    np.testing.assert_allclose(pi.values, vi.values, atol=1e-9)
    np.testing.assert_array_equal(pi.policy, vi.policy)


def test_policy_iteration_corridor_known_answer():
    record = last(policy_iteration(GridWorld(["S..G"], step_reward=0.0), gamma=0.9))
    np.testing.assert_allclose(record.values, [0.81, 0.9, 1.0, 0.0], atol=1e-12)
    assert record.policy.tolist() == [RIGHT, RIGHT, RIGHT, -1]


def test_optimal_policy_takes_the_shortest_path():
    env = GridWorld(MAZE)
    policy = last(value_iteration(env)).policy
    assert greedy_path_length(env, policy) == shortest_path_length(env) == 11


def test_format_policy_and_values():
    env = GridWorld(["S..G", ".#.X"], step_reward=0.0)
    record = last(value_iteration(env))
    assert format_policy(env, record.policy) == "> > > G\n^ # ^ X"
    assert format_values(env, record.values).splitlines()[0] == "0.81 0.90 1.00 0.00"


# ---------------------------------------------------------------- Q-learning

def test_qlearning_finds_the_shortest_path():
    env = GridWorld(MAZE)
    model = QLearning(learning_rate=0.5, discount=0.9, epsilon=0.2, n_episodes=300, random_state=0).fit(env)
    assert model.q_table_.shape == (env.n_states, 4)
    assert greedy_path_length(env, model.policy_) == shortest_path_length(env)
    assert model.n_iter_ == 300 and len(model.loss_curve_) == 300 and len(model.episode_returns_) == 300
    np.testing.assert_array_equal(model.predict(np.arange(env.n_states)), model.greedy_policy())
    assert model.predict([3, 7]).tolist() == [-1, -1]  # a wall and the goal: no action


def test_qlearning_corridor_values_approach_the_known_answer():
    env = GridWorld(["S..G"], step_reward=0.0)
    model = QLearning(learning_rate=0.5, epsilon=0.3, n_episodes=300, random_state=1).fit(env)
    np.testing.assert_allclose(model.q_table_[:3, RIGHT], [0.81, 0.9, 1.0], atol=1e-3)
    assert model.policy_.tolist() == [RIGHT, RIGHT, RIGHT, -1]


def test_qlearning_steps():
    env = GridWorld(MAZE)
    model = QLearning(n_episodes=5, max_steps=7, random_state=0)
    steps = list(model.fit_iter(env))
    assert [s.iteration for s in steps] == [1, 2, 3, 4, 5]
    for s in steps:
        assert isinstance(s.loss, float) and isinstance(s.episode_return, float)
        assert 1 <= s.length <= 7
    assert model.loss_curve_ == [s.loss for s in steps]


def test_qlearning_is_deterministic_with_random_state():
    env = GridWorld(MAZE, slip=0.2)
    a = QLearning(n_episodes=50, random_state=3).fit(env)
    b = QLearning(n_episodes=50, random_state=3).fit(env)
    c = QLearning(n_episodes=50, random_state=4).fit(env)
    np.testing.assert_array_equal(a.q_table_, b.q_table_)
    assert a.episode_returns_ == b.episode_returns_
    assert not np.array_equal(a.q_table_, c.q_table_)


def test_qlearning_reads_hyperparameters_live():
    env = GridWorld(["S..G"], step_reward=0.0)
    model = QLearning(epsilon=1.0, n_episodes=1000, random_state=0)
    steps = model.fit_iter(env)
    for _ in range(20):
        next(steps)
    model.set_params(epsilon=0.0, n_episodes=30)
    # Greedy from now on: the learnt table already leads straight to G in 3 moves.
    assert [s.length for s in steps] == [3] * 10
    assert model.n_iter_ == 30


def test_qlearning_predict_works_between_steps():
    env = GridWorld(MAZE)
    model = QLearning(n_episodes=3, random_state=0)
    for _ in model.fit_iter(env):
        assert model.predict([0]).shape == (1,)


def test_qlearning_save_load_round_trip():
    env = GridWorld(MAZE, slip=0.1)
    model = QLearning(n_episodes=40, random_state=0).fit(env)
    loaded = pyml.load(pyml.save(model))
    assert isinstance(loaded, QLearning) and loaded.get_params() == model.get_params()
    np.testing.assert_array_equal(loaded.q_table_, model.q_table_)
    states = np.arange(env.n_states)
    np.testing.assert_array_equal(loaded.predict(states), model.predict(states))
    assert pyml.clone(model).get_params() == model.get_params()


def test_qlearning_bad_input():
    with pytest.raises(pyml.NotFittedError, match="not fitted"):
        QLearning().predict([0])
    with pytest.raises(TypeError, match="GridWorld"):
        QLearning().fit(np.zeros((3, 2)))
    env = GridWorld(["S..G"])
    with pytest.raises(ValueError, match="epsilon"):
        QLearning(epsilon=1.5).fit(env)
    with pytest.raises(ValueError, match="learning_rate"):
        QLearning(learning_rate=0.0).fit(env)
    with pytest.raises(TypeError, match="n_episodes"):
        QLearning(n_episodes=2.5).fit(env)
    model = QLearning(n_episodes=2, random_state=0).fit(env)
    with pytest.raises(ValueError, match="between 0 and 3"):
        model.predict([4])
    with pytest.raises(TypeError, match="integer"):
        model.predict([0.5])


# ---------------------------------------------------------------- bad maps and arguments

@pytest.mark.parametrize(
    "layout, match",
    [
        (["...G", "...."], "start cell 'S'.*got 0"),
        (["S..G", "S..."], "exactly one start.*got 2"),
        (["S...", "...."], "no goal cell 'G'"),
        (["S.#G", "..#."], "No goal cell 'G' is reachable"),
        (["S.XG"], "No goal cell 'G' is reachable"),  # a pit ends every path
        (["S..G", "..Z."], "Unknown cell character 'Z' at row 1, column 2"),
        (["S..G", "..."], "different lengths.*row 1 has 3"),
        ([], "empty"),
    ],
)
def test_bad_maps(layout, match):
    with pytest.raises(ValueError, match=match):
        GridWorld(layout)


def test_bad_environment_arguments():
    with pytest.raises(ValueError, match="slip must be >= 0 and <= 1, got 1.5"):
        GridWorld(["S.G"], slip=1.5)
    with pytest.raises(TypeError, match="map must be a string or a list"):
        GridWorld(42)
    with pytest.raises(ValueError, match="rewards keys"):
        GridWorld(["S.G"], rewards={"#": 1.0})
    assert GridWorld(["S.Gg"], rewards={"g": 5.0}).terminal.tolist() == [False, False, True, True]
    with pytest.raises(ValueError, match="Unknown GridWorld keys gamma"):
        GridWorld.from_dict({"layout": ["S.G"], "gamma": 0.9})
    env = GridWorld(["S#G", "..."])
    with pytest.raises(ValueError, match="action must be"):
        env.step(4)
    with pytest.raises(ValueError, match="is a wall"):
        env.transitions(1, UP)
    with pytest.raises(ValueError, match="outside"):
        env.transitions(6, UP)
    with pytest.raises(TypeError, match="GridWorld"):
        next(value_iteration("S..G"))
    with pytest.raises(ValueError, match="gamma"):
        next(value_iteration(env, gamma=1.5))
    with pytest.raises(ValueError, match="gamma < 1"):
        next(policy_iteration(env, gamma=1.0))


@pytest.mark.parametrize("seed", [0, 1, 7, 12345])
def test_fast_draws_give_the_generators_own_numbers(seed):
    # FastDraws redoes numpy's algorithms for PCG64 (random(): top 53 bits; integers(n): Lemire
    # on 32-bit halves): a numpy that changed them would change Q-learning's episodes.
    from pyml._draws import FastDraws

    reference, fast = np.random.default_rng(seed), FastDraws(np.random.default_rng(seed).bit_generator)
    choices = np.random.default_rng(seed + 1)
    for _ in range(3000):
        kind = choices.integers(4)
        if kind == 0:
            assert fast.random() == reference.random()
        else:
            n = int([1, 2, 4, 2 ** 32 - 2][kind] if kind < 3 else choices.integers(1, 2 ** 32 - 1))
            assert fast.integers(n) == reference.integers(n)


def test_fast_draws_continue_a_generator_that_holds_half_an_output():
    from pyml._draws import FastDraws

    reference = np.random.default_rng(3)
    reference.integers(5)  # the generator keeps the other 32 bits for the next small draw
    bits = np.random.PCG64()
    bits.state = reference.bit_generator.state
    fast = FastDraws(bits)
    assert [fast.integers(6) for _ in range(50)] == [reference.integers(6) for _ in range(50)]
