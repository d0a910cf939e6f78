"""The `run` call: Python source a user wrote (the playground's code panel, the test suite in the
page), run like a notebook cell. Pages never generate code for it: they use typed calls."""

import ast
import contextlib
import io
import traceback

from .payload import field, type_name

_namespace = {"__name__": "__main__"}  # where `run` executes code, kept between calls


class RunError(Exception):
    """An exception in `run` code, with the output printed before it and its traceback."""

    def __init__(self, error, stdout):
        super().__init__(str(error))
        # Keep only the user's frames: the first one is run's own exec/eval line.
        lines = traceback.format_exception(type(error), error, error.__traceback__.tb_next)
        self.details = {
            "name": error.__class__.__name__,
            "message": str(error),
            "stdout": stdout,
            "traceback": "".join(lines),
        }


def run(payload):
    """Run Python source like a notebook cell: print output, and the last expression's repr."""
    code = field(payload, "code", "run")
    if not isinstance(code, str):
        raise TypeError("code must be a string of Python source, got %s." % type_name(code))
    tree = ast.parse(code, "<code>", "exec")
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    stdout = io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout):
            exec(compile(tree, "<code>", "exec"), _namespace)
            value = eval(compile(ast.Expression(last.value), "<code>", "eval"), _namespace) if last else None
    except Exception as error:
        raise RunError(error, stdout.getvalue()) from None
    return {"stdout": stdout.getvalue(), "result": None if value is None else repr(value)}
