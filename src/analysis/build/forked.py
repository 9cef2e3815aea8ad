"""Run a step of the corpus stage in a forked child while the parent goes on with another.

The corpus-level stage (contested links, network, balance per conflict system, exports,
clusters) runs after every article is extracted, on data held in the parent's memory: a
worker pool would pickle hundreds of thousands of relations to its workers. A forked child
shares that memory (copy on write) and needs no pickling of its inputs; only its result, a
small table or summary, comes back through a pipe. Two cores then run two independent
steps at once, and the outputs are those of the same functions run one after the other.

Where `fork` is missing or unsafe (not Linux), or one core is all there is, the step runs
in the parent when its result is asked for.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from typing import Any, Callable


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether steps run in a forked child here (Linux, more than one core)."""
    return sys.platform.startswith("linux") and _cores() > 1 and \
        os.environ.get("ANALYSIS_NO_FORK", "") != "1"


class Forked:
    """`fn()` running in a forked child; `result()` waits for it and returns its value, or
    raises its exception (the same type when it can be pickled, else a RuntimeError with
    the child's traceback)."""

    def __init__(self, fn: Callable[[], Any]):
        self._fn = fn
        self._proc = None
        if can_fork():
            ctx = multiprocessing.get_context("fork")
            self._recv, send = ctx.Pipe(duplex=False)
            self._proc = ctx.Process(target=_child, args=(fn, send), daemon=True)
            self._proc.start()
            send.close()

    def result(self) -> Any:
        """The step's value (run here, now, when no child was forked)."""
        if self._proc is None:
            return self._fn()
        try:
            ok, value = self._recv.recv()
        except EOFError:
            self._proc.join()
            raise RuntimeError(f"a corpus-stage step died (exit {self._proc.exitcode})")
        finally:
            self._recv.close()
        self._proc.join()
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        """Stop the child (after a failure in the parent)."""
        if self._proc is not None and self._proc.is_alive():
            self._proc.kill()
            self._proc.join()


def _child(fn: Callable[[], Any], send: Any) -> None:
    """In the child: run `fn`, send (True, value) or (False, exception) to the parent."""
    try:
        msg = (True, fn())
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        msg = (False, exc)
    try:
        send.send(msg)
    except Exception:  # the value or exception does not pickle: say what it was
        what = msg[1] if not msg[0] else traceback.format_exc()
        send.send((False, RuntimeError(f"{type(what).__name__}: {what}")))
    finally:
        send.close()
