"""Every answers file the tool accepts renders: the template's bounds grow with its data.

Notes of 18,000 characters on every answer, or one of 340 KB, were refused ("template
refused: values() would build a value of over 1,000,000 characters") though the file was
well under the 1 MiB input limit.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ..conftest import EXAMPLES, CliRun


def _with_notes(tmp_path: Path, note_of: dict[str, str] | None, every: str | None) -> Path:
    data = yaml.safe_load((EXAMPLES / "fraud-platform.yaml").read_text(encoding="utf-8"))
    for question_id, given in list(data["answers"].items()):
        note = (note_of or {}).get(question_id, every)
        if note is not None:
            kept = given if isinstance(given, dict) else {"answer": given}
            data["answers"][question_id] = {**kept, "note": note}
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(data, width=1 << 30), encoding="utf-8")
    assert path.stat().st_size < 1 << 20
    return path


@pytest.mark.parametrize("output", ["report.md", "report.html"])
@pytest.mark.parametrize("case", ["long note on every answer", "one note of 340 KB"])
def test_a_report_of_long_notes_is_written_whole(cli: CliRun, tmp_path: Path, output: str, case: str) -> None:
    if case == "one note of 340 KB":
        first = next(iter(yaml.safe_load((EXAMPLES / "fraud-platform.yaml").read_text(encoding="utf-8"))["answers"]))
        marker = "one <long> & *note* " * 17_000
        path = _with_notes(tmp_path, {first: marker}, None)
    else:
        marker = "a long | note " * 1_300
        path = _with_notes(tmp_path, None, marker)
    result = cli("report", path, "-o", tmp_path / output)
    assert result.returncode == 0, result.stderr
    written = (tmp_path / output).read_text(encoding="utf-8")
    assert len(written) > len(marker)
