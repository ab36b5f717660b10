"""The rich consoles; only the CLI prints, and only through these.

They write to whatever `sys.stdout` is at the time: under `main`, a full or closed stdout
raises `OSError`, which `common.exit_code_for` turns into exit 2 (a reader that stops early: 0).
"""

from __future__ import annotations

import sys

from rich.console import Console, RenderableType


class _ResultConsole(Console):
    def on_broken_pipe(self) -> None:
        # rich would exit 1 here, which CI reads as a failed gate; the error handler exits 0.
        raise BrokenPipeError


def print_result(renderable: RenderableType, *, crop: bool = True) -> None:
    """Print a result on stdout; into a pipe or file without rich's padding at line ends.

    `crop=False` keeps lines wider than the terminal whole (web addresses, to copy).
    """
    from mlops_maturity.cli.common import quiet

    if quiet():
        return  # -q: a view for people is not an error nor a gate's result
    console = stdout_console()
    if console.is_terminal:
        console.print(renderable, crop=crop)
        return
    with console.capture() as captured:
        console.print(renderable, crop=crop)
    text = "\n".join(line.rstrip() for line in captured.get().split("\n"))
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        console.on_broken_pipe()


def stdout_console() -> Console:
    """For results. rich honours NO_COLOR and falls back to 80 columns when piped."""
    return _ResultConsole(highlight=False, soft_wrap=False)
