"""pyml in the browser: the Python half of the page's worker protocol (``web/PROTOCOL.md``).

The page's worker (``web/js/worker.js``) boots Pyodide, installs the pyml wheel and hands
every message to :func:`pyml.web.bridge.handle`. Nothing else in pyml knows about messages,
and nothing here knows about the DOM: this is plain Python, tested in CPython.
"""

from .bridge import PROTOCOL, handle
from .views import view_of

__all__ = ["PROTOCOL", "handle", "view_of"]
