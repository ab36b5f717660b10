"""Renderers: an `Assessment` in, a presentation out. They never recompute a result.

Each format lives in its own module, imported only when used, so that `score --format
json` never pays for rich or jinja2.
"""

from __future__ import annotations

from enum import StrEnum


class OutputFormat(StrEnum):
    """Formats of `score`."""

    text = "text"
    json = "json"
    markdown = "markdown"
