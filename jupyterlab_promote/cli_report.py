"""How `jupyter-promote check` writes its report: piece by piece as notebooks finish (the format's
stream, engine/report/reporters/streamed.py), and the exit code from what was written."""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


def stream_for(output: str, checklist: bool = False):
    """The format's stream; `checklist` adds each notebook's checklist to the text report (JSON always
    carries it)."""
    from .engine.report.reporters import streamed

    if output == "json":
        from .engine import TOOL

        return streamed.JsonStream(TOOL)
    if output == "sarif":
        from . import __version__

        return streamed.SarifStream(__version__)
    if output == "github":
        return streamed.GithubStream()
    return streamed.TextStream(colour=sys.stdout.isatty() and "NO_COLOR" not in os.environ, checklist=checklist)


class Writer:
    """Writes the report piece by piece, flushed, so a reader sees each notebook as it is done. Ctrl-C
    during a write waits for its end: the report is cut between notebooks, never inside one."""

    def __init__(self, out, stream) -> None:
        from .engine.report.reporters.streamed import Totals

        self.out, self.stream, self.totals = out, stream, Totals()
        self.writing = self.interrupted = self.stopping = False
        self._put(stream.head())

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        import signal

        def on_ctrl_c(_signal, _frame) -> None:
            if self.stopping:
                return
            if self.writing:
                self.interrupted = True
            else:
                raise KeyboardInterrupt

        try:
            previous = signal.signal(signal.SIGINT, on_ctrl_c)
        except ValueError:  # not the main thread (an embedding): Ctrl-C stays Python's
            yield
            return
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)

    def _put(self, text: str) -> None:
        self.writing = True
        try:
            self.out.write(text)
            self.out.flush()
        finally:
            self.writing = False

    def write(self, done, piece: str) -> None:
        self.writing = True
        try:
            if piece:
                self.out.write((self.stream.separator if self.totals.pieces else "") + piece)
                self.out.flush()
                self.totals.pieces += 1
            self.totals.add(done, self.stream.keeps_paths)
        finally:
            self.writing = False
        if self.interrupted:
            self.interrupted = False
            raise KeyboardInterrupt

    def end(self, interrupted: bool) -> None:
        self._put(self.stream.tail(self.totals, interrupted))


class Outcome:
    """The exit code, from the notebooks reported so far: 0 pass, 1 below the bar (a score under
    --min-score, a finding at the --fail-on severity, or a notebook that could not be read while others
    could), 2 when none could be read."""

    def __init__(self, min_score: int | None, bar: int | None) -> None:
        self.min_score, self.bar = min_score, bar
        self.readable = self.unreadable = 0
        self.failing = False

    def add(self, done) -> None:
        if done.error is not None:
            self.unreadable += 1
            return
        self.readable += 1
        if self.min_score is not None and done.score < self.min_score:
            self.failing = True
        if self.bar is not None and done.worst >= self.bar:
            self.failing = True

    def code(self) -> int:
        if not self.readable:
            return 2
        return 1 if self.unreadable or self.failing else 0
