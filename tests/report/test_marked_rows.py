"""The blocking gaps' rows: the fast renderer shows exactly what the rich table would."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console, RenderableType
from rich.padding import Padding
from rich.text import Text

from mlops_maturity.report.marked_rows import MarkedRows

MARKS = [("✓", "green"), ("–", "dim"), ("✗", "red"), ("?", "yellow")]
WORDS = st.text(alphabet="abcdefghij KLMNOP-./()😀界\t", min_size=0, max_size=40)


def _shown(renderable: RenderableType, width: int, *, colour: bool) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=colour, color_system="truecolor" if colour else None)
    console.print(Padding(renderable, (0, 0, 0, 1)))
    return out.getvalue()


def _rows(specs: list[tuple[int, str, bool, str]]) -> MarkedRows:
    rows = []
    for mark_index, title, unanswered, gap in specs:
        mark, style = MARKS[mark_index]
        body = Text(title, style="bold")
        if unanswered:
            body.append(" (unanswered)", style="yellow")
        body.append(f"\n{gap}")
        rows.append((Text(mark, style=style), body))
    return MarkedRows(rows)


@settings(max_examples=150, deadline=None)
@given(
    specs=st.lists(st.tuples(st.integers(0, 3), WORDS, st.booleans(), WORDS), min_size=0, max_size=6),
    width=st.integers(1, 100),
    colour=st.booleans(),
)
def test_the_rows_show_as_the_table_shows_them(
    specs: list[tuple[int, str, bool, str]], width: int, colour: bool
) -> None:
    rows = _rows(specs)
    assert _shown(rows, width, colour=colour) == _shown(rows.table(), width, colour=colour)


def test_long_words_and_narrow_terminals_wrap_like_the_table() -> None:
    rows = _rows([(2, "x" * 90, True, "a gap " * 30), (0, "short", False, "")])
    for width in (3, 4, 10, 40, 80, 200):
        for colour in (False, True):
            assert _shown(rows, width, colour=colour) == _shown(rows.table(), width, colour=colour)


def test_the_rows_measure_like_the_table() -> None:
    from rich.table import Table

    rows = _rows([(1, "title", False, "the gap, in words")])
    outer = Table.grid()
    outer.add_row(rows)
    same = Table.grid()
    same.add_row(rows.table())
    assert _shown(outer, 30, colour=False) == _shown(same, 30, colour=False)
