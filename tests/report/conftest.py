"""Helpers for the markdown report's tests: golden files, and reading markdown as GitHub would."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from mlops_maturity import __version__

GOLDEN = Path(__file__).parent / "golden"
REGENERATE_ENV = "MLOPS_MATURITY_REGENERATE_GOLDEN"


def check_golden(name: str, text: str) -> None:
    """Compare `text` with `golden/<name>` exactly; with MLOPS_MATURITY_REGENERATE_GOLDEN=1, rewrite it.

    The tool's version is replaced by `VERSION`, so that a release does not change every file.
    """
    stable = text.replace(f"mlops-maturity {__version__}", "mlops-maturity VERSION")
    path = GOLDEN / name
    if os.environ.get(REGENERATE_ENV) == "1":
        path.write_text(stable, encoding="utf-8", newline="\n")
        return
    assert path.is_file(), f"{path} is missing; create it with {REGENERATE_ENV}=1 and review it"
    expected = path.read_text(encoding="utf-8")
    assert stable == expected, f"{name} differs from its golden file; if intended, rerun with {REGENERATE_ENV}=1"


def _reader() -> MarkdownIt:
    reader = MarkdownIt("commonmark").enable("table")
    # NOTE: markdown-it drops `javascript:` links by itself; keep them, so that tests see
    # what the report asks for, not what one renderer forgives.
    reader.validateLink = lambda url: True  # type: ignore[method-assign]
    return reader


def parse(markdown: str) -> list[Token]:
    """Block tokens, as CommonMark with GitHub's tables reads them."""
    return _reader().parse(markdown)


def inline_tokens(tokens: list[Token]) -> list[Token]:
    """Every token, with inline children flattened in."""
    flat: list[Token] = []
    for token in tokens:
        flat.append(token)
        flat.extend(token.children or [])
    return flat


def text_of(inline: Token) -> str:
    """What a reader sees of an inline token: its text, without markup."""
    return "".join(child.content for child in inline.children or [] if child.type in ("text", "code_inline"))


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    """Cell texts per body row."""
    cell_counts: list[int]
    """`th`/`td` tokens per row, header first."""
    source_cell_counts: list[int]
    """Cells per row in the source line, split where GFM splits (at `|` without a backslash)."""


_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")


def _source_cells(line: str) -> int:
    return len(_CELL_SEPARATOR.split(line.strip().removeprefix("|").removesuffix("|")))


def tables(markdown: str) -> list[Table]:
    """Every table, as a GFM reader sees it.

    NOTE: a GFM parser pads or cuts every body row to the header's width, so counting `td`
    tokens alone never finds a broken row; the cells of each row's source line are counted too.
    """
    tokens = parse(markdown)
    lines = markdown.splitlines()
    found: list[Table] = []
    current: Table | None = None
    row: list[str] = []
    in_head = False
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            current = Table(header=[], rows=[], cell_counts=[], source_cell_counts=[])
        elif token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open" and current is not None:
            row = []
            assert token.map is not None
            current.source_cell_counts.append(_source_cells(lines[token.map[0]]))
        elif token.type in ("th_open", "td_open"):
            row.append(text_of(tokens[index + 1]))
        elif token.type == "tr_close" and current is not None:
            current.cell_counts.append(len(row))
            if in_head:
                current.header = row
            else:
                current.rows.append(row)
        elif token.type == "table_close" and current is not None:
            found.append(current)
            current = None
    return found


def headings(tokens: list[Token]) -> list[tuple[str, str]]:
    """(tag, text) of every heading, in order."""
    return [
        (token.tag, text_of(tokens[index + 1])) for index, token in enumerate(tokens) if token.type == "heading_open"
    ]


def assert_tables_well_formed(markdown: str) -> None:
    """Every row of every table has as many cells as its header, in the tokens and in the source."""
    found = tables(markdown)
    assert found, "no table found"
    for table in found:
        width = len(table.header)
        assert table.cell_counts == [width] * len(table.cell_counts), (table.header, table.cell_counts)
        assert table.source_cell_counts == [width] * len(table.source_cell_counts), (
            table.header,
            table.source_cell_counts,
        )


def link_targets(markdown: str) -> list[str]:
    return [str(token.attrs["href"]) for token in inline_tokens(parse(markdown)) if token.type == "link_open"]


def raw_html(markdown: str) -> list[str]:
    """The raw HTML a renderer would pass through (GitHub then sanitizes what it can)."""
    return [token.content for token in inline_tokens(parse(markdown)) if token.type in ("html_inline", "html_block")]
