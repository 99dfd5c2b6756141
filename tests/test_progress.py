"""The build's progress bar: drawn on a terminal, silent in pipes and with --quiet."""

from __future__ import annotations

import io

from kg.progress import BuildProgress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_with_articles_rate_and_skips() -> None:
    screen = _Terminal()
    with BuildProgress(total=4, stream=screen) as progress:
        progress.advance(120)
        progress.advance(80)
        progress.skip()
    assert (progress.articles, progress.words, progress.skipped) == (2, 200, 1)
    drawn = screen.getvalue()
    assert "3/4" in drawn
    assert "words/s" in drawn
    assert "1 skipped" in drawn


def test_a_pipe_or_quiet_gets_nothing() -> None:
    for stream, quiet in ((io.StringIO(), False), (_Terminal(), True)):
        with BuildProgress(total=2, stream=stream, quiet=quiet) as progress:
            progress.advance(10)
            progress.skip()
        assert stream.getvalue() == ""
        assert progress.articles == 1 and progress.skipped == 1
