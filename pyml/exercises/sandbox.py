"""Run a learner's code with limits: a time limit, a bounded output, and only harmless imports.

These limits catch mistakes, they are no security boundary: the code runs in the learner's own
browser tab (or their own Python), with their own rights. The page's last resort, for what
Python cannot interrupt (a long numpy call, a crash), is to end the worker and start a new one.

The time limit is a trace function on the learner's frames only: Pyodide has no threads or
signals to interrupt Python with, but a trace function runs between two lines of the
learner's code, so ``while True: pass`` ends there with a clear message and the runtime stays
usable. numpy's C code is not traced, so vectorised code runs at full speed.
"""

import builtins
import contextlib
import io
import sys
import time
import traceback
import warnings

FILENAME = "<your code>"
_OPCODE_EVENTS = sys.version_info >= (3, 10)
TIME_LIMIT = 5.0  # seconds of the learner's code per check; the page ends the worker at 10 s
OUTPUT_LIMIT = 20000  # characters of printed output kept

# Top-level modules a learner may import: numpy, pyml and the pure parts of the standard library.
ALLOWED_IMPORTS = frozenset({
    "numpy", "pyml", "math", "cmath", "random", "statistics", "itertools", "functools", "operator",
    "collections", "fractions", "decimal", "numbers", "typing", "dataclasses", "string", "re",
    "json", "copy", "heapq", "bisect", "time", "textwrap", "pprint", "enum", "abc",
})


class TimeLimitError(BaseException):
    """The learner's code ran longer than the time limit (a BaseException: ``except Exception``
    in the learner's code does not swallow it)."""


class LearnerError(Exception):
    """The learner's code could not run or raised: ``message`` says what happened, ``line``
    where (a line of the learner's code, or None)."""

    def __init__(self, message, line=None, kind="error"):
        super().__init__(message)
        self.message = message
        self.line = line
        self.kind = kind


class BoundedOutput(io.TextIOBase):
    """A text stream that keeps the first ``limit`` characters and counts the rest."""

    def __init__(self, limit=OUTPUT_LIMIT):
        self.limit = limit
        self.parts = []
        self.kept = 0
        self.dropped = 0

    def writable(self):
        return True

    def write(self, text):
        room = self.limit - self.kept
        if room > 0:
            self.parts.append(text[:room])
            self.kept += min(len(text), room)
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def getvalue(self):
        text = "".join(self.parts)
        if self.dropped:
            text += "\n... (%d more characters of output not shown)\n" % self.dropped
        return text


