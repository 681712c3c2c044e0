"""Progress of long work on a terminal: ``rich.progress`` (Rich comes with Typer).

A service that loops takes an optional ``progress: Progress | None = None`` and calls
``progress(done, total)`` as it goes (``total`` 0 when it cannot know); it imports
nothing from here but the type. A CLI command passes a bar::

    with progress_bar("filing CSBs", quiet=as_json) as bar:
        report = filing.file_bulk(core, actor, file, progress=bar)

The bar is drawn on stderr, and only when stderr is a terminal and the command was not
asked for ``--json``; otherwise it draws nothing (a pipe, a log file, a script reading
JSON see only the command's own output). Rich is imported here, and only when a bar is
drawn. It is transient: once the work is done the command's own summary follows.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

Progress = Callable[[int, int], None]


class Bar:
    """``bar(done, total)``: moves the bar (when one is drawn) and counts the updates."""

    def __init__(self, shown: Any = None, task: Any = None) -> None:
        self._shown, self._task = shown, task
        self.updates = 0
        self.done = self.total = 0

    @property
    def drawn(self) -> bool:
        return self._shown is not None

    def __call__(self, done: int, total: int) -> None:
        self.updates += 1
        self.done, self.total = done, total
        if self._shown is not None:
            self._shown.update(self._task, completed=done, total=total or None)


def shows_on(stream: TextIO) -> bool:
    """A bar is drawn on ``stream`` only when it is a terminal."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real file
        return False


@contextmanager
def progress_bar(what: str, *, quiet: bool = False,
                 stream: TextIO | None = None) -> Iterator[Bar]:
    """A bar labelled ``what`` on ``stream`` (stderr) for the work inside the block; a
    silent ``Bar`` with ``quiet`` (``--json``) or when the stream is not a terminal."""
    stream = stream if stream is not None else sys.stderr
    if quiet or not shows_on(stream):
        yield Bar()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    shown = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                     TimeElapsedColumn(), console=Console(file=stream, force_terminal=True),
                     transient=True)
    with shown:
        yield Bar(shown, shown.add_task(what, total=None))
