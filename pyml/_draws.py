"""Single random draws without numpy's per-call cost, for loops that draw one number at a time.

Q-learning draws one or two numbers per move. In the page every call of a Generator method
costs 6-12 us (numpy 1.17 converts its dtype argument each time), more than the rest of a
move; here the same numbers cost a Python operation each.
"""

import numpy as np


class FastDraws(np.random.Generator):
    """A generator of numpy's default kind (PCG64) whose ``random()`` and ``integers(n)`` work out
    one number in Python from the bit generator's raw 64-bit outputs, fetched 256 at a time.

    Why: in the page every call of a Generator method costs 6-12 us (numpy 1.17 converts its
    dtype argument each time), more than the rest of a Q-learning move. The numbers are the ones
    the Generator's own methods give, in the same order, as this follows numpy's algorithms for
    PCG64: ``random()`` is an output's top 53 bits over 2**53; ``integers(n)`` multiplies 32
    random bits by n and keeps the product's top 32 bits (Lemire's method), the bits being an
    output's low half, then its high half at the next call.

    Only for a generator nothing else draws from, as outputs are fetched ahead, and only these
    two methods: the Generator's others would draw out of turn.
    """

    def __init__(self, bit_generator):
        if type(bit_generator) is not np.random.PCG64:
            raise TypeError("FastDraws redoes PCG64's draws, got %s." % type(bit_generator).__name__)
        super().__init__(bit_generator)
        state = bit_generator.state
        self._high_half = state["uinteger"] if state["has_uint32"] else None
        self._outputs = self._fetch()

    def _fetch(self):
        while True:
            yield from self.bit_generator.random_raw(256).tolist()

    def random(self):
        """A float in [0, 1), as ``Generator.random()``."""
        return (next(self._outputs) >> 11) * 2.0 ** -53

    def integers(self, n):
        """An int in [0, n), as ``Generator.integers(n)``, for 1 <= n < 2**32."""
        if n == 1:
            return 0  # numpy does not draw for a single value
        m = self._next32() * n
        if m & 0xFFFFFFFF < n:  # maybe one of the few products that would favour some values
            threshold = (2 ** 32 - n) % n
            while m & 0xFFFFFFFF < threshold:
                m = self._next32() * n
        return m >> 32

    def _next32(self):
        if self._high_half is None:
            output = next(self._outputs)
            self._high_half = output >> 32
            return output & 0xFFFFFFFF
        half, self._high_half = self._high_half, None
        return half
