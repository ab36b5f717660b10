"""The action's outputs, from `score --format json --array`: levels for later steps.

Usage: python outputs.py RESULT_JSON

Appends to the file named by GITHUB_OUTPUT:
  <model>-level   the level on that model (this tool's numbering); with several files, the
                  lowest among the files that were scored; absent when none was
  levels          JSON: {answers file: {model: level}} for every file scored
  scored          how many files were scored
  not-scored      how many files could not be scored (invalid: see the annotations)
Prints, for the report step, each file scored and the name of its reports (`report_names`),
each followed by a NUL.
With INPUT_SUMMARY=true, ends the job summary with the gate's result (`Gate: passed`, or
`Gate: failed: google 0 < 1`), when thresholds were given, and a line per file not scored
(`answers.yaml: invalid (see the errors above)`: its problems are the annotations, which
GitHub shows above the job summaries, not repeated here).
"""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

from report_names import report_names  # beside this script, which Python puts on the path


def _code(text: str) -> str:
    """`text` as a markdown code span: a file name's `*`, `_` or `<` is shown, never read as markup."""
    text = re.sub(r"[\x00-\x1f\x7f]", "?", text)  # a line break would end the paragraph
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def summary_lines(entries: list[dict[str, Any]]) -> list[str]:
    """The gate's result over the files scored (with thresholds only), then each file not scored."""
    gated = [entry for entry in entries if "models" in entry and "gate" in entry]
    lines: list[str] = []
    if gated:
        # With several files, each failure names its file.
        named = len(gated) > 1
        failures = [
            (f"{_code(entry['answers_file'])} " if named else "")
            + f"{failure['model']} {failure['level']} < {failure['required']}"
            for entry in gated
            for failure in entry["gate"]["failures"]
        ]
        lines.append(f"Gate: failed: {', '.join(failures)}" if failures else "Gate: passed")
    lines += [
        f"{_code(entry['answers_file'])}: invalid (see the errors above)" for entry in entries if "models" not in entry
    ]
    return lines


def main(result_path: str) -> int:
    with open(result_path, encoding="utf-8") as handle:
        entries = json.load(handle)
    scored = [entry for entry in entries if "models" in entry]
    not_scored = len(entries) - len(scored)
    levels = {
        entry["answers_file"]: {model: data["level"] for model, data in entry["models"].items()} for entry in scored
    }
    lowest: dict[str, int] = {}
    for by_model in levels.values():
        for model, level in by_model.items():
            lowest[model] = min(level, lowest.get(model, level))
    lines = [f"{model}-level={level}" for model, level in lowest.items()]
    lines += [f"levels={json.dumps(levels, ensure_ascii=True)}", f"scored={len(scored)}", f"not-scored={not_scored}"]
    with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as output:
        output.write("".join(line + "\n" for line in lines))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    ending = summary_lines(entries)
    if ending and summary and os.environ.get("INPUT_SUMMARY", "true") == "true":
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write("".join(line + "\n\n" for line in ending))  # a paragraph each
    names = report_names(entry["answers_file"] for entry in scored)
    # NOTE: as bytes: a file name that is not UTF-8 reaches here as Python's stand-ins, which
    # `os.fsencode` turns back into the bytes the shell must pass on.
    sys.stdout.buffer.write(
        b"".join(os.fsencode(path) + b"\0" + os.fsencode(name) + b"\0" for path, name in names.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
