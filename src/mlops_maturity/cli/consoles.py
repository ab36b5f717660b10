"""The rich consoles; only the CLI prints, and only through these."""

from __future__ import annotations

from rich.console import Console


def stdout_console() -> Console:
    """For results. rich honours NO_COLOR and falls back to 80 columns when piped."""
    return Console(highlight=False, soft_wrap=False)


def stderr_console() -> Console:
    """For prompts, progress and messages: never mixed into a result on stdout."""
    return Console(stderr=True, highlight=False)
