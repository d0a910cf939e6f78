"""The checker's parts: an exercise, its cases, and comparisons that explain what is wrong.

A check runs the learner's source once, then calls their function on each case, hand-made small
cases first and then random ones from a seed, and stops at the first case that fails. Shapes are
compared before values, and a value that is wrong in a recognisable way (twice too large, the
wrong sign, ...) gets a hint that names the likely mistake.
"""

import numpy as np

from .sandbox import LearnerError, Sandbox


class Failure(Exception):
    """A case's answer is wrong; ``str()`` is the message for the learner."""


class Case:
    """One call of the learner's function: ``inputs`` as ``[(name, value), ...]`` in call order,
    and ``expected``, the reference answer."""

    def __init__(self, name, function, inputs, expected, **extra):
        self.name = name
        self.function = function
        self.inputs = inputs
        self.expected = expected
        self.extra = extra

    def arguments(self):
        """Fresh copies of the inputs: a learner's function may change its arguments."""
        return [np.array(value, copy=True) if isinstance(value, np.ndarray) else value for _, value in self.inputs]


class Exercise:
    """One exercise: its name, the functions the learner writes, the starting code, the
    reference solution and the cases.

    ``cases()`` returns the list of Case; ``compare(case, got, sandbox)`` raises Failure when
    ``got`` is wrong (the default compares with ``case.expected`` by :func:`expect_close`).
    """

    def __init__(self, name, title, functions, stub, solution, cases, compare=None, returns=None):
        self.name = name
        self.returns = returns or {}  # {function: [names of the values of the tuple it returns]}
        self.title = title
        self.functions = functions
        self.stub = stub
        self.solution = solution
        self.cases = cases
        self.compare = compare or (lambda case, got, sandbox: expect_close(got, case.expected, "your result"))


def check(exercise, source, time_limit=None):
    """Run ``source`` against every case of ``exercise``; return the result for the learner.

    Returns
    -------
    dict
        ``status``: "pass", "fail" (a wrong answer) or "error" (the code did not run: a syntax
        error, an exception, the time limit); ``message``: what happened and what to do;
        ``line``: the line of the learner's code it happened at, or None; ``case``: the failed
        case as ``{"name", "inputs": [[name, text], ...], "expected", "got"}`` or None;
        ``passed`` and ``total``: cases; ``output``: what the code printed.
    """
    sandbox = Sandbox() if time_limit is None else Sandbox(time_limit=time_limit)
    result = {"status": "error", "message": "", "line": None, "case": None, "passed": 0, "total": 0, "output": ""}
    try:
        sandbox.run(source)
        functions = {name: sandbox.function(name) for name in exercise.functions}
    except LearnerError as error:
        result.update(message=error.message, line=error.line)
        result["output"] = sandbox.output.getvalue()
        return result
    cases = exercise.cases()
    result["total"] = len(cases)
    for case in cases:
        try:
            got = sandbox.call(functions[case.function], *case.arguments())
            exercise.compare(case, got, sandbox)
        except LearnerError as error:
            if isinstance(error.__cause__, NotImplementedError):
                result.update(status="fail", message="%s is not written yet: replace the line 'raise "
                              "NotImplementedError' with your code." % case.function, line=error.line)
                break
            result.update(message="%s raised an error on %s:\n%s%s" % (
                case.function, case.name, error.message, _shape_hint(error, case)), line=error.line)
            result["case"] = describe_case(case, exercise.returns.get(case.function))
            if error.kind == "timeout":
                result["message"] = error.message
            break
        except Failure as failure:
            result.update(status="fail", message="%s: %s" % (case.name[0].upper() + case.name[1:], failure))
            result["case"] = describe_case(case, exercise.returns.get(case.function), got)
            break
        result["passed"] += 1
    else:
        result.update(status="pass", message="All %d cases pass. Well done!" % len(cases))
    result["output"] = sandbox.output.getvalue()
    return result


def describe_case(case, returns, *got):
    """The case as text for the page: inputs, expected and got values (a tuple one value a line,
    named by ``returns``)."""
    return {
        "name": case.name,
        "function": case.function,
        "inputs": [[name, show(value)] for name, value in case.inputs],
        "expected": show_result(case.expected, returns),
        "got": show_result(got[0], returns) if got else None,  # None: the call raised, so there is no answer
    }


def show_result(value, names):
    if names and isinstance(value, (tuple, list)) and len(value) == len(names):
        shown = [show(v) for v in value]
        return "\n".join(("%s =\n%s" if "\n" in text else "%s = %s") % (name, text) for name, text in zip(names, shown))
    return show(value)


def _shape_hint(error, case):
    text = error.message
    if "shape" in text or "aligned" in text or "broadcast" in text or "mismatch" in text:
        shapes = ", ".join("%s %s" % (name, shape_of(value)) for name, value in case.inputs if shape_of(value))
        return "\nThe shapes did not fit together. The inputs were: %s. Print the shapes of your intermediate " \
               "arrays (print(a.shape)) to find the one that differs from what the formula needs." % shapes
    if "converted to Python scalars" in text:
        return "\nA function from math (math.exp, math.log) works on one number only: use numpy's, np.exp, " \
               "np.log, which work on whole arrays."
    if "NoneType" in text:
        return "\nSomething is None: did a function you call forget its return?"
    return ""


def shape_of(value):
    if isinstance(value, np.ndarray):
        return str(value.shape) if value.ndim != 1 else "(%d,)" % len(value)
    return ""


