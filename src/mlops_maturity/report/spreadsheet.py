"""CSV for spreadsheets and auditors: one row per team and model, the same columns for
`score` and `portfolio` (a column per label key, so a label never needs splitting).

Written by Python's `csv` module (RFC 4180 quoting). Text from answers files is untrusted:
a cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab
or a carriage return) is written with a leading apostrophe, as OWASP advises, and control
characters are shown, never written raw.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mlops_maturity.safe_text import printable

if TYPE_CHECKING:
    import datetime

    from mlops_maturity.engine.assessment import Assessment
    from mlops_maturity.engine.portfolio import Portfolio

COLUMNS = (
    "team",
    "entity",
    "owner",
    "date",
    "model",
    "level",
    "native_level",
    "strict_level",
    "answers_file",
)
"""`level` and `strict_level` in this tool's numbering; `native_level` in the source's own
(Microsoft's 0-4). Then one `label:KEY` column per label key any team has, in key order,
and `group` when the portfolio is grouped."""
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else printable(str(value))
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


@dataclass(frozen=True, slots=True)
class _Row:
    team: str
    entity: str | None
    owner: str | None
    labels: Mapping[str, str]
    date: datetime.date
    levels: tuple[str, int, int, int]
    answers_file: str | None
    group: str | None = None


def _table(rows: list[_Row], *, grouped: bool) -> str:
    keys = sorted({key for row in rows for key in row.labels})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *(f"label:{key}" for key in keys), *(["group"] if grouped else [])])
    for row in rows:
        cells = [row.team, row.entity, row.owner, row.date.isoformat(), *row.levels, row.answers_file]
        cells += [row.labels.get(key) for key in keys]
        cells += [row.group] if grouped else []
        writer.writerow([_cell(value) for value in cells])
    return out.getvalue()


def render_assessments_csv(assessments: Iterable[Assessment]) -> str:
    """`score --format csv`: each scored file's models, one row each."""
    rows = [
        _Row(
            assessment.team,
            assessment.entity,
            assessment.owner,
            assessment.labels,
            assessment.date,
            (model_id, model.level, model.native_level, model.strict.number),
            assessment.answers_file,
        )
        for assessment in assessments
        for model_id, model in assessment.models.items()
    ]
    return _table(rows, grouped=False)


def render_portfolio_csv(result: Portfolio) -> str:
    """`portfolio --format csv`: each team counted (its newest assessment), one row per model,
    with its group when the portfolio is grouped."""
    from mlops_maturity.engine.portfolio_groups import group_name

    group_by = result.group_by
    rows = [
        _Row(
            team.team,
            team.entity,
            team.owner,
            team.labels,
            team.date,
            (model_id, standing.level, standing.native_level, standing.strict_level),
            team.answers_file,
            group_name(team, group_by) if group_by else None,
        )
        for team in result.teams
        for model_id, standing in team.models.items()
    ]
    return _table(rows, grouped=group_by is not None)
