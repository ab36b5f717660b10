"""SVG charts for the HTML report: a level ladder, a capability radar and a trend, made by our code.

Pure functions: data in, SVG markup out, no script and no external resource. Every chart is
`role="img"` with a `<title>` and a `<desc>` named by `aria-labelledby`, every piece of text
in it is escaped (and made printable), and nothing is told by colour alone: states are
written out and drawn with different fills and outlines. The report shows each chart's
numbers in a table beside it, for screen readers and print.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from mlops_maturity.messages import _
from mlops_maturity.safe_text import printable

INK = "#1a1a1a"
"""Body text: 17:1 on white."""
MUTED = "#4d4d4d"
"""Secondary text: 8.5:1 on white."""
ACCENT = "#1f4e79"
"""Reached levels, the radar and trend lines; white text on it is 8.6:1."""
ACCENT_LIGHT = "#dce6f0"
"""The unfilled part of progress bars (black text on it is over 13:1)."""
GRID = "#767676"
"""Grid and outlines: 4.5:1 on white, over the 3:1 that graphics need."""
PAPER = "#ffffff"

TEXT_PAIRS: dict[str, tuple[str, str]] = {
    "text": (INK, PAPER),
    "secondary text": (MUTED, PAPER),
    "links and accents": (ACCENT, PAPER),
    "text on a reached level": (PAPER, ACCENT),
    "text on a progress bar": (INK, ACCENT_LIGHT),
    "grid labels": (GRID, PAPER),
}
"""Every text colour the report uses on the background it sits on (WCAG AA asks 4.5:1)."""

MAX_TREND_POINTS = 30
"""Versions a trend chart draws (the newest); its table lists them all."""

_FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"'


def _text(value: object) -> str:
    return html.escape(printable(str(value)), quote=True)


def _shortened(value: str, limit: int) -> str:
    value = " ".join(printable(value).split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _opening(chart_id: str, width: int, height: int, title: str, description: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" id="{_text(chart_id)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{_text(chart_id)}-title {_text(chart_id)}-desc" {_FONT}>'
        f'<title id="{_text(chart_id)}-title">{_text(title)}</title>'
        f'<desc id="{_text(chart_id)}-desc">{_text(description)}</desc>'
    )


class RungState(StrEnum):
    """Where a level stands for the team; each is drawn differently and written out."""

    reached = "reached"
    next = "next"
    above = "above"


@dataclass(frozen=True, slots=True)
class Rung:
    """One level of a ladder."""

    label: str
    """`Level 4 (Microsoft level 3): Automated Model Deployment`: in the chart's text alternative."""
    short_label: str
    """`Level 4: Automated Model Deployment`: drawn on the rung, where space is short."""
    state: RungState
    holds: bool
    met: int
    total: int
    team_is_here: bool = False

    @property
    def status(self) -> str:
        """The state in words: what a reader needs without the drawing."""
        if self.state is RungState.reached:
            return _("Reached") if self.total else _("Reached (the starting level)")
        if self.state is RungState.next:
            return _("Next: {met}/{total} criteria met ({percent}%)").format(
                met=self.met, total=self.total, percent=_percent(self.met, self.total)
            )
        if self.holds:
            return _("Holds ({total}/{total}), counts once lower levels hold").format(total=self.total)
        return _("Not reached: {met}/{total} criteria met").format(met=self.met, total=self.total)


def _percent(met: int, total: int) -> int:
    return (200 * met + total) // (2 * total) if total else 100


_LADDER_WIDTH = 390
_RUNG_HEIGHT = 48
_RUNG_GAP = 6
_RUNG_LEFT = 58


