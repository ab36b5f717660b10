"""Rows of a one-cell mark and a wrapped text, as a two-column `Table.grid` shows them.

The blocking gaps are such rows, one per unmet criterion: a questionnaire of thousands of
criteria spent seconds in the table's per-cell measuring and padding. `MarkedRows` shows
exactly what `table()` shows (the same column widths, wrapping and styles, character for
character), working the widths out once and rendering each mark once.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Span, Text

_MARK_WIDTH = 2
"""The mark's cell and the one space of padding after it."""


class MarkedRows:
    """Rows of (mark, text); the marks are one cell wide (the status marks are)."""

    def __init__(self, rows: list[tuple[Text, Text]]) -> None:
        self.rows = rows

    def table(self) -> Table:
        """The same rows as a rich table: what this shows, and how it is measured."""
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()
        for mark, text in self.rows:
            grid.add_row(mark, text)
        return grid

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.table())

    def _plain_enough(self, width: int) -> bool:
        """Whether this shape is the one worked out below (else the table shows the rows)."""
        return (
            width > _MARK_WIDTH + 1
            and all(cell_len(mark.plain) == 1 and "\n" not in mark.plain for mark, _ in self.rows)
            and not any("\t" in text.plain for _, text in self.rows)
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        if not self.rows or not self._plain_enough(width):
            yield self.table()
            return
        # The table's widths: the marks' column, then the text's longest line, as far as it fits.
        longest = max((cell_len(line) for _, text in self.rows for line in text.plain.splitlines()), default=0)
        text_width = min(longest or 1, width - _MARK_WIDTH)
        style = console.get_style("none") + Style.null()  # the table's, the column's, the row's
        mark_options = options.update(width=_MARK_WIDTH, justify="left", no_wrap=True, overflow="ellipsis", height=None)
        text_options = options.update(width=text_width, justify="left", no_wrap=False, overflow="ellipsis", height=None)
        marks: dict[tuple[str, str], list[Segment]] = {}
        plain_text = all(
            text.justify is None and text.overflow is None and text.no_wrap is None for _, text in self.rows
        )
        new_line = Segment.line()
        for mark, text in self.rows:
            key = (mark.plain, str(mark.style))
            if key not in marks:
                marks[key] = console.render_lines(Padding(mark, (0, 1, 0, 0)), mark_options, style=style)[0]
            lines = self._lines(console, text, text_options) if plain_text else console.render_lines(text, text_options)
            mark_cell = Segment.set_shape(
                Segment.align_top([marks[key]], _MARK_WIDTH, len(lines), style), _MARK_WIDTH, len(lines)
            )
            for mark_line, line in zip(mark_cell, lines, strict=True):
                yield from mark_line
                yield from line
                yield new_line

    @staticmethod
    def _lines(console: Console, text: Text, options: ConsoleOptions) -> list[list[Segment]]:
        """What `console.render_lines(text, options)` gives, without its general machinery:
        the text wrapped to the width (each line padded to it), rendered line by line."""
        width = options.max_width
        lines = text.split("\n", allow_blank=True)
        if any(cell_len(line.plain) > width or "\t" in line.plain for line in lines):
            lines = text.wrap(console, width, justify="left", overflow="ellipsis", tab_size=text.tab_size or 8)
        else:  # what wrapping does to lines that fit: pads them
            for line in lines:
                line.truncate(width, overflow="ellipsis", pad=True)
        if any(line.cell_len != width for line in lines):
            return console.render_lines(text, options)  # an empty line: padded in the text's style
        rendered = []
        for line in lines:
            # NOTE: as when rich joins the lines it renders, the line's own style becomes its first span.
            if line.style:
                line.spans = [Span(0, len(line), line.style), *line.spans]
                line.style = ""
            rendered.append(list(line.render(console)))
        return rendered
