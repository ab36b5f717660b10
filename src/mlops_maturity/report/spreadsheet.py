"""CSV for spreadsheets and auditors: one row per team and model, the same columns for
`score` and `portfolio`.

Written by Python's `csv` module (RFC 4180 quoting). Text from answers files is untrusted:
a cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab
or a carriage return) is written with a leading apostrophe, as OWASP advises, and control
characters are shown, never written raw.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
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
    "labels",
    "date",
    "model",
    "level",
    "native_level",
    "strict_level",
    "answers_file",
)
"""`level` and `strict_level` in this tool's numbering; `native_level` in the source's own
(Microsoft's 0-4)."""
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else printable(str(value))
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _labels(labels: Mapping[str, str]) -> str:
    return "; ".join(f"{key}={value}" for key, value in labels.items())


def _table(rows: Iterable[tuple[object, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(tuple(_cell(value) for value in row) for row in rows)
    return out.getvalue()


def _row(
    team: str,
    entity: str | None,
    owner: str | None,
    labels: Mapping[str, str],
    date: datetime.date,
    levels: tuple[str, int, int, int],
    answers_file: str | None,
) -> tuple[object, ...]:
    return (team, entity, owner, _labels(labels), date.isoformat(), *levels, answers_file)


def render_assessments_csv(assessments: Iterable[Assessment]) -> str:
    """`score --format csv`: each scored file's models, one row each."""
    return _table(
        _row(
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
    )


def render_portfolio_csv(result: Portfolio) -> str:
    """`portfolio --format csv`: each team counted (its newest assessment), one row per model."""
    return _table(
        _row(
            team.team,
            team.entity,
            team.owner,
            team.labels,
            team.date,
            (model_id, standing.level, standing.native_level, standing.strict_level),
            team.answers_file,
        )
        for team in result.teams
        for model_id, standing in team.models.items()
    )
