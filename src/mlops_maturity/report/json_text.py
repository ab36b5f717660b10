"""JSON documents as every command prints them: two-space indents, text as it is, no `##[` in a log."""

from __future__ import annotations

import json
from typing import Any

from mlops_maturity.safe_text import log_safe_json


def json_document(data: Any) -> str:
    """`data` as a JSON document ending in a newline, with `##` written `#\\u0023` (`log_safe_json`)."""
    return log_safe_json(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"
