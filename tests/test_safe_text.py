"""Untrusted text on one line, and never a command to a CI runner."""

from __future__ import annotations

import pytest

from mlops_maturity.safe_text import log_safe, one_line


@pytest.mark.parametrize("line_break", ["\n", "\r", "\r\n", "\v", "\f", "\x1c", "\x85", "\u2028", "\u2029"])
def test_every_line_break_becomes_one_space(line_break: str) -> None:
    assert one_line(f"Team{line_break}::error::x") == "Team ::error::x"
    assert one_line(f"Team{line_break}::error::x").splitlines() == ["Team ::error::x"]


def test_one_line_also_removes_controls_and_bidi_overrides() -> None:
    assert one_line("\x1b[2Ja\tb\u202ec") == "[2Ja\tbc"


def test_no_command_survives_in_log_safe_text() -> None:
    text = log_safe("x\n::error::a ##[add-mask]b ##vso[task]c :::")
    assert "::" not in text and "##" not in text
    # Only invisible word joiners were added: the text reads the same.
    assert text.replace("\u2060", "") == "x ::error::a ##[add-mask]b ##vso[task]c :::"


def test_log_safe_leaves_ordinary_text_alone_and_is_idempotent() -> None:
    assert log_safe("Level 3 (Microsoft level 2): Automated Training") == (
        "Level 3 (Microsoft level 2): Automated Training"
    )
    assert log_safe(log_safe("a::b##c")) == log_safe("a::b##c")
