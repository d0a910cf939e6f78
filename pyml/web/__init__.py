"""pyml in the browser: the Python half of the page's worker protocol (``web/PROTOCOL.md``).

The page's worker (``web/js/worker.js``) boots Pyodide, installs the pyml wheel and hands
every message to :func:`pyml.web.bridge.handle`. Nothing else in pyml knows about messages,
and nothing here knows about the DOM: this is plain Python, tested in CPython.

- ``bridge``: dispatches each call; ``sessions``: what the page keeps between calls (models
  being trained, labs); ``frames``: what a training step answers; ``features``: the feature
  crosses of the playground; ``views``: what the page draws of each model family; ``data``:
  the data sets; ``labs``: the guided demos' computations; ``run``: code a person wrote.
"""

from .bridge import PROTOCOL, handle
from .views import view_of

__all__ = ["PROTOCOL", "handle", "view_of"]
