"""How often one participant may submit: a sliding window per participant, kept by the process."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

__all__ = ["RateLimit"]


class RateLimit:
    """At most ``most`` submissions per ``seconds`` for each participant.

    One instance serves every session of an app process (participants stay
    on one process, as Streamlit sessions do). ``clock`` is injectable so a
    test can move time.

    >>> limit = RateLimit(most=2, seconds=60, clock=lambda: 0.0)
    >>> [limit.allow("ana") for _ in range(3)]
    [True, True, False]
    """

    def __init__(self, most: int = 30, seconds: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.most = most
        self.seconds = seconds
        self._clock = clock
        self._sent: dict[str, deque[float]] = {}
        self._guard = threading.Lock()

    def allow(self, who: str) -> bool:
        """Count one submission by ``who`` and say whether it is within the limit (refused ones do not count)."""
        now = self._clock()
        with self._guard:
            sent = self._sent.setdefault(who, deque())
            while sent and now - sent[0] >= self.seconds:
                sent.popleft()
            if len(sent) >= self.most:
                return False
            sent.append(now)
            return True

    def wait(self, who: str) -> float:
        """Seconds until ``who`` may submit again (0 when they may now)."""
        now = self._clock()
        with self._guard:
            sent = self._sent.get(who)
            if not sent or len(sent) < self.most:
                return 0.0
            return max(0.0, self.seconds - (now - sent[0]))
