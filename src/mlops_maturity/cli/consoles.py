"""The rich consoles; only the CLI prints, and only through these."""

from __future__ import annotations

from rich.console import Console


class _ResultConsole(Console):
    def on_broken_pipe(self) -> None:
        # rich would exit 1 here, which CI reads as a failed gate; the error handler exits 0.
        raise BrokenPipeError


def stdout_console() -> Console:
    """For results. rich honours NO_COLOR and falls back to 80 columns when piped."""
    return _ResultConsole(highlight=False, soft_wrap=False)
