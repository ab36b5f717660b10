"""What a person types beside an answer survives as typed: a note before n/a, an estimate on
going back, evidence links that hold commas.

Typing is tested in a real pseudo-terminal (the helpers of `test_assess_pty.py`); the
evidence rule itself with plain calls.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlops_maturity.interactive.replies import split_evidence


def saved_answer(path: Path, question_id: str) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    answer = data["answers"][question_id]
    assert isinstance(answer, dict), answer
    return answer


# ── The evidence rule: spaces separate, a comma inside a link is kept ────────


@pytest.mark.parametrize(
    ("typed", "links"),
    [
        ("https://example.com/a,b?x=1,2", ("https://example.com/a,b?x=1,2",)),
        ("https://example.com/a,b?x=1,2 docs/ci.md", ("https://example.com/a,b?x=1,2", "docs/ci.md")),
        ("docs/a.md, docs/b.md", ("docs/a.md", "docs/b.md")),
        ("docs/a.md , docs/b.md,", ("docs/a.md", "docs/b.md")),
        ("  docs/a.md   docs/b.md  ", ("docs/a.md", "docs/b.md")),
        ("docs/a.md,docs/b.md", ("docs/a.md,docs/b.md",)),
        (" , ,, ", ()),
        ("", ()),
    ],
)
def test_evidence_is_split_on_spaces_and_commas_inside_a_link_stay(typed: str, links: tuple[str, ...]) -> None:
    assert split_evidence(typed) == links


# ── In a real terminal ───────────────────────────────────────────────────────

if sys.platform != "win32":
    from .test_assess_pty import Assess, assess

    def _answer_up_to_feature_store(run: Assess) -> None:
        """Questions 1 to 3 answered; question 4 (feature_store, n/a allowed) waiting."""
        for number in (1, 2, 3):
            run.screen(number)
            run.type("4")
        run.screen(4)

    @pytest.mark.parametrize(
        ("typed_reason", "saved_reason"),
        [("", "Images only."), ("We buy our features.", "We buy our features.")],
    )
    def test_pty_a_note_typed_before_n_a_is_offered_as_its_reason(
        tmp_path: Path, typed_reason: str, saved_reason: str
    ) -> None:
        with assess(tmp_path, "answers.yaml", "--team", "T") as run:
            _answer_up_to_feature_store(run)
            run.type("+")
            run.expect("Note (one line")
            run.type("Images only.")
            run.expect("Evidence (Enter for none): ")
            run.type("docs/features.md")
            run.screen(4)
            run.type("n/a")
            run.expect("Why does this not apply? (one line) [Enter uses your note: Images only.]: ")
            run.type(typed_reason)
            run.screen(5)
            run.type("q")
            assert run.finish() == 0
        assert saved_answer(tmp_path / "answers.yaml", "feature_store") == {
            "answer": "n/a",
            "note": saved_reason,
            "evidence": ["docs/features.md"],
            "source": "assess",
        }

    def test_pty_back_to_an_estimate_shows_it_and_enter_keeps_it_an_estimate(tmp_path: Path) -> None:
        path = tmp_path / "answers.yaml"
        with assess(tmp_path, "answers.yaml", "--team", "T") as run:
            run.screen(1)
            run.type("3?")
            run.screen(2)
            run.type("b")
            run.expect("question 1 of 5")
            run.expect("Answer [Enter keeps mostly (estimate)]: ")
            assert "Current answer: Mostly (estimate)" in run.on_screen
            run.type("")
            run.screen(2)
            assert "Recorded for question 1: Mostly (an estimate" in run.on_screen
            assert saved_answer(path, "code_vc") == {"answer": "mostly", "estimate": True, "source": "assess"}
            # The same answer typed without `?` confirms it: no longer an estimate, and shown so.
            run.type("b")
            run.screen(1)
            run.type("3")
            run.screen(2)
            run.type("b")
            run.expect("Answer [Enter keeps mostly]: ")
            assert "Current answer: Mostly\n" in run.on_screen
            run.type("q")
            assert run.finish() == 0
        assert saved_answer(path, "code_vc") == {"answer": "mostly", "source": "assess"}

    def test_pty_an_answer_typed_with_an_exclamation_mark_records_an_incident(tmp_path: Path) -> None:
        path = tmp_path / "answers.yaml"
        with assess(tmp_path, "answers.yaml", "--team", "T") as run:
            run.screen(1)
            assert "caused an incident? add !" in run.on_screen
            run.type("1!")
            run.screen(2)
            said = " ".join(run.on_screen.split())
            assert "Recorded for question 1: No Marked: this gap caused an incident." in said
            assert saved_answer(path, "code_vc") == {"answer": "no", "incident": True, "source": "assess"}
            # Both marks, in either order.
            run.type("1?!")
            run.screen(3)
            assert saved_answer(path, "tracking") == {
                "answer": "no",
                "estimate": True,
                "incident": True,
                "source": "assess",
            }
            # Going back shows the mark, and Enter keeps it.
            run.type("b")
            run.expect("Answer [Enter keeps no (estimate) (caused an incident)]: ")
            assert "Current answer: No (estimate) (caused an incident)" in run.on_screen
            run.type("")
            run.screen(3)
            assert saved_answer(path, "tracking")["incident"] is True
            # n/a and the top answer leave no gap to have caused an incident: refused, and
            # nothing is saved for the question.
            run.type("4")
            run.screen(4)
            run.type("n/a!")
            run.expect("Not applicable leaves no step in the plan to close")
            run.type("4!")
            run.expect("Fully leaves no step in the plan to close")
            # A key with a mark is no answer, and is not acted on.
            run.type("s!")
            run.expect("`?` and `!` go after an answer.")
            run.type("q")
            assert run.finish() == 0
        saved = yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]
        assert saved.get("feature_store") in (None, {"answer": None}) or not saved["feature_store"].get("incident")
        assert saved["pipeline"] == "fully" or "incident" not in saved["pipeline"]

    def test_pty_an_evidence_link_with_commas_stays_one_link(tmp_path: Path) -> None:
        with assess(tmp_path, "answers.yaml", "--team", "T") as run:
            run.screen(1)
            run.type("+")
            run.expect("Note (one line")
            run.type("")
            # The rule is said where the links are typed.
            run.expect("Evidence links or paths, separated by spaces (a comma inside a link is kept).")
            run.expect("Evidence (Enter for none): ")
            run.type("https://example.com/a,b?x=1,2, docs/vc.md")
            run.screen(1)
            assert "Evidence: https://example.com/a,b?x=1,2, docs/vc.md" in run.on_screen
            run.type("4")
            run.screen(2)
            run.type("q")
            assert run.finish() == 0
        assert saved_answer(tmp_path / "answers.yaml", "code_vc")["evidence"] == [
            "https://example.com/a,b?x=1,2",
            "docs/vc.md",
        ]
