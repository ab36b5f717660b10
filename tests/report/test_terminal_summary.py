"""The text summary of `score` stays a summary: a custom questionnaire's many gaps go to the report."""

from __future__ import annotations

from pathlib import Path

from ..conftest import CliRun

GAPS = 25


def _many_criteria(folder: Path) -> Path:
    """A questionnaire whose level 1 has GAPS criteria, one question each."""
    folder.mkdir()
    done_when = ", ".join(f"q{i}: mostly" for i in range(GAPS))
    questions = "".join(f"  - {{id: q{i}, dimension: d, text: 'Question {i}?', help: 'Help.'}}\n" for i in range(GAPS))
    (folder / "questions.yaml").write_text(
        'version: "many-1"\ntitle: Many\nscale:\n'
        '  - {value: "no", label: "No", meaning: "No."}\n  - {value: mostly, label: Mostly, meaning: "Mostly."}\n'
        "not_applicable: {meaning: Does not apply.}\n"
        "dimensions:\n  - {id: d, name: D, description: The one dimension.}\n"
        f"questions:\n{questions}"
        f"steps:\n  - {{id: s, action: Do it., tools: a tool, done_when: {{{done_when}}}}}\n",
        encoding="utf-8",
    )
    criteria = "".join(
        f"    - {{id: c{i}, title: Criterion {i}, requires: {{q{i}: mostly}}, gap: Gap {i}., next_steps: [s],"
        " source: {section: S, item: I}}\n"
        for i in range(GAPS)
    )
    (folder / "many.yaml").write_text(
        "id: many\nname: Many\nsource: {title: Many, publisher: Us, url: 'https://example.com', version: '1'}\n"
        "levels:\n  - {number: 0, name: Base, summary: Everyone., source: {section: L0, item: l0}}\n"
        "  - number: 1\n    name: One\n    summary: All.\n    source: {section: L1, item: l1}\n"
        f"    criteria:\n{criteria}",
        encoding="utf-8",
    )
    return folder


def test_the_summary_lists_twenty_gaps_and_sends_the_rest_to_the_report(cli: CliRun, tmp_path: Path) -> None:
    folder = _many_criteria(tmp_path / "many")
    answers = tmp_path / "answers.yaml"
    answers.write_text('questionnaire_version: "many-1"\nteam: T\ndate: 2026-11-01\nanswers:\n  q0: "no"\n')
    result = cli("score", answers, "--questionnaires", folder)
    assert result.returncode == 0, result.stderr
    shown = [line for line in result.stdout.splitlines() if " Criterion " in line]
    assert len(shown) == 20
    assert "… and 5 more blocking gaps in the report (mlops-maturity report)." in result.stdout
    report = cli("report", answers, "--questionnaires", folder).stdout
    assert all(f"Criterion {i}" in report for i in range(GAPS))
