"""The HTML report: one self-contained file with SVG charts, for a lead who would rather look than read.

No script, no web font, no resource from anywhere: the styles are inline and the charts are
SVG made by `report.charts`, so the file opens from disk or from a CI artifact as it is.
The shipped template runs in the same bounded sandbox as the markdown ones, with autoescape
on; every value printed is also made printable (no control or bidi characters), and only
http(s) addresses become links.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup, escape

from mlops_maturity.answers.provenance import SCAN_EVIDENCE_PREFIX, SCAN_SOURCE, Origin, is_scan_evidence, origin_of
from mlops_maturity.engine.scope import scope_reason
from mlops_maturity.messages import _, translations
from mlops_maturity.report import charts
from mlops_maturity.report.diff import diff_data, movement
from mlops_maturity.report.json import assessment_data
from mlops_maturity.report.markdown import question_texts, unlocks_by_level
from mlops_maturity.report.template_sandbox import BoundedSandbox
from mlops_maturity.report.wording import level_label
from mlops_maturity.safe_text import one_line

if TYPE_CHECKING:
    from mlops_maturity.engine.assessment import Assessment
    from mlops_maturity.engine.diff import AssessmentDiff
    from mlops_maturity.engine.history import History

HTML_TEMPLATE = "report.html.j2"

_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\x00-\x1f\x7f]+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """The team's levels at one moment."""

    date: str
    """YYYY-MM-DD."""
    label: str
    """What the point is: a commit's short hash, `previous` or `this report`."""
    levels: dict[str, int]
    """Model id -> level, as this tool numbers it."""


@dataclass(frozen=True, slots=True)
class Trend:
    """The levels over time, oldest first, and where they come from (said under the chart)."""

    source: str
    points: list[TrendPoint]


def trend_from_history(history: History, current: Assessment, *, current_is_committed: bool) -> Trend | None:
    """The readable versions in git, then this report's answers when they are not committed yet.

    None when there is no earlier version to compare with.
    """
    points = [
        TrendPoint(date=entry.assessed, label=entry.commit[:8], levels=dict(entry.levels))
        if not (current_is_committed and entry.commit == history.newest_commit)
        # The file as committed now is this report: its point says so, at its place in time.
        else TrendPoint(date=entry.assessed, label=this_report(entry.commit[:8]), levels=_levels(current))
        for entry in history.entries
        if entry.error is None
    ]
    if not (current_is_committed and any(point.label == this_report(point.label[:8]) for point in points)):
        points.append(_point_of(current, _("this report")))
    if len(points) < 2:
        return None
    return Trend(source=_("the git history of {file}").format(file=history.answers_file), points=points)


def this_report(commit: str) -> str:
    """The point of a trend that is this report's answers, as committed."""
    return _("{commit} (this report)").format(commit=commit)


def trend_from_previous(before: Assessment, current: Assessment, previous_name: str) -> Trend:
    """Two points: the assessment given with `--previous`, and this one."""
    return Trend(
        source=_("the previous assessment, {file}").format(file=previous_name),
        points=[_point_of(before, _("previous")), _point_of(current, _("this report"))],
    )


def _levels(assessment: Assessment) -> dict[str, int]:
    return {model_id: model.level for model_id, model in assessment.models.items()}


def _point_of(assessment: Assessment, label: str) -> TrendPoint:
    return TrendPoint(date=assessment.date.isoformat(), label=label, levels=_levels(assessment))


def html_link(value: Any, title: Any = None) -> Markup:
    """A link to an http(s) address, shown as `title` (default: the address); anything else as text."""
    address = one_line("" if value is None else str(value)).strip()
    shown = escape(one_line(str(address if title is None else title)))
    if _SAFE_URL.match(address):
        return Markup('<a href="{}" rel="noopener noreferrer">{}</a>').format(address, shown)
    return shown


def evidence_item(value: Any) -> Markup:
    """One piece of evidence: scan findings marked as such and shown as text; people's as links where they can be."""
    text = one_line("" if value is None else str(value))
    if is_scan_evidence(text):
        return Markup('<span class="tag">{}</span> {}').format(_("scan"), text.removeprefix(SCAN_EVIDENCE_PREFIX))
    return html_link(text)


def _given_by(origin: Origin) -> str:
    return {Origin.person: _("person"), Origin.scan: _("scan"), Origin.both: _("person and scan")}[origin]


def provenance(answer: dict[str, Any]) -> str:
    """Who gave the answer: a person, the repository scan, or a person with the scan's evidence.

    An unanswered question still shows who left something on it: the scan's note of inactive
    evidence, or a person's note.
    """
    evidence = [str(item) for item in answer.get("evidence") or ()]
    found = origin_of(answer.get("answer"), answer.get("source"), evidence)
    if found is not None:
        return _given_by(found)
    if answer.get("source") == SCAN_SOURCE:
        return _("scan")
    if any(is_scan_evidence(item) for item in evidence):
        return _("person and scan")
    return _("person") if answer.get("note") else "–"


