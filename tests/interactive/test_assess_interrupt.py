"""Interruptions at the edges of a session: Ctrl-C ignored by the parent, a signal as it ends.

A process started by a parent that ignores SIGINT (some job runners, a test runner's
workers) inherits that, and Python then raises no KeyboardInterrupt: without taking Ctrl-C
back, the questionnaire would ignore it and wait for input.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from mlops_maturity.interactive import signals
from mlops_maturity.interactive.lock import lock_path, session_lock

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


def test_a_signal_landing_as_the_session_ends_still_removes_its_lock_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A signal can land after the last answer and before signals are held back for the release."""
    path = tmp_path / "answers.yaml"
    held_back = signals.signals_deferred
    calls = 0

    @contextlib.contextmanager
    def landing_on_release() -> Iterator[None]:
        nonlocal calls
        calls += 1
        if calls == 2:  # the first holds signals back for the lock, the second for its release
            raise signals.Stopped(signal.SIGHUP)
        with held_back():
            yield

    monkeypatch.setattr(signals, "signals_deferred", landing_on_release)
    with pytest.raises(signals.Stopped), session_lock(path):
        assert lock_path(path).exists()
    assert not lock_path(path).exists()
    with session_lock(path):  # and the file is free for the next session
        pass
