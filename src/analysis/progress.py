"""Progress of a build on stderr: tqdm bars (count, rate, ETA) on a terminal, plain lines
otherwise (a CI log or a file gets a line every tenth of the work, not carriage returns).

The per-article cost is one counter increment: tqdm redraws at most ten times a second
(`mininterval`), and the plain reporter prints only when a tenth more is done.
"""
from __future__ import annotations

import sys
import time
from typing import Any, TextIO


class Progress:
    """One stage's progress (`update(n)`, `close()`); silent when `enabled` is false.

    Args:
        desc: what is counted ("extracting", "corpus stage").
        total: the number of units.
        unit: the unit's name ("article", "step").
        enabled: false for `--quiet` (and for stages too small to be worth a bar).
        stream: where to write (default `sys.stderr`).
    """

    def __init__(self, desc: str, total: int, unit: str, enabled: bool = True,
                 stream: TextIO | None = None) -> None:
        self.desc, self.total, self.unit = desc, total, unit
        self.stream = stream or sys.stderr
        self.done, self._next, self._t0 = 0, 0, time.perf_counter()
        self._bar: Any = None
        self.enabled = enabled and total > 0
        if self.enabled and _is_tty(self.stream):
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=desc, unit=unit, file=self.stream,
                             mininterval=0.1, dynamic_ncols=True, leave=True)
        elif self.enabled:
            self._next = max(1, -(-total // 10))

    def update(self, n: int = 1, what: str = "") -> None:
        """Count `n` more units done (`what`: the unit just finished, shown on a terminal)."""
        if not self.enabled:
            return
        self.done += n
        if self._bar is not None:
            if what:
                self._bar.set_postfix_str(what, refresh=False)
            self._bar.update(n)
        elif self.done >= self._next or self.done == self.total:
            self._line()
            while self._next <= self.done:
                self._next += max(1, -(-self.total // 10))

    def _line(self) -> None:
        """A plain progress line: done/total, percentage, rate and time left."""
        spent = time.perf_counter() - self._t0
        rate = self.done / spent if spent > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else 0.0
        print(f"  {self.desc}: {self.done}/{self.total} {self.unit}s "
              f"({100 * self.done // self.total}%, {rate:.1f} {self.unit}s/s, "
              f"{left:.0f} s left)", file=self.stream, flush=True)

    def close(self) -> None:
        """End the bar (its last state stays on screen)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
