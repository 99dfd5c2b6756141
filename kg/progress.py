"""A progress bar on stderr for long builds: articles, words per second, ETA, skipped.

Silent when asked (``--quiet``) or when stderr is not a terminal, so logs and pipes stay
clean. The build reports to it; it never decides anything.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class _WordsPerSecond(ProgressColumn):
    """Throughput in words of article text per second since the bar started."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        words = int(task.fields.get("words", 0))
        rate = words / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:,.0f} words/s", style="progress.data.speed")


class BuildProgress:
    """Counts articles as they are stored; draws a bar when stderr is a terminal."""

    def __init__(
        self,
        total: int | Callable[[], int | None] | None = None,
        *,
        quiet: bool = False,
        stream: TextIO | None = None,
    ) -> None:
        """``total`` may be a function: it is called only when a bar is drawn."""
        stream = stream if stream is not None else sys.stderr
        self.articles = 0
        self.words = 0
        self.skipped = 0
        self.started = time.perf_counter()
        self._bar: Progress | None = None
        self._task = None
        if quiet or not stream.isatty():
            return
        columns: list[ProgressColumn] = [
            SpinnerColumn(),
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _WordsPerSecond(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[skipped_text]}"),
        ]
        self._bar = Progress(*columns, console=Console(file=stream), transient=False)
        if callable(total):
            total = total()
        self._task = self._bar.add_task("articles", total=total, words=0, skipped_text="")

    def __enter__(self) -> BuildProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def advance(self, words: int) -> None:
        """One more article done, with this many words of text."""
        self.articles += 1
        self.words += words
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=1, words=self.words)

    def skip(self, count: int = 1) -> None:
        """Articles left out (unreadable, or unchanged since the last build)."""
        self.skipped += count
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, advance=count, skipped_text=f"{self.skipped:,} skipped")

    @property
    def words_per_second(self) -> float:
        """Words of article text processed per second so far."""
        elapsed = time.perf_counter() - self.started
        return self.words / elapsed if elapsed > 0 else 0.0
