"""`assess` on a wide terminal: the text is set at a readable measure, not the terminal's full width."""

from __future__ import annotations

import shutil
from pathlib import Path

from mlops_maturity.interactive.screens import MEASURE

from ..conftest import MINI
from .test_assess_pty import Assess

LONG_HELP = (
    "Git counts, and so does any other version control system the whole team uses every day. "
    "Code kept only on a laptop, in a shared drive or attached to tickets does not count, nor does "
    "a notebook exported now and then: what production runs must be rebuilt from a commit. "
    "Configuration and pipeline definitions count as code here, and so do the scripts that build "
    "the training set, because a model cannot be rebuilt without them."
)


def test_a_220_column_terminal_sets_the_help_no_wider_than_the_measure(tmp_path: Path) -> None:
    questionnaires = tmp_path / "questionnaires"
    shutil.copytree(MINI, questionnaires)
    bank = questionnaires / "questions.yaml"
    bank.write_text(
        bank.read_text(encoding="utf-8").replace('help: "Git counts."', f'help: "{LONG_HELP}"'), encoding="utf-8"
    )
    run = Assess(tmp_path, "answers.yaml", "--team", "T", columns=220, questionnaires=questionnaires)
    try:
        run.screen(1)
        screen = run.on_screen
        run.type("q")
        assert run.finish() == 0
    finally:
        run.close()
    lines = [line.rstrip() for line in screen.splitlines()]
    first = next(index for index, line in enumerate(lines) if line.startswith("  Git counts"))
    help_lines = lines[first : lines.index("", first)]
    # The whole help is there, set on several lines, none of them longer than the measure.
    assert " ".join(line.strip() for line in help_lines) == LONG_HELP
    assert len(help_lines) > 1 and max(len(line) for line in help_lines) <= MEASURE, help_lines
    assert max(len(line) for line in lines) <= MEASURE, screen