def show(value):
    """A short text for a value: arrays with 4 decimals, shortened when large."""
    if isinstance(value, tuple):
        return "(" + ", ".join(show(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=4, suppress_small=True, threshold=40, edgeitems=3, max_line_width=72)
        return "%s, shape %s" % (text, shape_of(value)) if value.ndim >= 1 else text
    if isinstance(value, (float, np.floating)):
        return "%.6g" % value
    if isinstance(value, np.generic):
        return repr(value.item())
    text = repr(value)
    return text if len(text) < 300 else text[:300] + "..."


# ---------------------------------------------------------------- comparisons

def as_array(got, what, expected):
    """``got`` as a float array, or a Failure that says what came back instead."""
    if got is None:
        raise Failure("%s is None: your function has no return statement (or returns nothing). "
                      "Add 'return ...' with the result." % what)
    if isinstance(got, (str, bytes, dict, set)):
        raise Failure("%s is a %s, but it should be %s." % (what, type(got).__name__, _kind_of(expected)))
    try:
        array = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Failure("%s could not be read as numbers (got %s); it should be %s."
                      % (what, show(got), _kind_of(expected))) from None
    return array


def _kind_of(expected):
    expected = np.asarray(expected)
    if expected.ndim == 0:
        return "a single number"
    return "an array of shape %s" % shape_of(expected)


def expect_shape(got, expected, what, hints=()):
    """Raise Failure unless ``got`` has the shape of ``expected``; ``hints`` are
    ``(shape, message)`` pairs for recognisable wrong shapes."""
    got = as_array(got, what, expected)
    expected = np.asarray(expected)
    if got.shape == expected.shape:
        return got
    for shape, message in hints:
        if got.shape == shape:
            raise Failure("%s has shape %s, expected %s. %s" % (what, shape_of(got) or "() (one number)",
                                                                shape_of(expected) or "() (one number)", message))
    if expected.ndim == 0:
        raise Failure("%s should be a single number, but it is an array of shape %s. Sum or average it "
                      "into one number (np.sum, np.mean, or a @ b of two 1-D arrays)." % (what, shape_of(got)))
    if got.ndim == 0:
        raise Failure("%s is a single number, but it should be an array of shape %s." % (what, shape_of(expected)))
    if got.size == expected.size:
        raise Failure("%s has shape %s, expected %s: the right number of values in the wrong shape. Keep arrays "
                      "1-D where the statement says (n,), e.g. with .ravel(), and check your transposes."
                      % (what, shape_of(got), shape_of(expected)))
    raise Failure("%s has shape %s, expected %s." % (what, shape_of(got), shape_of(expected)))


def close(got, expected, rtol=1e-6, atol=1e-9):
    return bool(np.allclose(got, expected, rtol=rtol, atol=atol))


def expect_close(got, expected, what, hints=(), shape_hints=(), rtol=1e-6, atol=1e-9):
    """Raise Failure unless ``got`` equals ``expected`` to rounding: shape first, then values.

    ``hints`` are ``(predicate(got, expected), message)``: the first that holds explains the
    difference.
    """
    got = expect_shape(got, expected, what, shape_hints)
    expected = np.asarray(expected, dtype=float)
    if not np.all(np.isfinite(got)) and np.all(np.isfinite(expected)):
        raise Failure("%s contains nan or inf: %s. Look for a division by zero or a log of 0." % (what, show(got)))
    if close(got, expected, rtol, atol):
        return got
    for predicate, message in hints:
        with np.errstate(all="ignore"):
            if predicate(got, expected):
                raise Failure("%s is wrong: %s" % (what, message))
    if expected.ndim:
        wrong = np.flatnonzero(~np.isclose(got, expected, rtol=rtol, atol=atol).ravel())
        index = np.unravel_index(wrong[0], expected.shape)
        at = "[%s]" % ", ".join(str(int(i)) for i in index)
        raise Failure("%s differs from the expected values (%d of %d wrong; the first at %s: %.6g instead of %.6g)."
                      % (what, len(wrong), expected.size, at, got[index], expected[index]))
    raise Failure("%s is %.6g, expected %.6g." % (what, got, expected))


def ratio_is(factor, rtol=1e-6):
    """A hint predicate: got = factor * expected (elementwise, where expected is not 0)."""
    def holds(got, expected):
        mask = np.abs(expected) > 1e-12
        return bool(mask.any() and np.allclose(got[mask], factor * expected[mask], rtol=rtol, atol=1e-12))
    return holds


def equals(other, rtol=1e-6):
    """A hint predicate: got equals a known wrong answer ``other`` (computed from the case)."""
    def holds(got, expected):
        other_value = np.asarray(other, dtype=float)
        return other_value.shape == got.shape and bool(np.allclose(got, other_value, rtol=rtol, atol=1e-9))
    return holds


def expect_tuple(got, names, what):
    """``got`` unpacked into ``len(names)`` values, or a Failure that says what to return."""
    wanted = "(%s)" % ", ".join(names)
    if not isinstance(got, (tuple, list)) or isinstance(got, np.ndarray):
        raise Failure("%s should be the tuple %s, got %s. End with 'return %s'."
                      % (what, wanted, _brief(got), ", ".join(names)))
    if len(got) != len(names):
        raise Failure("%s should be %d values %s, got %d. End with 'return %s'."
                      % (what, len(names), wanted, len(got), ", ".join(names)))
    return list(got)


def _brief(value):
    if value is None:
        return "None (no return statement?)"
    if isinstance(value, np.ndarray):
        return "an array of shape %s" % shape_of(value)
    return "a %s" % type(value).__name__
