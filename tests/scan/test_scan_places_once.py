"""`scan --format text` and `markdown`: a place (file:line) is cited once per practice, however many
detectors matched it."""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it import MarkdownIt

from tests.conftest import CliRun
from tests.scan.conftest import build, lines

# Line 5 is matched twice: the workflow both builds or tests the code and runs the tests.
WORKFLOW = lines("on: [push, pull_request]", "jobs:", "  test:", "    steps:", "      - run: pytest")
PLACE = re.compile(r"\S+:\d+")


def _repo(tmp_path: Path) -> Path:
    return build(
        tmp_path / "repo",
        {".github/workflows/ci.yml": WORKFLOW, "tests/test_train.py": "def test_train():\n    assert True\n"},
    )


def test_the_text_table_and_the_proposals_cite_each_place_once(cli: CliRun, tmp_path: Path) -> None:
    done = cli("scan", _repo(tmp_path), "--format", "text")
    assert done.returncode == 0, done.stderr
    table, _, rest = done.stdout.partition("\nProposed answers (source: scan):\n")
    # The table follows the levels' sentences: its header is the line that starts "Practice".
    table_lines = table.splitlines()
    first = next(number for number, line in enumerate(table_lines) if line.startswith("Practice"))
    header = table_lines[first]
    where_at, how_at = header.index("Where"), header.index("How")
    rows: list[list[str]] = []  # each practice's places, its continuation lines included
    for line in table_lines[first + 2 :]:
        if not line.strip():
            continue
        if line[:how_at].strip():
            rows.append([])
        rows[-1] += PLACE.findall(line[where_at:])
    ci_row = next(places for places in rows if ".github/workflows/ci.yml:5" in places)
    assert sorted(ci_row) == [".github/workflows/ci.yml:2", ".github/workflows/ci.yml:5"]
    assert all(len(places) == len(set(places)) for places in rows), rows
    proposals: list[list[str]] = []
    for line in rest.split("\n\n")[0].splitlines():
        if not line.startswith("    "):
            proposals.append([])
        else:
            proposals[-1].append(line.split()[0])
    assert proposals and all(len(places) == len(set(places)) for places in proposals), proposals


def test_the_markdown_table_cites_each_place_once(cli: CliRun, tmp_path: Path) -> None:
    done = cli("scan", _repo(tmp_path), "--format", "markdown")
    assert done.returncode == 0, done.stderr
    tokens = MarkdownIt("commonmark").enable("table").parse(done.stdout)
    cells = [tokens[index + 1] for index, token in enumerate(tokens) if token.type == "td_open"]
    where = [cells[index] for index in range(3, len(cells), 4)]  # the fourth of each row's four cells
    places = [[child.content for child in cell.children or [] if child.type == "text"] for cell in where]
    assert [".github/workflows/ci.yml:2", ".github/workflows/ci.yml:5"] in [sorted(cell) for cell in places]
    assert all(len(cell) == len(set(cell)) for cell in places), places
