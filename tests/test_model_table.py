"""The page's model table (web/js/models.js) agrees with what each pyml estimator declares
(``_kind``, ``_parameter_constraints``, ``_live_params``) and with the bridge's task names
(pyml/web/models.py).

Every way a value reaches a model on the page (a control, a link, a model file: state.js
parses them all against this table) stays inside the table's ranges, so checking the table
checks them all: a page may offer less than pyml allows, never more.
"""

import pytest

from pyml.base import ESTIMATORS
from pyml.validation import Interval, Options, Sizes, make_constraint
from pyml.web.models import task_of


@pytest.fixture(scope="module")
def table(page_modules):
    return page_modules({"models": True})


def controls(table):
    """(model key, pyml class, control spec) for every control shown for that class."""
    for key, entry in table.items():
        for cls_name in entry["tasks"].values():
            for spec in entry["params"]:
                if cls_name in spec["shownFor"]:
                    yield key, cls_name, spec


def constraints_of(cls_name, param):
    return [make_constraint(c) for c in ESTIMATORS[cls_name]._parameter_constraints[param]]


def contains(interval, low, high, low_open=False):
    """Whether every number of [low, high] ((low, high] if low_open) is in ``interval``."""
    below_ok = interval.low is None or low > interval.low or (
        low == interval.low and (low_open or interval.closed in ("left", "both")))
    above_ok = interval.high is None or high < interval.high or (
        high == interval.high and interval.closed in ("right", "both"))
    return below_ok and above_ok


def test_every_class_exists_and_does_the_pages_task(table):
    for key, entry in table.items():
        for task, cls_name in entry["tasks"].items():
            assert cls_name in ESTIMATORS, "models.js %s: pyml has no class %s" % (key, cls_name)
            cls = ESTIMATORS[cls_name]
            assert task_of(cls) == task, (
                "models.js %s offers %s for %r data, but it declares _kind %r, which the bridge "
                "calls %r" % (key, cls_name, task, cls._kind, task_of(cls)))


def test_every_control_is_a_constructor_parameter(table):
    for key, entry in table.items():
        for spec in entry["params"]:
            assert spec["shownFor"], "models.js %s: control %r is never shown" % (key, spec["name"])
    for key, cls_name, spec in controls(table):
        assert spec["name"] in ESTIMATORS[cls_name]._param_names(), (
            "models.js %s: %s has no parameter %r" % (key, cls_name, spec["name"]))


def test_number_ranges_lie_inside_the_declared_constraints(table):
    for key, cls_name, spec in controls(table):
        if spec.get("type") not in ("int", "number"):
            continue
        # A whole-number control needs an int or float interval; any other number a float one.
        kinds = (int, float) if spec["type"] == "int" else (float,)
        fits = [c for c in constraints_of(cls_name, spec["name"])
                if isinstance(c, Interval) and c.type in kinds
                and contains(c, spec["min"], spec["max"], spec.get("minOpen", False))]
        assert fits, "models.js %s: %s %r offers %s%r, %r], outside %s's declaration %r" % (
            key, spec["type"], spec["name"], "(" if spec.get("minOpen") else "[", spec["min"], spec["max"],
            cls_name, ESTIMATORS[cls_name]._parameter_constraints[spec["name"]])


def test_choices_are_declared_options(table):
    for key, cls_name, spec in controls(table):
        offered = spec.get("values", []) if spec.get("type") == "enum" else spec.get("special", [])
        if not offered:
            continue
        declared = set()
        for c in constraints_of(cls_name, spec["name"]):
            if isinstance(c, Options):
                declared.update(c.values)
        extra = sorted(set(offered) - declared)
        assert not extra, "models.js %s: %r offers %s, which %s does not accept (its options: %s)" % (
            key, spec["name"], extra, cls_name, sorted(declared))


def test_layer_sizes_and_switches_match_their_declarations(table):
    for key, cls_name, spec in controls(table):
        declared = constraints_of(cls_name, spec["name"])
        where = "models.js %s: %r of %s, declared %r" % (key, spec["name"], cls_name, declared)
        if spec.get("type") == "layers":
            sizes = [c for c in declared if isinstance(c, Sizes)]
            assert sizes and contains(sizes[0].item, spec["min"], spec["max"]), where
            assert spec["maxLayers"] <= sizes[0].max_length, where
        elif spec.get("type") == "bool":
            assert make_constraint("boolean") in declared, where
        elif spec.get("seed"):
            assert make_constraint("random_state") in declared, where


def test_every_value_the_page_offers_is_accepted(table):
    """Defaults and presets: each one a value the estimator takes."""
    for key, cls_name, spec in controls(table):
        if spec.get("seed"):
            continue
        declared = constraints_of(cls_name, spec["name"])
        for what, value in [("default", spec["default"])] + [("preset", v) for v in spec.get("presets", [])]:
            assert any(c.accepts(value) for c in declared), "models.js %s: %r's %s %r is refused by %s (%r)" % (
                key, spec["name"], what, value, cls_name, declared)


def test_params_the_page_changes_live_are_declared_live(table):
    for key, cls_name, spec in controls(table):
        if spec.get("live"):
            assert spec["name"] in ESTIMATORS[cls_name]._live_params, (
                "models.js %s: %r changes during training, but %s's _live_params %s does not have it"
                % (key, spec["name"], cls_name, sorted(ESTIMATORS[cls_name]._live_params)))