def ladder_svg(chart_id: str, title: str, rungs: Sequence[Rung]) -> str:
    """A ladder of levels, highest on top: reached levels solid, the next one outlined with its
    progress bar, higher ones dashed; an arrow marks the team's level."""
    height = len(rungs) * (_RUNG_HEIGHT + _RUNG_GAP) + _RUNG_GAP
    description = "; ".join(f"{rung.label}: {rung.status}" for rung in reversed(rungs))
    parts = [_opening(chart_id, _LADDER_WIDTH, height, title, description)]
    for index, rung in enumerate(reversed(rungs)):
        parts.append(_rung(rung, _RUNG_GAP + index * (_RUNG_HEIGHT + _RUNG_GAP)))
    parts.append("</svg>")
    return "".join(parts)


def _rung(rung: Rung, top: int) -> str:
    width = _LADDER_WIDTH - _RUNG_LEFT - 2
    reached = rung.state is RungState.reached
    outline = (
        f'fill="{ACCENT}" stroke="{ACCENT}"'
        if reached
        else f'fill="{PAPER}" stroke="{INK if rung.state is RungState.next else GRID}" stroke-width="1.5"'
        + ("" if rung.state is RungState.next else ' stroke-dasharray="6 4"')
    )
    ink = PAPER if reached else (INK if rung.state is RungState.next else MUTED)
    status = ("✓ " if reached else "") + rung.status
    parts = [
        f'<g class="rung rung-{rung.state.value}">',
        f'<rect x="{_RUNG_LEFT}" y="{top}" width="{width}" height="{_RUNG_HEIGHT}" rx="4" {outline}/>',
        f'<text x="{_RUNG_LEFT + 10}" y="{top + 19}" font-size="13" font-weight="600" fill="{ink}">'
        f"{_text(_shortened(rung.short_label, 44))}</text>",
    ]
    bar_width = 96
    if rung.state is RungState.next and rung.total:
        bar_left = _RUNG_LEFT + width - bar_width - 10
        filled = round(bar_width * rung.met / rung.total)
        parts.append(
            f'<rect x="{bar_left}" y="{top + 30}" width="{bar_width}" height="10" fill="{ACCENT_LIGHT}" '
            f'stroke="{GRID}"/><rect x="{bar_left}" y="{top + 30}" width="{filled}" height="10" fill="{ACCENT}"/>'
        )
    parts.append(
        f'<text x="{_RUNG_LEFT + 10}" y="{top + 38}" font-size="12" fill="{ink}">{_text(_shortened(status, 40))}</text>'
    )
    if rung.team_is_here:
        middle = top + _RUNG_HEIGHT // 2
        parts.append(
            f'<path d="M{_RUNG_LEFT - 12} {middle - 7} L{_RUNG_LEFT - 3} {middle} L{_RUNG_LEFT - 12} {middle + 7} Z" '
            f'fill="{INK}"/><text x="{_RUNG_LEFT - 16}" y="{middle + 4}" font-size="12" font-weight="600" '
            f'text-anchor="end" fill="{INK}">{_text(_("Team"))}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Axis:
    """One dimension of the capability profile."""

    name: str
    percent: int | None
    """0-100; None when every question of the dimension was n/a."""

    @property
    def shown(self) -> str:
        return _("n/a") if self.percent is None else f"{self.percent}%"


_RADAR_WIDTH = 480
_RADAR_HEIGHT = 380
_RADIUS = 115


def profile_svg(chart_id: str, title: str, axes: Sequence[Axis]) -> str:
    """A radar of the dimensions' scores (bars when there are fewer than three dimensions)."""
    description = "; ".join(f"{axis.name}: {axis.shown}" for axis in axes)
    if len(axes) < 3:
        return _bars(chart_id, title, description, axes)
    centre_x, centre_y = _RADAR_WIDTH / 2, _RADAR_HEIGHT / 2
    angles = [-math.pi / 2 + 2 * math.pi * index / len(axes) for index in range(len(axes))]

    def point(angle: float, share: float) -> tuple[float, float]:
        return centre_x + _RADIUS * share * math.cos(angle), centre_y + _RADIUS * share * math.sin(angle)

    parts = [_opening(chart_id, _RADAR_WIDTH, _RADAR_HEIGHT, title, description)]
    rings = (0.25, 0.5, 0.75, 1.0)
    for ring in rings:
        ring_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(angle, ring) for angle in angles))
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="{GRID}" stroke-width="0.75"/>')
    for angle in angles:
        x, y = point(angle, 1.0)
        parts.append(
            f'<line x1="{centre_x}" y1="{centre_y}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="0.75"/>'
        )
    shape = [point(angle, (axis.percent or 0) / 100) for angle, axis in zip(angles, axes, strict=True)]
    parts.append(
        f'<polygon class="profile" points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in shape)}" '
        f'fill="{ACCENT}" fill-opacity="0.25" stroke="{ACCENT}" stroke-width="2"/>'
    )
    parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{ACCENT}"/>' for x, y in shape]
    # NOTE: the ring labels come after the team's polygon, so they are painted over it, not
    # under it, each on a patch of paper that keeps it readable where the fill lies below; the
    # patch lets the team's outline show through. (A stroked halo would print each label twice
    # in a PDF's text.)
    for ring in rings:
        label, baseline = f"{round(ring * 100)}%", centre_y - _RADIUS * ring + 11
        parts.append(
            f'<rect class="ring-label-back" x="{centre_x + 1:.1f}" y="{baseline - 9:.1f}" '
            f'width="{6 * len(label) + 2}" height="12" fill="{PAPER}" fill-opacity="0.8"/>'
            f'<text class="ring-label" x="{centre_x + 3:.1f}" y="{baseline:.1f}" font-size="10" '
            f'fill="{GRID}">{label}</text>'
        )
    for angle, axis in zip(angles, axes, strict=True):
        parts.append(_axis_label(angle, axis, point(angle, 1.0)))
    parts.append("</svg>")
    return "".join(parts)


