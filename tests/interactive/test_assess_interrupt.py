"""Ctrl-C saves and exits 130 even when `assess` was started with Ctrl-C ignored.

A process started by a parent that ignores SIGINT (some job runners, a test runner's
workers) inherits that, and Python then raises no KeyboardInterrupt: without taking Ctrl-C
back, the questionnaire would ignore it and wait for input.
"""

from __future__ import annotations

import signal
from pathlib import Path

import yaml

from .test_assess_pty import Assess


def test_ctrl_c_saves_and_exits_130_when_started_with_ctrl_c_ignored(tmp_path: Path) -> None:
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        run = Assess(tmp_path, "answers.yaml", "--team", "T")  # the child inherits SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        run.screen(1)
        run.type("4")
        run.screen(2)
        run.child.sendintr()
        assert run.finish() == 130
    finally:
        run.close()
    saved = yaml.safe_load((tmp_path / "answers.yaml").read_text(encoding="utf-8"))
    assert saved["answers"]["code_vc"]["answer"] == "fully"
    assert "Interrupted" in run.shown
