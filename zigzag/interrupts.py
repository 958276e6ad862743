"""Ctrl-C and SIGTERM: one interrupt, a clean exit within seconds, whatever manim's threads do.

A terminal's Ctrl-C, ``timeout`` and process managers often deliver the same signal more than once,
microseconds apart. A second ``KeyboardInterrupt`` that lands while manim is stopping its encoder
threads leaves one of them waiting forever, and the process never exits. So while a render runs, the
first SIGINT or SIGTERM raises :class:`Interrupted` and later ones are ignored while the clean-up
runs; should the clean-up itself hang, a watchdog removes what was registered with
:func:`on_expiry` and ends the process after :data:`GRACE_SECONDS`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator

__all__ = [
    "GRACE_SECONDS",
    "Interrupted",
    "exit_after_interrupt",
    "interrupts_raise",
    "on_expiry",
]

GRACE_SECONDS = 8.0
SIGNALS = (signal.SIGINT, signal.SIGTERM)
_expiry_actions: list[Callable[[], None]] = []


class Interrupted(KeyboardInterrupt):
    """The render was interrupted by ``signum`` (SIGINT or SIGTERM).

    Parameters
    ----------
    signum
        The signal that arrived first.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """The shell's convention: 128 + the signal number (130 for Ctrl-C, 143 for SIGTERM)."""
        return 128 + self.signum


@contextlib.contextmanager
def on_expiry(action: Callable[[], None]) -> Iterator[None]:
    """Run ``action`` (remove a work folder, kill workers) if an interrupt's clean-up hangs."""
    _expiry_actions.append(action)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            _expiry_actions.remove(action)


def _expire(signum: int) -> None:
    """The watchdog: the clean-up took too long; do what was registered and end the process."""
    for action in reversed(list(_expiry_actions)):
        with contextlib.suppress(Exception):
            action()
    with contextlib.suppress(Exception):
        sys.stderr.write("zigzag: interrupted; clean-up took too long, stopped\n")
        sys.stderr.flush()
    os._exit(128 + signum)


@contextlib.contextmanager
def interrupts_raise(grace: float = GRACE_SECONDS) -> Iterator[None]:
    """While inside, the first SIGINT/SIGTERM raises :class:`Interrupted`; later ones are ignored,
    also after leaving (the caller is then expected to exit).

    Parameters
    ----------
    grace
        Seconds the clean-up may take after the first signal before the watchdog ends the process.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    watchdog: list[threading.Timer] = []

    def handler(signum: int, frame: object) -> None:
        if watchdog:
            return  # already stopping: a second signal must not interrupt the clean-up
        timer = threading.Timer(grace, _expire, args=(signum,))
        timer.daemon = True
        timer.start()
        watchdog.append(timer)
        raise Interrupted(signum)

    previous = {signum: signal.signal(signum, handler) for signum in SIGNALS}
    try:
        yield
    finally:
        for timer in watchdog:
            timer.cancel()
        for signum, old in previous.items():
            # After an interrupt the process is on its way out: a late repeat must not break that.
            signal.signal(signum, signal.SIG_IGN if watchdog else old)


def exit_after_interrupt(code: int, wait: float = 2.0) -> None:
    """Exit with ``code``; if a library thread that cannot be stopped is still running after
    ``wait`` seconds, end the process without waiting for it (the interpreter would wait forever)."""
    deadline = time.monotonic() + wait
    for thread in threading.enumerate():
        if thread is threading.current_thread() or thread.daemon:
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
    stray = [t for t in threading.enumerate() if t.is_alive() and not t.daemon and t is not threading.current_thread()]
    if stray:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