def _axis_label(angle: float, axis: Axis, end: tuple[float, float]) -> str:
    cosine, sine = math.cos(angle), math.sin(angle)
    anchor = "middle" if abs(cosine) < 0.3 else ("start" if cosine > 0 else "end")
    x = end[0] + 10 * cosine
    lines = [*_wrapped(axis.name, 20, 2), axis.shown]
    top = end[1] + 14 * sine + (4 if sine > 0.3 else -len(lines) * 14 + 10 if sine < -0.3 else -len(lines) * 7 + 10)
    bold = ' font-weight="600"'
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{top + 14 * index:.1f}"{bold if index == len(lines) - 1 else ""}>{_text(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return f'<text font-size="12" fill="{INK}" text-anchor="{anchor}">{spans}</text>'


def _wrapped(text: str, width: int, most: int) -> list[str]:
    """Words on lines of about `width` characters, at most `most` lines (the last one shortened)."""
    lines: list[str] = []
    for word in " ".join(printable(text).split()).split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = [*lines[: most - 1], " ".join(lines[most - 1 :])]
    return [_shortened(line, width + 4) for line in lines]


def _bars(chart_id: str, title: str, description: str, axes: Sequence[Axis]) -> str:
    height = 20 + 44 * len(axes)
    parts = [_opening(chart_id, _RADAR_WIDTH, height, title, description)]
    for index, axis in enumerate(axes):
        top = 14 + 44 * index
        filled = round(300 * (axis.percent or 0) / 100)
        parts.append(
            f'<text x="10" y="{top + 12}" font-size="12" fill="{INK}">{_text(_shortened(axis.name, 60))}: '
            f'{_text(axis.shown)}</text><rect x="10" y="{top + 18}" width="300" height="12" fill="{ACCENT_LIGHT}" '
            f'stroke="{GRID}"/><rect class="profile" x="10" y="{top + 18}" width="{filled}" height="12" fill="{ACCENT}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Series:
    """One model's levels over time."""

    name: str
    lowest: int
    highest: int
    levels: Sequence[int | None]
    """One per point, oldest first; None where that version could not be scored for the model."""


_TREND_WIDTH = 480
_LEVEL_STEP = 18
"""Height between two levels in a trend panel."""
_PANEL_PADDING = 34
_TREND_LEFT = 96
_TREND_RIGHT = 24


def trend_svg(chart_id: str, title: str, dates: Sequence[str], series: Sequence[Series]) -> str:
    """One small panel per model, its levels as a stepped line with each level written at its point.

    Only the newest `MAX_TREND_POINTS` are drawn.
    """
    shown = max(0, len(dates) - MAX_TREND_POINTS)
    dates = list(dates)[shown:]
    tops = [8]
    for line in series:
        tops.append(tops[-1] + _panel_height(line))
    height = tops[-1] + 26
    description = "; ".join(
        f"{line.name}: "
        + ", ".join(
            _("{date} level {level}").format(date=date, level=level)
            for date, level in zip(dates, line.levels[shown:], strict=True)
            if level is not None
        )
        for line in series
    )
    parts = [_opening(chart_id, _TREND_WIDTH, height, title, description)]
    span = _TREND_WIDTH - _TREND_LEFT - _TREND_RIGHT
    xs = [
        _TREND_LEFT + (span * index / (len(dates) - 1) if len(dates) > 1 else span / 2) for index in range(len(dates))
    ]
    for number, line in enumerate(series):
        parts.append(_panel(line, list(line.levels)[shown:], xs, tops[number]))
    step = max(1, math.ceil(len(dates) / 6))
    labelled = sorted({*range(0, len(dates), step), len(dates) - 1})
    baseline = tops[-1] + 14
    for index in labelled:
        anchor = (
            "end"
            if index == len(dates) - 1 and len(dates) > 1
            else ("start" if index == 0 and len(dates) > 1 else "middle")
        )
        parts.append(
            f'<text x="{xs[index]:.1f}" y="{baseline}" font-size="11" text-anchor="{anchor}" fill="{MUTED}">'
            f"{_text(dates[index])}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _panel_height(line: Series) -> int:
    return max(1, line.highest - line.lowest) * _LEVEL_STEP + _PANEL_PADDING


def _panel(line: Series, levels: list[int | None], xs: list[float], top: int) -> str:
    inner = _panel_height(line) - _PANEL_PADDING
    levels_span = max(1, line.highest - line.lowest)

    def y(level: int) -> float:
        return top + 8 + inner * (line.highest - level) / levels_span

    parts = [
        f'<text x="4" y="{top + 8 + inner / 2 + 4:.1f}" font-size="12" font-weight="600" fill="{INK}">'
        f"{_text(_shortened(line.name, 13))}</text>"
    ]
    for level in range(line.lowest, line.highest + 1):
        parts.append(
            f'<line x1="{_TREND_LEFT - 8}" x2="{_TREND_WIDTH - _TREND_RIGHT + 8}" y1="{y(level):.1f}" y2="{y(level):.1f}" '
            f'stroke="{GRID}" stroke-width="0.5" stroke-dasharray="2 3"/>'
            f'<text x="{_TREND_LEFT - 12}" y="{y(level) + 4:.1f}" font-size="10" text-anchor="end" fill="{GRID}">{level}</text>'
        )
    known = [(x, level) for x, level in zip(xs, levels, strict=True) if level is not None]
    if known:
        path = [f"M{known[0][0]:.1f} {y(known[0][1]):.1f}"]
        for (_, before), (x, level) in itertools.pairwise(known):
            path.append(f"H{x:.1f} V{y(level):.1f}" if level != before else f"H{x:.1f}")
        parts.append(f'<path class="trend" d="{" ".join(path)}" fill="none" stroke="{ACCENT}" stroke-width="2"/>')
    write_levels = len(known) <= 12
    for x, level in known:
        parts.append(f'<circle cx="{x:.1f}" cy="{y(level):.1f}" r="4" fill="{ACCENT}"/>')
        if write_levels:
            parts.append(
                f'<text x="{x:.1f}" y="{y(level) - 8:.1f}" font-size="11" text-anchor="middle" fill="{INK}">{level}</text>'
            )
    return "".join(parts)