def _printable_value(value: Any) -> Any:
    """Every `{{ value }}`: text without control or bidi characters, on one line; markup we made passes as it is.

    HTML shows a line break in text as a space anyway; on one line, no value can start a
    line of the page's source, which a CI log would read for commands if it were printed there.
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        return one_line(value)
    return value


def _environment() -> BoundedSandbox:
    return BoundedSandbox(
        filters={
            "link": html_link,
            "evidence": evidence_item,
            "by_level": unlocks_by_level,
            "question_texts": question_texts,
            "scope_reason": scope_reason,
        },
        loader=jinja2.PackageLoader("mlops_maturity", "report/templates"),
        autoescape=True,
        finalize=_printable_value,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _rungs(model: dict[str, Any]) -> list[charts.Rung]:
    rungs = []
    for level in model["levels"]:
        if level["reached"]:
            state = charts.RungState.reached
        elif level["number"] == model["level"] + 1:
            state = charts.RungState.next
        else:
            state = charts.RungState.above
        rungs.append(
            charts.Rung(
                label=level["label"],
                short_label=_("Level {number}: {name}").format(number=level["number"], name=level["name"]),
                state=state,
                holds=level["holds"],
                met=level["met"],
                total=level["total"],
                team_is_here=level["number"] == model["level"],
            )
        )
    return rungs


def _model_view(index: int, model: dict[str, Any]) -> dict[str, Any]:
    rungs = _rungs(model)
    title = _("{model} maturity ladder: the team is at {level}").format(model=model["model_name"], level=model["label"])
    return {
        "model": model,
        "rungs": rungs,
        "ladder": Markup(charts.ladder_svg(f"ladder-chart-{index}", title, rungs)),
    }


def _trend_view(trend: Trend | None, data: dict[str, Any]) -> dict[str, Any] | None:
    if trend is None:
        return None
    models = data["models"]
    series = [
        charts.Series(
            name=model["model_name"],
            lowest=min(level["number"] for level in model["levels"]),
            highest=max(level["number"] for level in model["levels"]),
            levels=[point.levels.get(model_id) for point in trend.points],
        )
        for model_id, model in models.items()
    ]
    dates = [point.date for point in trend.points]
    title = _("Levels over time, from {source}").format(source=trend.source)
    return {
        "source": trend.source,
        "points": trend.points,
        "drawn": min(len(trend.points), charts.MAX_TREND_POINTS),
        "models": models,
        "chart": Markup(charts.trend_svg("trend-chart", title, dates, series)),
    }


def _change_view(change: AssessmentDiff | None) -> dict[str, Any] | None:
    if change is None:
        return None
    data = diff_data(change)
    for model, entry in zip(change.models, data["models"], strict=True):
        entry["movement"] = movement(model)
    data["unchanged"] = change.unchanged
    return data


def template_context(
    assessment: Assessment,
    change: AssessmentDiff | None = None,
    trend: Trend | None = None,
    translated_quotes: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """What the HTML template sees: the JSON result as `assessment`, the charts made from it,
    and the sources' quotes' translations (criterion id -> text)."""
    data = assessment_data(assessment, label=level_label)
    axes = [charts.Axis(name=dimension["name"], percent=dimension["percent"]) for dimension in data["profile"]]
    answers = [{**answer, "provenance": provenance(answer)} for answer in data["answers"]]
    return {
        "assessment": data,
        "translated_quotes": dict(translated_quotes or {}),
        "models": [_model_view(index, model) for index, model in enumerate(data["models"].values(), start=1)],
        "profile_chart": Markup(
            charts.profile_svg("profile-chart", _("Capability profile: share of the best answers per dimension"), axes)
        )
        if axes
        else None,
        "answers": answers,
        "trend": _trend_view(trend, data),
        "change": _change_view(change),
        # The catalogue's own language (its `Language` header); English has none.
        "language": translations().info().get("language", "en"),
        "palette": {
            "ink": charts.INK,
            "muted": charts.MUTED,
            "accent": charts.ACCENT,
            "accent_light": charts.ACCENT_LIGHT,
            "grid": charts.GRID,
            "paper": charts.PAPER,
        },
    }


def render_html(
    assessment: Assessment,
    change: AssessmentDiff | None = None,
    trend: Trend | None = None,
    translated_quotes: Mapping[str, str] | None = None,
) -> str:
    """The whole report as one HTML document; `change` adds "Since the last assessment", `trend` a
    trend chart, `translated_quotes` each quote's translation beside it."""
    environment = _environment()
    template = environment.get_template(HTML_TEMPLATE)
    return environment.render_bounded(template, template_context(assessment, change, trend, translated_quotes))