class Sandbox:
    """A namespace for the learner's code and the limits it runs under.

    ``run(source)`` executes the source; ``call(function, *args)`` calls one of its functions.
    Everything the code prints goes to ``output``; time spent in the learner's code adds up
    against ``time_limit``.
    """

    def __init__(self, time_limit=TIME_LIMIT, output_limit=OUTPUT_LIMIT):
        self.time_limit = time_limit  # what is left of it
        self.budget = time_limit
        self.output = BoundedOutput(output_limit)
        self.namespace = {"__name__": "__main__", "__builtins__": _learner_builtins()}
        self.source_lines = []
        self._deadline = None

    def run(self, source):
        """Execute ``source``; raise LearnerError on a syntax error, an exception or the time limit."""
        if not isinstance(source, str):
            raise TypeError("source must be a str of Python code, got %s." % type(source).__name__)
        self.source_lines = source.splitlines()
        try:
            code = compile(source, FILENAME, "exec")
        except SyntaxError as error:
            raise LearnerError(_syntax_message(error), error.lineno, "syntax") from None
        self._limited(exec, code, self.namespace)
        return self.namespace

    def call(self, function, *args, **kwargs):
        """``function(*args, **kwargs)`` under the limits."""
        return self._limited(function, *args, **kwargs)

    def function(self, name):
        """The learner's function ``name``, or a LearnerError that says how to define it."""
        value = self.namespace.get(name)
        if value is None:
            raise LearnerError("Your code defines no function %s. Keep the line 'def %s(...):' from the starting "
                               "code (Reset to stub brings it back)." % (name, name), kind="missing")
        if not callable(value):
            raise LearnerError("%s is a %s, not a function: define it with 'def %s(...):'."
                               % (name, type(value).__name__, name), kind="missing")
        return value

    def _limited(self, function, *args, **kwargs):
        spent_before = time.monotonic()
        self._deadline = spent_before + self.time_limit
        previous = sys.gettrace()
        try:
            with contextlib.redirect_stdout(self.output), contextlib.redirect_stderr(self.output), \
                    warnings.catch_warnings():
                warnings.simplefilter("default")  # numpy's warnings go to the learner's output, once per line
                sys.settrace(self._trace)
                try:
                    return function(*args, **kwargs)
                finally:
                    sys.settrace(previous)
        except TimeLimitError:
            raise LearnerError(
                "Your code ran for more than %g s and was stopped%s. Look for a loop that never ends "
                "(a while loop whose condition stays true), or work on whole arrays instead of one "
                "number at a time." % (self.budget, self._where()), self._last_line, "timeout") from None
        except LearnerError:
            raise
        except (MemoryError, ValueError) as error:
            if isinstance(error, ValueError) and "array is too big" not in str(error):  # 32-bit numpy's words
                raise self._exception(error) from error
            raise LearnerError("Your code ran out of memory%s: an array that large does not fit. Check the "
                               "shapes you create (np.zeros((m, m)) with a large m is m² numbers)."
                               % self._where(), self._last_line, "memory") from None
        except SystemExit:
            raise LearnerError("Your code called exit() or quit(): return a value from your function instead.",
                               self._last_line) from None
        except BaseException as error:  # KeyboardInterrupt, GeneratorExit...: the learner's too
            raise self._exception(error) from error
        finally:
            self.time_limit = max(0.0, self.time_limit - (time.monotonic() - spent_before))

    def _exception(self, error):
        line = _learner_line(error)
        return LearnerError("%s: %s%s" % (type(error).__name__, error, " (line %d)" % line if line else ""),
                            line, "exception")

    _last_line = None

    def _where(self):
        return " at line %d" % self._last_line if self._last_line else ""

    def _trace(self, frame, event, arg):
        if frame.f_code.co_filename != FILENAME:
            return None  # numpy's and pyml's own Python runs untraced
        # Python 3.8 (the page's) reports a line event at every jump back, so a loop on one line
        # ("while 1: pass") is seen; 3.10+ does not, and needs opcode events. (Pyodide's 3.8 hangs
        # when a trace function raises on an opcode event.)
        frame.f_trace_opcodes = _OPCODE_EVENTS
        return self._trace_line

    def _trace_line(self, frame, event, arg):
        if event == "line":
            self._last_line = frame.f_lineno
        self._events += 1
        if self._events % 256 == 0 or event == "line":  # the clock costs more than the counting
            if time.monotonic() > self._deadline:
                self._last_line = frame.f_lineno
                raise TimeLimitError()
        return self._trace_line

    _events = 0

    def line_text(self, line):
        """The text of line ``line`` of the learner's code (1-based), stripped."""
        if line and 0 < line <= len(self.source_lines):
            return self.source_lines[line - 1].strip()
        return ""


def _learner_builtins():
    """The builtins with a guarded ``__import__`` and without what would touch files or wait for input."""
    names = dict(vars(builtins))
    real_import = builtins.__import__

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        top = name.split(".")[0]
        if level == 0 and top not in ALLOWED_IMPORTS:
            raise ImportError("import %s is not available in the exercises: they need numpy (import numpy as np) "
                              "and plain Python only." % name)
        return real_import(name, globals, locals, fromlist, level)

    def unavailable(name, why):
        def refuse(*args, **kwargs):
            raise RuntimeError("%s() is not available in the exercises: %s" % (name, why))
        return refuse

    names["__import__"] = guarded_import
    names["open"] = unavailable("open", "the data come in the function's arguments.")
    names["input"] = unavailable("input", "the data come in the function's arguments.")
    names["breakpoint"] = unavailable("breakpoint", "print() values to see them instead.")
    return names


def _syntax_message(error):
    text = (error.text or "").rstrip("\n")
    where = "line %d" % error.lineno if error.lineno else "your code"
    message = "Syntax error on %s: %s." % (where, error.msg)
    if text.strip():
        message += "\n    %s" % text.strip()
    if isinstance(error, IndentationError):
        message += "\nIndent the body of a def, if, for or while by 4 spaces, the same on every line."
    return message


def _learner_line(error):
    """The last line of the learner's code in the traceback of ``error``, or None."""
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == FILENAME:
            line = frame.lineno
    return line
