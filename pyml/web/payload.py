"""Reading a call's payload (JSON values) and writing its result (JSON values and bytes)."""

import numpy as np

from ..validation import check_number


def field(payload, key, call):
    """``payload[key]``; a ValueError naming the call when it is missing or null."""
    if payload.get(key) is None:
        raise ValueError("The %s call needs a %r field in its payload." % (call, key))
    return payload[key]


def interval(value, name):
    """A pair [min, max] of finite numbers with min < max, as a tuple of floats."""
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise TypeError("%s must be a pair [min, max], got %r." % (name, value))
    low, high = (check_number(name, v) for v in value)
    if not low < high:
        raise ValueError("%s must be [min, max] with min < max, got %r." % (name, value))
    return float(low), float(high)


def type_name(value):
    return type(value).__name__


def plain(value):
    """``value`` with numpy arrays and scalars turned into Python lists and numbers."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value
