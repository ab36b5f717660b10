"""Structure-aware fuzzing of the command line: no input may crash it, print a traceback or hang.

Four families of cases, each built by mutating valid starting points so that inputs stay near
valid and reach deep code (not random bytes):

* answers: the example and test answers files (and a combined, a migrated and a scanned one),
  their keys dropped, duplicated or renamed, types swapped, anchors, aliases, tags, booleans,
  huge, control, bidi and invalid UTF-8 text, deep nesting, flow style, JSON, BOM, CRLF, tabs,
  truncation; run through `score` (every format), `report` (markdown and HTML), `migrate`,
  `diff`, `combine` and `portfolio`, writing to plain files or to places that cannot or must not
  be written (a missing folder, /dev/full, a link loop, an input).
* questionnaires: a copy of `questionnaires/` or `tests/data/mini/` with one file mutated the
  same ways, or semantically (unknown or duplicate ids, cycles in step `after`, empty levels,
  wrong types, on/off scales); run through `lint`, `score -Q`, `report -Q`, `template -Q` ...
* templates: jinja2 report templates assembled from fragments (loops over the assessment,
  filters, macros, namespace, `~`, big ranges, includes of missing, outside or broken files,
  syntax errors, undefined names); run through `report --template`.
* scan: small repositories of mutated CI workflows, Dockerfiles, requirements, notebooks,
  Python files, .gitignore patterns, symbolic links (inside, outside, loops), odd file names
  and deep folders; run through `scan` in every format.

Every case runs in-process (`typer.testing.CliRunner`, in worker processes so that a hang is
caught and a crash cannot disturb the next case); every `SUBPROCESS_EVERY`-th case runs again as
`python -m mlops_maturity`, the real entry point. A case fails on exit code 3, a traceback in
its output, an exit code its command does not document, an exception escaping the command, or
a run over 10 s (except the documented refusal of a template that renders for 10 s, exit 2).
Python warnings reaching the user are counted apart. Each failure is shrunk (lines and files dropped while it still fails the same
way) and, with `--keep DIR`, written there with a `repro.sh`.

The cases depend only on the seed and their number: `--only N` re-runs case N alone.

    python benchmarks/fuzz.py                      # 2,000 cases, seed 20261207
    python benchmarks/fuzz.py --quick              # 200 cases
    python benchmarks/fuzz.py --cases 5000 --seed 7 --jobs 2 --keep /tmp/fuzz-failures
    python benchmarks/fuzz.py --family scan --only 1203 --keep /tmp/case
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import copy
import datetime
import json
import multiprocessing
import multiprocessing.connection
import os
import random
import re
import shlex
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261207
DEFAULT_CASES = 2000
QUICK_CASES = 200
SLOW_SECONDS = 10.0
"""A run over this is a failure (the goal is 2 s for every input under the size limit)."""
HANG_SECONDS = 60.0
"""A worker silent this long is killed and its case reported as a hang."""
SUBPROCESS_EVERY = 37
"""Every this many cases (not a multiple of the families' count), the case also runs as `python -m mlops_maturity`."""
SHRINK_BUDGET = 120
"""Runs spent shrinking one failure, at most."""
SHRINK_SECONDS = 30.0
"""Time spent shrinking one failure, at most; a failure whose run took over 3 s is not shrunk."""
PYTHON_WARNING = re.compile(r"\.py:\d+: \w*Warning: .*")
"""A line written by Python's `warnings` (a library's warning reaching the user), reported apart."""
TIME_BOUNDED = "template refused: rendering took over"
"""The documented refusal of a template that renders for over 10 s (exit 2): a bound, not a hang."""
SHRINK_AT_MOST = 12
"""Distinct failures shrunk; later ones are kept as generated."""
FAMILIES = ("answers", "questionnaires", "templates", "scan")
HERE = "@/"
"""An argument starting with this is a path inside the case's folder."""
BASE_ENV = {"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb", "PYDANTIC_DISABLE_PLUGINS": "__all__"}
UNSET_ENV = ("MLOPS_MATURITY_QUESTIONNAIRES", "GITHUB_STEP_SUMMARY", "GITHUB_ACTIONS", "GITLAB_CI", "FORCE_COLOR")
GATED = {"score": "--fail-under", "diff": "--fail-on-regression", "portfolio": "--fail-under"}
"""Commands that may exit 1, and only with this option."""

Data = Any
"""What `yaml.safe_load` returns."""


# ------------------------------------------------------------------------------------ cases


@dataclass
class Case:
    """One input (files in a fresh folder) and one command line over it."""

    family: str
    index: int
    args: list[str]
    files: dict[str, bytes] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    """Symbolic links: path -> target, as written."""
    fifos: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """The mutations applied, for the report."""
    through_subprocess: bool = False


@dataclass
class Tree:
    """Files, links and FIFOs being built for a case (a scanned repository under `repo/`)."""

    files: dict[str, bytes] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    fifos: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """What one run of a case did."""

    family: str
    index: int
    entry: str
    """`in-process` or `subprocess`."""
    exit_code: int
    seconds: float
    stdout: str
    stderr: str
    problem: str | None
    """Why this run fails, or None."""

    @property
    def signature(self) -> str:
        """Failures with the same signature are one defect: the problem and where it was raised."""
        kind = (self.problem or "").split(":")[0]
        return f"{kind} | {error_site(self.stdout + self.stderr)}"


def error_site(output: str) -> str:
    """The exception's type and the innermost frame of this tool in the last traceback of `output`."""
    if "Traceback" not in output:
        return "-"
    tail = output[output.rindex("Traceback") :].splitlines()
    frames = [re.match(r'\s*File "([^"]+)", line (\d+), in (.+)', line) for line in tail]
    found = [frame for frame in frames if frame]
    ours = [frame for frame in found if "mlops_maturity" in frame.group(1)] or found
    pattern = r"^[\w.]+(Error|Exception|Exit|Interrupt|Warning)\b"
    exception = next((line.strip() for line in reversed(tail) if re.match(pattern, line.strip())), "?")
    where = ""
    if ours:
        path = ours[-1].group(1)
        short = path[path.index("mlops_maturity") :] if "mlops_maturity" in path else Path(path).name
        where = f"{short}:{ours[-1].group(3)}"
    return f"{exception.split(':')[0]} in {where}"


def resolve(argument: str, root: str) -> str:
    return root + "/" + argument[len(HERE) :] if argument.startswith(HERE) else argument


def command_line(case: Case, root: str = ".") -> str:
    return shlex.join(["mlops-maturity", *(resolve(argument, root) for argument in case.args)])


# ------------------------------------------------------------------------ starting points


@dataclass(frozen=True)
class Seeds:
    """The valid inputs every mutation starts from."""

    answers: tuple[tuple[str, bytes], ...]
    mini_answers: tuple[tuple[str, bytes], ...]
    results: tuple[bytes, ...]
    """`score --format json` results of the examples (`diff` and `--previous` take them)."""
    folders: dict[str, dict[str, bytes]]
    """`shipped` and `mini` questionnaire folders: relative path -> content."""
    question_ids: tuple[str, ...]
    scale: tuple[str, ...]
    paths: tuple[str, ...]
    """Expressions a template can evaluate (`assessment.models.google.level`, ...)."""
    templates: tuple[bytes, ...]


def _read_all(folder: Path, pattern: str) -> list[tuple[str, bytes]]:
    return [(str(path.relative_to(ROOT)), path.read_bytes()) for path in sorted(folder.glob(pattern))]


def _folder(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def _run_for_seed(args: list[str]) -> str:
    from typer.testing import CliRunner

    from mlops_maturity.cli import app

    result = CliRunner().invoke(app, args, env={**BASE_ENV, **dict.fromkeys(UNSET_ENV)})
    if result.exit_code != 0:
        raise RuntimeError(f"seed command failed: {args}: {result.stderr}")
    return result.stdout


@cache
def seeds() -> Seeds:
    """Read once per process (the workers inherit them)."""
    answers = [
        *_read_all(ROOT / "examples", "**/*.yaml"),
        *_read_all(ROOT / "tests/data/answers-2026.11", "*.yaml"),
        *_read_all(ROOT / "tests/data/answers-2026.12", "*.yaml"),
    ]
    with tempfile.TemporaryDirectory(prefix="fuzz-seeds-") as folder:
        respondents = [str(path) for path in sorted((ROOT / "examples/respondents").glob("*.yaml"))]
        _run_for_seed(["combine", *respondents, "-o", f"{folder}/combined.yaml"])
        old = ROOT / "tests/data/answers-2026.11/fraud-platform.yaml"
        _run_for_seed(["migrate", str(old), "-o", f"{folder}/migrated.yaml"])
        repository = Path(folder, "repo")
        materialize(scan_seed_tree(), repository)
        _run_for_seed(["scan", str(repository), "-o", f"{folder}/scanned.yaml"])
        for name in ("combined", "migrated", "scanned"):
            answers.append((f"{name}.yaml", Path(folder, f"{name}.yaml").read_bytes()))
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    results = tuple(_run_for_seed(["score", str(path), "--format", "json"]).encode() for path in examples[:3])
    shipped = _folder(ROOT / "questionnaires")
    bank = yaml.safe_load(shipped["questions.yaml"])
    templates_dir = ROOT / "src/mlops_maturity/report/templates"
    templates = [path.read_bytes() for path in sorted(templates_dir.glob("*.md.j2"))]
    templates += [path.read_bytes() for path in sorted((ROOT / "tests/data/invalid/templates").glob("*.j2"))]
    return Seeds(
        answers=tuple(answers),
        mini_answers=tuple(_read_all(ROOT / "tests/data/valid", "*")),
        results=results,
        folders={"shipped": shipped, "mini": _folder(ROOT / "tests/data/mini")},
        question_ids=tuple(question["id"] for question in bank["questions"]),
        scale=tuple(str(entry["value"]) for entry in bank["scale"]),
        paths=tuple(template_paths(json.loads(results[0]))),
        templates=tuple(templates),
    )


def template_paths(result: Data, prefix: str = "assessment", depth: int = 0) -> Iterator[str]:
    """Jinja2 expressions for the values of a result, first list items only."""
    yield prefix
    if depth >= 6:
        return
    if isinstance(result, dict):
        for key, value in result.items():
            yield from template_paths(value, f"{prefix}.{key}", depth + 1)
    elif isinstance(result, list) and result:
        yield from template_paths(result[0], f"{prefix}[0]", depth + 1)


# ------------------------------------------------------------------------ mutations: pools

BOOLEAN_WORDS = ("on", "off", "yes", "no", "y", "n", "true", "False", "TRUE", "Off", "~", "null", "NULL", "")
NUMBER_WORDS = ("0x1F", "0o17", "1_000", "1e999", "-.inf", ".nan", ".Inf", "190:20:30", "0b101", "-0", "1" * 120, "3.")
DATE_WORDS = (
    "2026-11-12",
    "2026-13-45",
    "2026-02-30",
    "0000-01-01",
    "9999-12-31",
    "20261112",
    "2026-11-12T25:61:00",
    "2026-11-12 10:00:00 +99:00",
    "tomorrow",
    "2026-W46",
    "-2026-11-12",
)
TAGS = (
    "!!str",
    "!!int",
    "!!float",
    "!!bool",
    "!!null",
    "!!binary",
    "!!timestamp",
    "!!set",
    "!!omap",
    "!!pairs",
    "!!seq",
    "!!map",
    "!!python/object:os.system",
    "!!python/name:os.system",
    "!custom",
    "!<tag:yaml.org,2002:str>",
    "!",
)
SPECIAL_TEXT = (
    "\u202etxt.exe",
    "a\u200bb\u200dc\ufeffd",
    "\x1b[31mred\x1b[0m\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
    "\x9b31m csi",
    "line\u2028separator\u2029paragraph\x85nel",
    "tab\there\rcarriage",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "| pipe | cell |\n|---|",
    "[bold red]rich[/] [link=https://x]y[/link]",
    "{{ jinja }} {% if %} {# c #}",
    "%s %d {0} {name}",
    "`code` **bold** [link](javascript:alert(1)) ![img](x)",
    "e\u0301\u0301\u0301 \U0001f600\U0001f1eb\U0001f1f7 \u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    "\ud7ff\ue000\ufffd\uffff",
    "-- ; DROP TABLE teams; --",
    "C:\\path\\to\\file",
    "../../../../etc/passwd",
    "   spaces around   ",
    "#not a comment",
    "x" * 300,
)
URLS = (
    "https://example.com/a?b=c&d=<e>",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "http://[::1]:80/",
    "https://ex ample.com/with space",
    "https://example.com/" + "a" * 5000,
    "vbscript:msgbox",
    " https://leading.space",
    "mailto:x@example.com",
    "ftp://example.com",
    "src/train.py:12",
    "\u202ehttps://evil.example",
)


def text_value(rng: random.Random) -> str:
    """A string a person might paste, or one meant to break something."""
    choice = rng.random()
    if choice < 0.5:
        return rng.choice(SPECIAL_TEXT)
    if choice < 0.7:
        return "".join(
            chr(rng.choice([rng.randint(0, 0x7F), rng.randint(0x80, 0x2FFF), rng.randint(0xE000, 0xFFFD)]))
            for _ in range(rng.randint(1, 40))
        )
    if choice < 0.85:
        return rng.choice(SPECIAL_TEXT) * rng.choice([10, 100, 1000, 5000])
    return rng.choice(["a", "é", "\u202e", "\n", " "]) * rng.choice([10_000, 100_000, 300_000])


def printable(text: str) -> str:
    """Only characters YAML allows written as they are (a file with others is refused, rightly)."""
    return "".join(
        char
        for char in text
        if char in "\t\n\r\x85"
        or " " <= char <= "~"
        or "\xa0" <= char <= "\ud7ff"
        or "\ue000" <= char <= "\ufffd"
        or char >= "\U00010000"
    )


def any_value(rng: random.Random, depth: int = 0) -> Data:
    """A value of any YAML type."""
    kinds: list[Callable[[], Data]] = [
        lambda: None,
        lambda: rng.choice([True, False]),
        lambda: rng.choice([0, -1, 1, 2**63, -(2**64), 10**50]),
        lambda: rng.choice([0.5, -1e308, 1e308, float("inf"), float("-inf"), float("nan")]),
        lambda: text_value(rng),
        lambda: rng.choice(BOOLEAN_WORDS + NUMBER_WORDS + DATE_WORDS),
        lambda: datetime.date(rng.choice([1, 1970, 2026, 9999]), rng.randint(1, 12), rng.randint(1, 28)),
        lambda: [] if depth > 2 else [any_value(rng, depth + 1) for _ in range(rng.randint(0, 3))],
        lambda: (
            {}
            if depth > 2
            else {str(any_value(rng, 3))[:20]: any_value(rng, depth + 1) for _ in range(rng.randint(0, 3))}
        ),
    ]
    return rng.choice(kinds)()


def nested(rng: random.Random, value: Data, depth: int) -> Data:
    for _ in range(depth):
        value = [value] if rng.random() < 0.5 else {"k": value}
    return value


# --------------------------------------------------------------------- mutations: on data


def containers(data: Data, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Data]]:
    """Every mapping and list in `data` with its path."""
    if isinstance(data, dict | list):
        yield path, data
        items = data.items() if isinstance(data, dict) else enumerate(data)
        for key, value in items:
            yield from containers(value, (*path, key))


def pick_container(rng: random.Random, data: Data, kind: type | None = None) -> Data | None:
    found = [value for _, value in containers(data) if kind is None or isinstance(value, kind)]
    return rng.choice(found) if found else None


def answer_slots(data: Data) -> list[tuple[dict[str, Data], str]]:
    """(answers mapping, question id) for each answer in an answers file."""
    if not isinstance(data, dict):
        return []
    slots: list[tuple[dict[str, Data], str]] = []
    for section in ("answers", "retired_answers"):
        answers = data.get(section)
        if isinstance(answers, dict):
            slots.extend((answers, key) for key in answers)
    return slots


def drop_key(rng: random.Random, data: Data) -> tuple[Data, str]:
    mapping = pick_container(rng, data, dict)
    if not mapping:
        return data, "drop key (none)"
    key = rng.choice(list(mapping))
    del mapping[key]
    return data, f"drop key {key!r}"


def rename_key(rng: random.Random, data: Data) -> tuple[Data, str]:
    mapping = pick_container(rng, data, dict)
    if not mapping:
        return data, "rename key (none)"
    key = rng.choice(list(mapping))
    text = str(key)
    new = rng.choice(
        [
            text.upper(),
            text[:-1],
            text + "_",
            " " + text,
            text.replace("_", "-"),
            "а" + text[1:],
            "",
            text * 50,
            "<<",
            "1",
        ]
    )
    mapping[new] = mapping.pop(key)
    return data, f"rename key {key!r} -> {new[:40]!r}"


def swap_type(rng: random.Random, data: Data) -> tuple[Data, str]:
    container = pick_container(rng, data)
    if not container:
        return any_value(rng), "whole document replaced"
    key = rng.choice(list(container) if isinstance(container, dict) else range(len(container)))
    container[key] = any_value(rng)
    return data, f"value at {key!r} replaced by {type(container[key]).__name__}"


def set_answer(rng: random.Random, data: Data) -> tuple[Data, str]:
    slots = answer_slots(data)
    if not slots:
        return swap_type(rng, data)
    answers, key = rng.choice(slots)
    scale = seeds().scale
    value: Data = rng.choice(
        [*scale, *scale, "n/a", "N/A", "Fully", " mostly", "mostly\n", True, False, None, 1, 2.5, "unknown", []]
    )
    current = answers[key]
    if isinstance(current, dict) and rng.random() < 0.7:
        current["answer"] = value
    else:
        answers[key] = value
    return data, f"answer {key} = {value!r}"


ANSWER_FIELDS: dict[str, Callable[[random.Random], Data]] = {
    "note": text_value,
    "evidence": lambda rng: rng.choice(
        [rng.choice(URLS), [rng.choice(URLS) for _ in range(rng.choice([1, 3, 50, 5000]))], []]
    ),
    "estimate": lambda rng: rng.choice([True, False, "yes", "on", None]),
    "source": lambda rng: rng.choice(["scan", "combine", "person", "", text_value(rng)]),
    "confidence": lambda rng: rng.choice(["high", "medium", "low", "certain", 1, None]),
    "carried_from": lambda rng: rng.choice(["staged_environments", "2026.11", "", text_value(rng)]),
    "responses": lambda rng: [
        {"assessor": text_value(rng), "answer": rng.choice([*seeds().scale, None, "n/a"]), "note": text_value(rng)}
        for _ in range(rng.choice([0, 1, 3, 40]))
    ],
    "unknown_field": any_value,
}


def answer_object(rng: random.Random, data: Data) -> tuple[Data, str]:
    """An answer as a mapping with some of its fields set, odd values included."""
    slots = answer_slots(data)
    if not slots:
        return swap_type(rng, data)
    answers, key = rng.choice(slots)
    current = answers[key]
    answer = current if isinstance(current, dict) else {"answer": current}
    chosen = rng.sample(list(ANSWER_FIELDS), rng.randint(1, 3))
    for name in chosen:
        answer[name] = ANSWER_FIELDS[name](rng)
    answers[key] = answer
    return data, f"answer {key} with {', '.join(chosen)}"


def top_level_field(rng: random.Random, data: Data) -> tuple[Data, str]:
    if not isinstance(data, dict):
        return swap_type(rng, data)
    name = rng.choice(["questionnaire_version", "team", "date", "assessor", "scope", "retired_answers", "answers"])
    values: dict[str, list[Data]] = {
        "questionnaire_version": ["2026.11", "2026.12", "2027.01", "2099.1", 2026.11, None, "", "test-1"],
        "team": [text_value(rng), "", None, 42, ["a"]],
        "date": [*DATE_WORDS, datetime.date(1, 1, 1), 20261112, None],
        "assessor": [text_value(rng), None, {"name": "x"}],
        "scope": [{"trains_models": rng.choice([True, False, "no", None])}, {"unknown_scope": True}, [], "yes"],
        "retired_answers": [{"staged_environments": "mostly"}, {"x": {"answer": "fully", "note": "n"}}, [], None],
        "answers": [{}, [], None, {"nope": "fully"}, {question: "fully" for question in seeds().question_ids}],
    }
    data[name] = rng.choice(values[name])
    return data, f"{name} = {str(data[name])[:40]!r}"


def deepen(rng: random.Random, data: Data) -> tuple[Data, str]:
    container = pick_container(rng, data)
    depth = rng.choice([10, 49, 50, 51, 60, 200])
    if not container:
        return nested(rng, data, depth), f"nested {depth} deep"
    key = rng.choice(list(container) if isinstance(container, dict) else range(len(container)))
    container[key] = nested(rng, container[key], depth)
    return data, f"value at {key!r} nested {depth} deep"


def many_entries(rng: random.Random, data: Data) -> tuple[Data, str]:
    if not isinstance(data, dict):
        return swap_type(rng, data)
    count = rng.choice([500, 5000, 30000])
    answers = data.get("answers") if isinstance(data.get("answers"), dict) else {}
    assert isinstance(answers, dict)
    if rng.random() < 0.5:
        answers.update({f"unknown_{number}": "fully" for number in range(count)})
    else:
        question = rng.choice(seeds().question_ids)
        answers[question] = {"answer": "mostly", "evidence": [f"https://e.example/{number}" for number in range(count)]}
    data["answers"] = answers
    return data, f"{count} entries"


def valid_answer_change(rng: random.Random, data: Data) -> tuple[Data, str]:
    """Stays valid: another scale value, a long or odd note, an estimate."""
    slots = answer_slots(data)
    if not slots:
        return data, "no answers"
    answers, key = rng.choice(slots)
    value = rng.choice(seeds().scale)
    note = printable(text_value(rng)) if rng.random() < 0.8 else "é" * rng.choice([18_000, 340_000])
    answers[key] = {"answer": value, "note": note, "estimate": rng.random() < 0.3}
    return data, f"answer {key} = {value} with a {len(note)}-character note"


def drop_answer(rng: random.Random, data: Data) -> tuple[Data, str]:
    slots = answer_slots(data)
    if not slots:
        return data, "no answers"
    answers, key = rng.choice(slots)
    del answers[key]
    return data, f"answer {key} dropped"


def odd_names(rng: random.Random, data: Data) -> tuple[Data, str]:
    name = rng.choice(["team", "assessor"])
    data[name] = printable(text_value(rng)).strip()[:5000] or "x"
    return data, f"{name} = {data[name][:30]!r}"


def odd_evidence(rng: random.Random, data: Data) -> tuple[Data, str]:
    slots = answer_slots(data)
    if not slots:
        return data, "no answers"
    answers, key = rng.choice(slots)
    current = answers[key]
    answer = current if isinstance(current, dict) else {"answer": current}
    answer["evidence"] = [rng.choice(URLS) for _ in range(rng.choice([1, 3, 30]))]
    answers[key] = answer
    return data, f"answer {key}: odd evidence"


def not_training(rng: random.Random, data: Data) -> tuple[Data, str]:
    data["scope"] = {"trains_models": rng.random() < 0.5}
    return data, f"scope {data['scope']}"


VALID_MUTATIONS: tuple[Callable[[random.Random, Data], tuple[Data, str]], ...] = (
    valid_answer_change,
    valid_answer_change,
    drop_answer,
    odd_names,
    odd_evidence,
    not_training,
)

DATA_MUTATIONS: tuple[Callable[[random.Random, Data], tuple[Data, str]], ...] = (
    drop_key,
    rename_key,
    swap_type,
    set_answer,
    set_answer,
    answer_object,
    answer_object,
    top_level_field,
    deepen,
    many_entries,
    valid_answer_change,
    valid_answer_change,
    valid_answer_change,
)


def json_default(value: object) -> str:
    return str(value)


def serialize(rng: random.Random, data: Data, style: str | None = None) -> tuple[bytes, str]:
    """YAML (block, flow, canonical) or JSON, as a person or a program might write it."""
    style = style or rng.choice(["block", "block", "flow", "canonical", "json", "json-compact"])
    try:
        if style == "json":
            text = json.dumps(data, indent=2, ensure_ascii=rng.random() < 0.5, default=json_default)
        elif style == "json-compact":
            text = json.dumps(data, separators=(",", ":"), default=json_default)
        else:
            text = yaml.safe_dump(
                data,
                default_flow_style={"block": False, "flow": True, "canonical": None}[style],
                canonical=style == "canonical",
                allow_unicode=rng.random() < 0.7,
                width=rng.choice([80, 20, 100000]),
                sort_keys=False,
                explicit_start=rng.random() < 0.2,
            )
    except (ValueError, yaml.YAMLError, RecursionError) as error:  # nan in strict JSON, ...
        return repr(data).encode("utf-8", "surrogatepass"), f"repr ({type(error).__name__})"
    return text.encode("utf-8", "surrogatepass"), style


# --------------------------------------------------------------------- mutations: on text


def _lines(text: bytes) -> list[bytes]:
    return text.split(b"\n")


def _value_lines(lines: list[bytes]) -> list[int]:
    return [number for number, line in enumerate(lines) if re.match(rb"^\s*[\w\"'-]+\s*:\s*\S", line)]


def replace_value(rng: random.Random, text: bytes, value: bytes) -> bytes:
    lines = _lines(text)
    candidates = _value_lines(lines)
    if not candidates:
        return text + b"\nkey: " + value + b"\n"
    number = rng.choice(candidates)
    key = lines[number].split(b":", 1)[0]
    lines[number] = key + b": " + value
    return b"\n".join(lines)


def t_boolean_word(rng: random.Random, text: bytes) -> tuple[bytes, str]:
    word = rng.choice(BOOLEAN_WORDS)
    return replace_value(rng, text, word.encode()), f"value {word!r}"


def t_number_word(rng: random.Random, text: bytes) -> tuple[bytes, str]:
    word = rng.choice(NUMBER_WORDS + DATE_WORDS)
    return replace_value(rng, text, word.encode()), f"value {word[:20]!r}"


def t_tag(rng: random.Random, text: bytes) -> tuple[bytes, str]:
    lines = _lines(text)
    candidates = _value_lines(lines)
    tag = rng.choice(TAGS)
    if not candidates:
        return tag.encode() + b" " + text, f"tag {tag} on the document"
    number = rng.choice(candidates)
    key, value = lines[number].split(b":", 1)
    lines[number] = key + b": " + tag.encode() + b" " + value.strip()
    return b"\n".join(lines), f"tag {tag}"


def t_anchor_alias(rng: random.Random, text: bytes) -> tuple[bytes, str]:
    lines = _lines(text)
    candidates = _value_lines(lines)
    if len(candidates) < 2:
        return text + b"\na: &x [*x]\n", "self-referencing alias"
    first, second = sorted(rng.sample(candidates, 2))
    kind = rng.choice(["alias", "merge", "self", "forward", "undefined"])
    key, value = lines[first].split(b":", 1)
    lines[first] = key + b": &anchor " + value.strip()
    other_key = lines[second].split(b":", 1)[0]
    indent = re.match(rb"^\s*", lines[second])
    spaces = indent.group() if indent else b""
    if kind == "alias":
        lines[second] = other_key + b": *anchor"
    elif kind == "merge":
        lines.insert(second, spaces + b"<<: *anchor")
    elif kind == "self":
        lines[first] = key + b": &anchor [*anchor, " + value.strip() + b"]"
    elif kind == "forward":
        lines[first] = key + b": *later"
        lines[second] = other_key + b": &later x"
    else:
        lines[second] = other_key + b": *nowhere"
    return b"\n".join(lines), f"anchor and {kind}"


def t_alias_bomb(rng: random.Random, text: bytes) -> tuple[bytes, str]:
    levels = rng.choice([3, 9])
    bomb = [b'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, levels):
        previous = f"*a{level - 1}".encode()
        bomb.append(f"a{level}: &a{level} [".encode() + b",".join([previous] * 9) + b"]")
    return text.rstrip(b"\n") + b"\n" + b"\n".join(bomb) + b"\n", f"alias bomb of {levels} levels"


def t_bom(rng: random.Random, text: bytes) -> tuple[bytes, str]:
    kind = rng.choice(["utf-8", "utf-8-middle", "utf-16", "utf-16-be", "utf-32", "utf-8-twice"])
    if kind == "utf-8":
        return b"\xef\xbb\xbf" + text, "UTF-8 BOM"
    if kind == "utf-8-twice":
        return b"\xef\xbb\xbf\xef\xbb\xbf" + text, "two UTF-8 BOMs"
    if kind == "utf-8-middle":
        cut = rng.randint(0, len(text))
        return text[:cut] + b"\xef\xbb\xbf" + text[cut:], "BOM in the middle"
    decoded = text.decode("utf-8", "replace")
    encoding = {"utf-16": "utf-16", "utf-16-be": "utf-16-be", "utf-32": "utf-32"}[kind]
    return decoded.encode(encoding, "replace"), f"encoded as {encoding}"


def t_line_endings(rng: random.Random, text: bytes) -> tuple[bytes, str]:
    kind = rng.choice(["crlf", "cr", "mixed", "nel", "ls"])
    if kind == "crlf":
        return text.replace(b"\n", b"\r\n"), "CRLF"
    if kind == "cr":
        return text.replace(b"\n", b"\r"), "CR only"
    if kind == "nel":
        return text.replace(b"\n", "\u0085".encode()), "NEL line breaks"
    if kind == "ls":
        return text.replace(b"\n", "\u2028".encode()), "U+2028 line breaks"
    lines = _lines(text)
    return b"".join(line + rng.choice([b"\n", b"\r\n", b"\r"]) for line in lines), "mixed line endings"


def t_tabs(rng: random.Random, text: bytes) -> tuple[bytes, str]:
    lines = _lines(text)
    for number in rng.sample(range(len(lines)), min(len(lines), rng.randint(1, 5))):
        lines[number] = re.sub(rb"^( {2})+", lambda match: b"\t" * (len(match.group()) // 2), lines[number])
        if rng.random() < 0.3:
            lines[number] = lines[number].replace(b": ", b":\t", 1)
    return b"\n".join(lines), "tabs"


def t_bad_bytes(rng: random.Random, text: bytes) -> tuple[bytes, str]:
    junk = rng.choice(
        [
            b"\xff",
            b"\xc3",
            b"\xed\xa0\x80",
            b"\xc0\xaf",
            b"\x00",
            b"\x1b[2J",
            b"\x7f",
            b"\xf4\x90\x80\x80",
            b"\x85",
            b"\xe2\x80",
        ]
    )
    cut = rng.randint(0, len(text))
    return text[:cut] + junk + text[cut:], f"bytes {junk!r} at {cut}"


def t_truncate(rng: random.Random, text: bytes) -> tuple[bytes, str]:
    cut = rng.randint(0, len(text))
    return text[:cut], f"truncated at byte {cut}"


def t_line_edit(rng: random.Random, text: bytes) -> tuple[bytes, str]:
    lines = _lines(text)
    if len(lines) < 2:
        return text * 2, "doubled"
    kind = rng.choice(["duplicate", "delete", "swap", "indent", "dedent"])
    first, second = rng.randrange(len(lines)), rng.randrange(len(lines))
    if kind == "duplicate":
        lines.insert(second, lines[first])
    elif kind == "delete":
        del lines[first]
    elif kind == "swap":
        lines[first], lines[second] = lines[second], lines[first]
    elif kind == "indent":
        lines[first] = b" " * rng.choice([1, 2, 3, 4]) + lines[first]
    else:
        lines[first] = lines[first].lstrip(b" ")
    return b"\n".join(lines), f"line {first + 1}: {kind}"


def t_yaml_syntax(rng: random.Random, text: bytes) -> tuple[bytes, str]:
    piece = rng.choice(
        [
            b"---\n",
            b"...\n",
            b"%YAML 1.2\n---\n",
            b"%YAML 9.9\n---\n",
            b"%TAG ! tag:evil.example,2000:\n---\n",
            b"? [complex, key]\n: value\n",
            b"? {a: 1}\n: value\n",
            b"key: |2-\n  block\n",
            b"key: >+\n\n",
            b"key: 'unterminated\n",
            b'key: "\\x00\\ud800\\U0010ffff"\n',
            b"key: {a: [b, {c: d}\n",
            b"- item\n",
            b"key: value: other\n",
            b"'': empty key\n",
            b"null: x\n~: y\n",
            b"1: a\n01: b\n",
            b"on: a\ntrue: b\n",
            b"key: @reserved\n",
            b"key: `reserved\n",
            b"&a key: value\n",
            b"key: !!binary |\n  AAAA\n",
            b"# comment only\n",
        ]
    )
    lines = _lines(text)
    at = rng.randint(0, len(lines))
    lines.insert(at, piece.rstrip(b"\n"))
    return b"\n".join(lines), f"inserted {piece[:30]!r} at line {at + 1}"


def t_long_line(rng: random.Random, text: bytes) -> tuple[bytes, str]:
    size = rng.choice([10_000, 200_000, 900_000])
    kind = rng.choice([b"key", b"value", b"comment"])
    if kind == b"key":
        piece = b"k" * size + b": v"
    elif kind == b"value":
        piece = b"note: " + b"v" * size
    else:
        piece = b"# " + b"c" * size
    return text.rstrip(b"\n") + b"\n" + piece + b"\n", f"a {size}-byte {kind.decode()} line"


def t_oversize(rng: random.Random, text: bytes) -> tuple[bytes, str]:
    target = rng.choice([1_048_575, 1_048_576, 1_048_577, 3_000_000])
    padding = max(0, target - len(text) - 1)
    return text + b"#" + b"x" * padding, f"padded to {target} bytes"


def t_empty(rng: random.Random, text: bytes) -> tuple[bytes, str]:
    choice = rng.choice(
        [b"", b"\n", b"   \n\t\n", b"# only a comment\n", b"---\n", b"~\n", b"[]\n", b"{}\n", b"\xef\xbb\xbf"]
    )
    return choice, f"replaced by {choice!r}"


TEXT_MUTATIONS: tuple[Callable[[random.Random, bytes], tuple[bytes, str]], ...] = (
    t_boolean_word,
    t_number_word,
    t_tag,
    t_anchor_alias,
    t_anchor_alias,
    t_alias_bomb,
    t_bom,
    t_line_endings,
    t_tabs,
    t_bad_bytes,
    t_truncate,
    t_line_edit,
    t_line_edit,
    t_yaml_syntax,
    t_yaml_syntax,
    t_long_line,
    t_oversize,
    t_empty,
)


def mutate_yaml(rng: random.Random, text: bytes, notes: list[str], data_bias: float = 0.5) -> bytes:
    """Data mutations (then written in some style) and/or text mutations of a YAML document."""
    if rng.random() < data_bias:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            data = None
        if data is not None:
            for _ in range(rng.randint(1, 3)):
                data, note = rng.choice(DATA_MUTATIONS)(rng, data)
                notes.append(note)
            text, style = serialize(rng, data)
            notes.append(f"written as {style}")
    if rng.random() < 0.6:
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            text, note = rng.choice(TEXT_MUTATIONS)(rng, text)
            notes.append(note)
    return text


# ------------------------------------------------------------------------ family: answers


def valid_answers(rng: random.Random, text: bytes, notes: list[str]) -> bytes:
    """The answers file changed in ways it stays valid: other answers, odd notes and names, links."""
    data = yaml.safe_load(text)
    for _ in range(rng.randint(1, 4)):
        data, note = rng.choice(VALID_MUTATIONS)(rng, data)
        notes.append(note)
    text, style = serialize(rng, data, rng.choice(["block", "block", "flow", "json"]))
    notes.append(f"written as {style}")
    if rng.random() < 0.3:
        text = rng.choice([b"\xef\xbb\xbf" + text, text.replace(b"\n", b"\r\n")])
        notes.append("BOM or CRLF")
    return text


def answers_text(rng: random.Random, notes: list[str], mutated: float = 0.9, valid: float = 0.4) -> tuple[str, bytes]:
    """(file name, content) of an answers file, most often mutated, often still valid."""
    name, text = rng.choice(seeds().answers)
    notes.append(f"from {name}")
    if rng.random() < valid:
        text = valid_answers(rng, text, notes)
    elif rng.random() < mutated:
        text = mutate_yaml(rng, text, notes)
    extension = rng.choice([".yaml", ".yaml", ".yml", ".json", ".txt", ""])
    return f"answers{extension}", text


def result_text(rng: random.Random, notes: list[str]) -> bytes:
    """A saved `score --format json` result, perhaps mutated (diff and --previous read them)."""
    text = rng.choice(seeds().results)
    notes.append("a saved JSON result")
    if rng.random() < 0.7:
        data = json.loads(text)
        for _ in range(rng.randint(1, 3)):
            data, note = rng.choice((drop_key, rename_key, swap_type, deepen))(rng, data)
            notes.append(note)
        text = json.dumps(data, default=json_default).encode()
    if rng.random() < 0.2:
        text, note = rng.choice((t_truncate, t_bad_bytes, t_bom))(rng, text)
        notes.append(note)
    return text


SCORE_FORMATS = ("text", "json", "jsonl", "markdown", "github", "gitlab", "badge")


def output_path(rng: random.Random, built: Tree, suffix: str, inputs: Sequence[str]) -> str:
    """Where a command writes: most often a plain new file; else a place that cannot or must not be written."""
    kind = rng.choice(
        ["plain"] * 14 + ["missing", "in-file", "folder", "full", "null", "input", "link", "dangling", "loop", "long"]
    )
    if kind != "plain":
        built.notes.append(f"output: {kind}")
    if kind == "missing":
        return f"{HERE}missing/out{suffix}"
    if kind == "in-file" and inputs:
        return f"{inputs[0]}/out{suffix}"
    if kind == "folder":
        built.files["folder/keep"] = b""
        return f"{HERE}folder"
    if kind in ("full", "null"):
        return f"/dev/{kind}"
    if kind == "input" and inputs:
        return rng.choice(inputs)
    if kind == "link" and inputs:
        built.links[f"out{suffix}"] = inputs[0][len(HERE) :]
        return f"{HERE}out{suffix}"
    if kind in ("dangling", "loop"):
        built.links[f"out{suffix}"] = "nowhere/x" if kind == "dangling" else f"out{suffix}"
        return f"{HERE}out{suffix}"
    if kind == "long":
        return f"{HERE}{'o' * 300}{suffix}"
    return f"{HERE}out{suffix}"


def extra_options(rng: random.Random, extras: list[list[str]]) -> list[str]:
    """None, one or two of the options (a second --format is fine: the last one counts)."""
    count = rng.choice([0, 0, 0, 1, 1, 2])
    return [option for chosen in rng.sample(extras, count) for option in chosen]


def answers_command(rng: random.Random, built: Tree, first: str, second: str) -> list[str]:
    """A command over one or two answers files."""
    command = rng.choice(["score", "score", "score", "report", "report", "migrate", "diff", "combine", "portfolio"])
    if command == "score":
        args = ["score", first, "--format", rng.choice(SCORE_FORMATS)]
        extras = [
            ["--strict"],
            ["--fail-under", "google=1"],
            ["-m", "microsoft"],
            [second, "--array"],
            ["--github-summary"],
        ]
        return args + extra_options(rng, extras)
    if command == "report":
        args = ["report", first, "-o", output_path(rng, built, rng.choice([".md", ".html", ".htm"]), [first, second])]
        extras = [
            ["--format", "html"],
            ["--previous", second],
            ["-m", "google"],
            ["--github-summary"],
            ["--format", "markdown"],
        ]
        return args + extra_options(rng, extras)
    if command == "migrate":
        output = rng.choice([["-o", output_path(rng, built, rng.choice([".yaml", ".json"]), [first])], ["-o", "-"], []])
        return ["migrate", first, *output]
    if command == "diff":
        gate = ["--fail-on-regression"] if rng.random() < 0.5 else []
        return ["diff", first, second, "--format", rng.choice(["text", "json", "markdown"]), *gate]
    if command == "portfolio":
        inputs = rng.choice([[HERE], [first, second], [f"{HERE}*.y*ml"], [f"{HERE}**/*"]])
        gate = ["--fail-under", "microsoft=2"] if rng.random() < 0.3 else []
        return ["portfolio", *inputs, "--workers", "1", "--format", rng.choice(["text", "json", "markdown"]), *gate]
    more = [first] * rng.choice([0, 0, 1, 5])
    return ["combine", first, second, *more, "-o", output_path(rng, built, ".yaml", [first, second])]


def summary_env(rng: random.Random, built: Tree) -> dict[str, str]:
    """GITHUB_STEP_SUMMARY, for --github-summary: most often a plain file."""
    where = rng.choice(["{root}/summary.md"] * 4 + ["/dev/full", "{root}/missing/summary.md", "{root}", ""])
    built.notes.append(f"GITHUB_STEP_SUMMARY={where}")
    return {"GITHUB_STEP_SUMMARY": where}


def answers_case(rng: random.Random, index: int) -> Case:
    built = Tree()
    name, text = answers_text(rng, built.notes)
    built.files[name] = text
    second = "other.yaml"
    if rng.random() < 0.3:
        second = "other.json"
        built.files[second] = result_text(rng, built.notes)
    else:
        other_notes: list[str] = []
        _, built.files[second] = answers_text(rng, other_notes, mutated=0.3)
        built.notes.extend(f"other: {note}" for note in other_notes)
    if rng.random() < 0.04:
        built.links[second] = rng.choice([second, name, "nowhere.yaml", "/dev/zero", "."])
        built.notes.append(f"other is a link to {built.links[second]}")
    args = answers_command(rng, built, HERE + name, HERE + second)
    env = summary_env(rng, built) if "--github-summary" in args else {}
    return Case("answers", index, args, files=built.files, links=built.links, env=env, notes=built.notes)


# ----------------------------------------------------------------- family: questionnaires


def _ids(items: Data) -> list[dict[str, Data]]:
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _criteria(model: Data) -> list[dict[str, Data]]:
    if not isinstance(model, dict):
        return []
    return [criterion for level in _ids(model.get("levels")) for criterion in _ids(level.get("criteria"))]


def q_unknown_id(rng: random.Random, data: Data) -> str:
    """A reference to an id nobody defines."""
    for criterion in rng.sample(_criteria(data), min(2, len(_criteria(data)))):
        criterion[rng.choice(["requires", "next_steps"])] = rng.choice(
            [{"nope": "fully"}, ["nope"], {"code_vc": "nope"}]
        )
        return "criterion refers to an unknown id"
    steps = _ids(data.get("steps")) if isinstance(data, dict) else []
    if steps:
        rng.choice(steps)[rng.choice(["after", "done_when"])] = rng.choice([["nope"], {"nope": "mostly"}, {}])
        return "step refers to an unknown id"
    return "no reference to change"


def q_cycle(rng: random.Random, data: Data) -> str:
    steps = _ids(data.get("steps")) if isinstance(data, dict) else []
    if len(steps) < 2:
        return "no steps"
    first, second = rng.sample(steps, 2)
    kind = rng.choice(["pair", "self", "long"])
    if kind == "self":
        first["after"] = [first.get("id")]
    elif kind == "pair":
        first["after"], second["after"] = [second.get("id")], [first.get("id")]
    else:
        chain = rng.sample(steps, min(len(steps), rng.randint(3, 10)))
        for before, after in zip(chain, [*chain[1:], chain[0]], strict=True):
            after["after"] = [before.get("id")]
    return f"cycle in step `after` ({kind})"


def q_duplicate_id(rng: random.Random, data: Data) -> str:
    if not isinstance(data, dict):
        return "not a mapping"
    lists = [
        key
        for key in ("questions", "steps", "dimensions", "levels", "scale", "scopes", "detectors")
        if _ids(data.get(key))
    ]
    if not lists:
        return "no list"
    key = rng.choice(lists)
    items = _ids(data[key])
    data[key].append(copy.deepcopy(rng.choice(items)))
    return f"duplicate entry in {key}"


def q_levels(rng: random.Random, data: Data) -> str:
    levels = _ids(data.get("levels")) if isinstance(data, dict) else []
    if not levels:
        return "no levels"
    level = rng.choice(levels)
    kind = rng.choice(["empty criteria", "no criteria", "gap", "number", "tolerance", "no levels", "defining"])
    if kind == "empty criteria":
        level["criteria"] = []
    elif kind == "no criteria":
        level.pop("criteria", None)
    elif kind == "gap":
        data["levels"].remove(level)
    elif kind == "number":
        level["number"] = rng.choice([-1, 99, 1.5, "two", None, True, 10**30])
    elif kind == "tolerance":
        data["tolerance"] = rng.choice([-1, 100, "1", None, 1.5, True])
    elif kind == "no levels":
        data["levels"] = rng.choice([[], None, {}])
    else:
        for criterion in _criteria(data):
            criterion["defining"] = rng.choice([True, "yes", None])
    return f"levels: {kind}"


def q_scale(rng: random.Random, data: Data) -> str:
    if not isinstance(data, dict) or "scale" not in data:
        return "no scale"
    kind = rng.choice(["on-off", "true-false", "single", "empty", "duplicate", "n/a", "numbers"])
    words = {"on-off": ["off", "on"], "true-false": ["false", "true"], "numbers": ["0", "1", "2", "3"]}
    if kind in words:
        data["scale"] = [{"value": word, "label": word.title(), "meaning": "m"} for word in words[kind]]
    elif kind == "single":
        data["scale"] = data["scale"][:1]
    elif kind == "empty":
        data["scale"] = []
    elif kind == "duplicate":
        data["scale"].append(copy.deepcopy(data["scale"][0]))
    else:
        data["not_applicable"] = {"value": rng.choice(["no", "", None, "n/a"]), "meaning": "x"}
    return f"scale: {kind}"


def q_migrations(rng: random.Random, data: Data) -> str:
    if not isinstance(data, dict):
        return "not a mapping"
    version = data.get("version", "2027.01")
    kind = rng.choice(["cycle", "same", "unknown target", "empty becomes", "retire", "bad type"])
    entry: Data = {"from_version": "2026.11", "to_version": version, "questions": {}}
    if kind == "cycle":
        data["migrations"] = [{"from_version": "a", "to_version": "b"}, {"from_version": "b", "to_version": "a"}]
        return "migrations: cycle"
    if kind == "same":
        entry["from_version"] = version
    elif kind == "unknown target":
        entry["questions"] = {"experiment_tracking": {"becomes": ["nope"], "reason": "r"}}
    elif kind == "empty becomes":
        entry["questions"] = {"experiment_tracking": {"becomes": [], "reason": "r"}}
    elif kind == "retire":
        entry["questions"] = {"staged_environments": {"becomes": [], "retired": True, "reason": "r"}}
    else:
        entry = rng.choice([[], "x", {"from_version": None}])
    data.setdefault("migrations", [])
    if isinstance(data["migrations"], list):
        data["migrations"].append(entry)
    return f"migrations: {kind}"


def q_detectors(rng: random.Random, data: Data) -> str:
    detectors = _ids(data.get("detectors")) if isinstance(data, dict) else []
    if not detectors:
        return "no detectors"
    detector = rng.choice(detectors)
    kind = rng.choice(["regex", "catastrophic", "question", "answer", "file set", "glob"])
    signal = (_ids(detector.get("signals")) or [{}])[0]
    if kind == "regex":
        signal["contains"] = [rng.choice(["(", "[a-", "(?P<x", "*", "\\", "(?<=a+)b"])]
    elif kind == "catastrophic":
        signal["contains"] = ["^(a+)+$", "(\\w+\\s?)*$"]
    elif kind in ("question", "answer"):
        proposal = (_ids(detector.get("proposes")) or [{}])[0]
        proposal["question" if kind == "question" else "answer"] = "nope"
    elif kind == "file set":
        signal["files"] = ["@nope"]
    else:
        signal["files"] = [rng.choice(["[", "**/**/**/**", "", "/abs", "../x", "a" * 500])]
    return f"detector: {kind}"


SEMANTIC_MUTATIONS: tuple[Callable[[random.Random, Data], str], ...] = (
    q_unknown_id,
    q_cycle,
    q_duplicate_id,
    q_levels,
    q_scale,
    q_migrations,
    q_detectors,
)


def questionnaire_folder(rng: random.Random, notes: list[str]) -> tuple[str, dict[str, bytes]]:
    which = rng.choice(["shipped", "mini", "mini"])
    files = dict(seeds().folders[which])
    name = rng.choice(list(files))
    if rng.random() < 0.45:
        data = yaml.safe_load(files[name])
        note = rng.choice(SEMANTIC_MUTATIONS)(rng, data)
        files[name] = yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode()
        notes.append(f"{which}/{name}: {note}")
    else:
        before = len(notes)
        files[name] = mutate_yaml(rng, files[name], notes, data_bias=0.4)
        notes[before:] = [f"{which}/{name}: {note}" for note in notes[before:]]
    if rng.random() < 0.1:
        extra = rng.choice(
            ["README.md", "extra.yaml", ".hidden.yaml", "google.yml", "empty.yaml", "detectors/extra.yaml"]
        )
        files[extra] = rng.choice([b"", b"id: google\n", b"# notes\n", b"\xff\xfe"])
        notes.append(f"extra file {extra}")
    return which, files


def on_off_scale(rng: random.Random) -> tuple[dict[str, bytes], bytes, list[str]]:
    """A lint-clean mini questionnaire whose scale words read as booleans, and answers written unquoted."""
    words = rng.choice([["off", "on"], ["false", "true"], ["no", "yes"], ["n", "y"]])
    files = dict(seeds().folders["mini"])
    bank = yaml.safe_load(files["questions.yaml"])
    bank["scale"] = [{"value": word, "label": word.title(), "meaning": "m"} for word in words]
    for step in bank["steps"]:
        step["done_when"] = {key: words[-1] for key in step["done_when"]}
    files["questions.yaml"] = yaml.safe_dump(bank, sort_keys=False).encode()
    for model in ("alpha.yaml", "beta.yaml"):
        text = files[model].decode()
        files[model] = re.sub(r"(\{[\w, ]*?: )(\w+)", lambda match: match.group(1) + repr(words[-1]), text).encode()
    answers = "".join(f"  {question['id']}: {rng.choice(words)}\n" for question in bank["questions"])
    header = "questionnaire_version: test-1\nteam: T\ndate: 2026-11-01\nanswers:\n"
    return files, (header + answers).encode(), [f"scale {words} with unquoted answers"]


def questionnaires_case(rng: random.Random, index: int) -> Case:
    notes: list[str] = []
    if rng.random() < 0.1:
        folder, answers, notes = on_off_scale(rng)
        which = "mini"
    else:
        which, folder = questionnaire_folder(rng, notes)
        pool = seeds().mini_answers if which == "mini" else seeds().answers
        answers = rng.choice(pool)[1]
    files = {f"q/{name}": content for name, content in folder.items()}
    files["answers.yaml"] = answers
    q, ans = f"{HERE}q", f"{HERE}answers.yaml"
    links: dict[str, str] = {}
    if rng.random() < 0.05:
        q = f"{HERE}q-link"
        links["q-link"] = rng.choice(["q", "q-link", "answers.yaml", "nowhere", "/"])
        notes.append(f"-Q is a link to {links['q-link']}")
    args = rng.choice(
        [
            ["lint", q],
            ["lint", q],
            ["score", ans, "-Q", q],
            ["score", ans, "-Q", q, "--format", rng.choice(SCORE_FORMATS)],
            ["report", ans, "-Q", q, "-o", rng.choice([f"{HERE}out.md", f"{HERE}out.html"])],
            ["template", "-Q", q],
            ["schema", "-Q", q],
            ["models", "-Q", q],
            ["migrate", ans, "-Q", q, "-o", "-"],
            ["diff", ans, ans, "-Q", q],
        ]
    )
    return Case("questionnaires", index, args, files=files, links=links, notes=notes)


# ---------------------------------------------------------------------- family: templates

FILTERS = (
    "md",
    "cell",
    "link",
    "link($S)",
    "bar",
    "bar($N)",
    "by_level",
    "origin",
    "scope_reason",
    "length",
    "list",
    "first",
    "last",
    "join($S)",
    "upper",
    "title",
    "trim",
    "string",
    "int",
    "float",
    "abs",
    "round($N)",
    "center($N)",
    "indent($N)",
    "wordwrap($N)",
    "truncate($N)",
    "batch($N)",
    "slice($N)",
    "sort",
    "sort(attribute=$S)",
    "unique",
    "reverse",
    "sum",
    "sum(attribute=$S)",
    "max",
    "min",
    "dictsort",
    "items",
    "map(attribute=$S)",
    "map($S)",
    "select($S)",
    "reject",
    "selectattr($S)",
    "rejectattr($S)",
    "groupby($S)",
    "tojson",
    "tojson($N)",
    "pprint",
    "format($E)",
    "replace($S, $S)",
    "default($E)",
    "attr($S)",
    "count",
    "wordcount",
    "urlize",
    "urlencode",
    "striptags",
    "xmlattr",
    "filesizeformat",
    "escape",
    "safe",
    "capitalize",
    "nope_filter",
)
TESTS = (
    "defined",
    "none",
    "number",
    "string",
    "mapping",
    "iterable",
    "divisibleby($N)",
    "sameas($E)",
    "in($E)",
    "nope_test",
)
NUMBERS = ("0", "1", "-1", "3", "20", "100", "10000", "10001", "65536", "10 ** 6", "2 ** 63", "-10 ** 9", "1.5", "none")
STRINGS = (
    '"id"',
    '"note"',
    '"title"',
    '"level"',
    '"percent"',
    '""',
    '"x"',
    '"%s%s"',
    '"{}"',
    '"upper"',
    '"odd"',
    '"__class__"',
)
OPERATORS = ("+", "-", "*", "/", "//", "%", "**", "~", "==", "<", "in", "and", "or")


def fill(rng: random.Random, pattern: str, depth: int = 0) -> str:
    """Replace `$E` (expression), `$P` (path), `$N` (number), `$S` (string), `$F` (filter), and
    `$X` (a path, perhaps with a filter that takes anything) and `$G` (such a filter)."""

    def one(match: re.Match[str]) -> str:
        token = match.group(1)
        if token == "E":
            return expression(rng, depth + 1)
        if token == "P":
            path = rng.choice(seeds().paths)
            return (
                path + rng.choice([".nope", "[99]", "[-1]", "['id']", ".items()", "|list"])
                if rng.random() < 0.2
                else path
            )
        if token == "N":
            return rng.choice(NUMBERS)
        if token == "S":
            return rng.choice(STRINGS)
        if token == "X":
            path = rng.choice(seeds().paths)
            return f"{path} | {rng.choice(SAFE_FILTERS)}" if rng.random() < 0.5 else path
        if token == "G":
            return rng.choice(SAFE_FILTERS)
        return fill(rng, rng.choice(FILTERS), depth + 1)

    return re.sub(r"\$([EPNSFXG])", one, pattern)


def expression(rng: random.Random, depth: int = 0) -> str:
    """A jinja2 expression over the assessment: paths, literals, filters, tests, operators."""
    if depth > 3:
        return (
            rng.choice(["$P", "$N", "$S"])
            .replace("$P", rng.choice(seeds().paths))
            .replace("$N", "1")
            .replace("$S", '"s"')
        )
    forms = (
        "$P",
        "$P",
        "$P",
        "$N",
        "$S",
        "[$E, $E]",
        "{$S: $E}",
        "range($N)",
        "lipsum($N)",
        "namespace(x=$E)",
        "dict(a=$E)",
        "cycler($E, $E).next()",
        "joiner($S)()",
        "$E | $F",
        "$E | $F | $F",
        "$E is $T",
        "$E is not $T",
        "($E)",
        "$E if $E else $E",
        "$E[$E]",
        "$E[$N:$N]",
        "$E.$W",
        "$E.$W()",
        "$S.format($E)",
        "$S % $E",
        "not $E",
        "-$E",
        "$E $O $E",
        "$E $O $E",
    )
    form = rng.choice(forms)
    form = form.replace("$T", rng.choice(TESTS)).replace("$O", rng.choice(OPERATORS))
    form = form.replace(
        "$W",
        rng.choice(
            [
                "items",
                "keys",
                "values",
                "upper",
                "split",
                "append",
                "pop",
                "update",
                "__class__",
                "mro",
                "format_map",
                "get",
            ]
        ),
    )
    return fill(rng, form, depth)


SAFE_FILTERS = (
    "md",
    "cell",
    "link",
    "length",
    "string",
    "upper",
    "trim",
    "tojson",
    "first",
    "last",
    "list",
    "join(', ')",
    "default('-')",
    "truncate(50)",
    "center(30)",
    "indent(2)",
    "wordcount",
    "pprint",
    "escape",
    "title",
)
"""Filters that take any value."""
RENDERING_FRAGMENTS = (
    "{{ $X }}",
    "{{ $X }}",
    "{{ $X }}",
    "{% for x in $P %}{{ loop.index }} {{ x | $G }}{% else %}none{% endfor %}",
    "{% for m in assessment.models.values() %}| {{ m.name | cell }} | {{ m.progress.percent | bar }} |\n{% endfor %}",
    "{% for s in assessment.plan %}{% for g in s.unlocks | by_level %}{{ g.model }} {{ g.titles | join(', ') }}{% endfor %}{% endfor %}",
    "{% for a in assessment.answers %}{{ a.id | md }}: {{ a.note | md }} {{ a | origin }} {{ a.evidence | map('link') | join(' ') }}\n{% endfor %}",
    "{% for x in $P recursive %}{% if x is mapping %}{{ loop(x.values()) }}{% elif x is iterable and x is not string %}{{ loop(x) }}{% else %}{{ x | md }}{% endif %}{% endfor %}",
    "{% set ns = namespace(v=$X) %}{% for i in range(3) %}{% set ns.v = ns.v ~ ns.v %}{% endfor %}{{ ns.v | length }}",
    "{% macro m(x) %}{{ x ~ x }}{% endmacro %}{{ m(m($X)) }}",
    "{% include 'report.md.j2' %}",
    "{% include 'summary.md.j2' %}",
    "{% include 'other.md.j2' %}",
    "{% include ['missing.md.j2', 'summary.md.j2'] ignore missing %}",
    "{% extends 'summary.md.j2' %}",
    "{% import 'macros.md.j2' as mm %}{{ mm.twice($X) }}",
    "{% from 'macros.md.j2' import twice %}{{ twice($P) }}",
    "{% filter upper %}{{ $X }}{% endfilter %}",
    "{% with a = $X %}{{ a | $G }}{% endwith %}",
    "{% set x %}{{ $X }}{% endset %}{{ x * 2 }}",
    "{{ assessment.team ~ assessment.date ~ (assessment.assessor or '') }}",
    "{{ assessment.answers | selectattr('note') | map(attribute='note') | map('md') | join('; ') }}",
    "{{ assessment.answers | groupby('dimension') | map('first') | join(', ') }}",
)
BREAKING_FRAGMENTS = (
    "{{ $E }}",
    "{{ $E }}",
    "{{ $E }}",
    "{{ $P | $F }}",
    "{% for x in $E %}{{ x }}{% endfor %}",
    "{% set ns = namespace(v=$S) %}{% for i in range($N) %}{% set ns.v = ns.v ~ ns.v %}{% endfor %}{{ ns.v | length }}",
    "{% macro m(x) %}{{ x ~ x }}{% endmacro %}{{ m(m(m(m($E)))) }}",
    "{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}",
    "{% macro big(n) %}{{ 'x' * 100000 }}{{ big(n) }}{% endmacro %}{{ big(0) }}",
    "{% include 'missing.md.j2' %}",
    "{% include 'outside.md.j2' %}",
    "{% include '../answers.yaml' %}",
    "{% include '/etc/hostname' %}",
    "{% include 'sub' %}",
    "{% include 'loop.md.j2' %}",
    "{% include $E %}",
    "{% extends 'report.md.j2' %}{% block nope %}x{% endblock %}",
    "{% extends $E %}",
    "{% import 'macros.md.j2' as mm %}{{ mm.twice($E) }}",
    "{% with a = $E %}{{ a | $F }}{% endwith %}",
    "{% set x %}{{ $E }}{% endset %}{{ x * $N }}",
    "{% set assessment = $E %}{% include 'report.md.j2' %}",
    "{% set _ = $P.update({$S: $E}) %}{% include 'report.md.j2' %}",
    "{% set _ = $P.append($E) %}{% include 'summary.md.j2' %}",
    "{% for k in assessment.models %}{% set _ = assessment.models.update({k ~ 'x': 1}) %}{% endfor %}",
    "{% for a in assessment.answers %}{% set _ = assessment.answers.append(a) %}{% endfor %}",
    "{{ '%*d' % ($N, 1) }}",
    "{{ '{:{w}}'.format(1, w=$N) }}",
    "{{ '%' ~ $N ~ 'd' }}",
    "{{ $E ** $N }}",
    "{{ $S * $N }}",
    "{{ [$E] * $N }}",
    "{{ range($N) | list | length }}",
    "{{ lipsum($N, true, $N, $N) }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ $P.__class__.__base__ }}",
    "{{ 1 / 0 }}",
    "{{ $E is divisibleby 0 }}",
    "{{ nope_undefined }}",
    "{{ $P.nope_attribute }}",
    "{% for %}",
    "{{ ",
    "{% if $E %}",
    "{% endfor %}",
    "{# unterminated comment",
    "{% raw %}{{ unterminated raw",
    "{% do $E %}",
    "{% break %}",
    "{{ $E }",
    "}}{{",
)


def deep_template(rng: random.Random) -> tuple[str, str]:
    """Nesting or length meant for the parser and Python's compiler."""
    count = rng.choice([50, 100, 300, 1000, 5000])
    kind = rng.choice(["if", "parentheses", "sum", "filters", "for", "list"])
    if kind == "if":
        return "{% if true %}" * count + "x" + "{% endif %}" * count, f"{count} nested ifs"
    if kind == "parentheses":
        return "{{ " + "(" * count + "1" + ")" * count + " }}", f"{count} nested parentheses"
    if kind == "sum":
        return "{{ 1" + " + 1" * count + " }}", f"a sum of {count} terms"
    if kind == "filters":
        return "{{ assessment.team" + " | upper" * count + " }}", f"{count} filters"
    if kind == "for":
        return "{% for a in [1] %}" * count + "x" + "{% endfor %}" * count, f"{count} nested loops"
    return "{{ " + "[" * count + "]" * count + " }}", f"{count} nested lists"


def template_body(rng: random.Random, notes: list[str]) -> str:
    if rng.random() < 0.1:
        body, note = deep_template(rng)
        notes.append(note)
        return body
    if rng.random() < 0.1:
        notes.append("a shipped or test template")
        return rng.choice(seeds().templates).decode("utf-8", "replace")
    parts = ["# {{ assessment.team | md }}\n"]
    parts += [fill(rng, rng.choice(RENDERING_FRAGMENTS)) for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.4:
        parts.insert(rng.randint(1, len(parts)), fill(rng, rng.choice(BREAKING_FRAGMENTS)))
        notes.append("a breaking fragment")
    notes.append(f"{len(parts) - 1} fragments")
    return "\n".join(parts)


def template_encoding(rng: random.Random, text: str, notes: list[str]) -> bytes:
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.15:
        data, note = rng.choice((t_bom, t_bad_bytes, t_line_endings, t_truncate, t_oversize))(rng, data)
        notes.append(note)
    return data


def template_case(rng: random.Random, index: int) -> Case:
    notes: list[str] = []
    main = template_encoding(rng, template_body(rng, notes), notes)
    files = {
        "tpl/main.md.j2": main,
        "tpl/other.md.j2": template_encoding(rng, fill(rng, rng.choice(RENDERING_FRAGMENTS)), notes),
        "tpl/macros.md.j2": b"{% macro twice(x) %}{{ x ~ x }}{% endmacro %}",
        "tpl/loop.md.j2": b"{% include 'loop.md.j2' %}",
        "tpl/sub/inner.md.j2": b"inner",
        "outside.md.j2": b"outside {{ assessment.team }}",
    }
    links = {
        "tpl/outside.md.j2": rng.choice(
            ["../outside.md.j2", "/etc/hostname", "outside.md.j2", "main.md.j2", "/nonexistent"]
        )
    }
    if rng.random() < 0.1:
        files["tpl/report.md.j2"] = rng.choice([b"{% include 'report.md.j2' %}", b"shadowed {{ assessment.team }}"])
        notes.append("a local report.md.j2")
    which = rng.random()
    if which < 0.15:
        answers, q = rng.choice(seeds().mini_answers)[1], ["-Q", str(ROOT / "tests/data/mini")]
    else:
        answer_notes: list[str] = []
        _, answers = answers_text(rng, answer_notes, mutated=0.1, valid=0.6)
        notes.extend(f"answers: {note}" for note in answer_notes)
        q = []
    files["answers.yaml"] = answers
    template = rng.choice(
        [f"{HERE}tpl/main.md.j2"] * 8 + [f"{HERE}tpl/outside.md.j2", f"{HERE}tpl", f"{HERE}tpl/missing.md.j2"]
    )
    args = ["report", f"{HERE}answers.yaml", "--template", template, *q]
    options = [["-o", f"{HERE}out.md"]] * 8 + [[], [], ["-m", "google" if not q else "alpha"], ["--format", "html"]]
    args += rng.choice(options)
    return Case("templates", index, args, files=files, links=links, notes=notes)


# --------------------------------------------------------------------------- family: scan

WORKFLOWS = (
    "name: ci\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - uses: actions/checkout@v4\n      - run: pip install -r requirements.txt\n      - run: pytest\n",
    "on: [push]\njobs:\n  train:\n    if: false\n    runs-on: ubuntu-latest\n    steps:\n      - run: python train.py\n"
    "      - run: mlflow run .\n",
    "on:\n  schedule:\n    - cron: '0 3 * * *'\n  workflow_dispatch:\njobs:\n  retrain:\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - run: dvc repro\n      - run: python -m pipeline.deploy --stage production\n",
    "on:\n  push:\n    tags: ['v*']\n    branches-ignore: ['**']\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n"
    "    environment: production\n    steps:\n      - run: kubectl apply -f k8s/\n      - run: great_expectations checkpoint run x\n",
)
GITLAB = (
    "stages: [test, deploy]\ntest:\n  stage: test\n  script:\n    - pytest\ndeploy:\n  stage: deploy\n  script:\n"
    "    - kubectl apply -f k8s\n  rules:\n    - if: $CI_COMMIT_BRANCH == 'main'\n",
    "workflow:\n  rules:\n    - when: never\ntrain:\n  script: [python train.py, mlflow run .]\ninclude:\n  - local: other.yml\n",
)
DOCKERFILES = (
    'FROM python:3.11-slim\nCOPY . /app\nRUN pip install mlflow bentoml\nCMD ["uvicorn", "serve:app"]\n',
    'FROM nvidia/cuda:12.1\n# RUN pip install tensorflow-serving\nENTRYPOINT ["torchserve", "--start"]\n',
)
REQUIREMENTS = (
    "mlflow==2.9\nscikit-learn>=1.3\ngreat_expectations\nevidently\nfeast[redis]\npytest\n-r other.txt\n-e .\n",
    "--index-url https://x.example\nkfp==2.0 ; python_version > '3.8'\ntorch @ https://download.pytorch.org/x.whl\n",
)
PYTHON = (
    # NOTE: split so that a scan of this repository does not take this text for tracking code.
    "import "
    "mlflow\nfrom great_expectations import DataContext\n\n\ndef train():\n    mlflow."
    "log_metric('auc', 0.9)\n"
    "    '''docstring with import wandb'''\n",
    "# -*- coding: latin-1 -*-\nimport evidently\nfrom feast import FeatureStore\nstore = FeatureStore('.')\n",
    "def test_model():\n    assert predict([1]) == [0]\n\n\ndef test_training_converges():\n    pass\n",
)
NOTEBOOK = {
    "nbformat": 4,
    "nbformat_minor": 5,
    "metadata": {},
    "cells": [
        {
            "cell_type": "code",
            "source": ["import " + "mlflow\n", "mlflow." + "autolog()\n"],
            "outputs": [],
            "metadata": {},
        },
        {"cell_type": "markdown", "source": "# Training", "metadata": {}},
        {"cell_type": "code", "source": "import wandb\nwandb.init()", "outputs": [], "metadata": {}},
    ],
}
OTHER_FILES = {
    "dvc.yaml": "stages:\n  train:\n    cmd: python train.py\n    deps: [data]\n    outs: [model.pkl]\n",
    "data.dvc": "outs:\n- md5: 1\n  path: data\n",
    ".dvc/config": "[core]\n    remote = s3\n['remote \"s3\"']\n    url = s3://bucket\n",
    "feature_store.yaml": "project: x\nregistry: data/registry.db\nprovider: local\n",
    "MLproject": "name: x\nentry_points:\n  main:\n    command: python train.py\n",
    "bentofile.yaml": "service: 'service:svc'\n",
    "k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 2\n  strategy:\n    type: RollingUpdate\n",
    "main.tf": 'resource "aws_sagemaker_endpoint" "e" {\n  name = "x"\n}\n',
    "docker-compose.yml": "services:\n  mlflow:\n    image: ghcr.io/mlflow/mlflow\n",
    "Jenkinsfile": "pipeline { stages { stage('test') { steps { sh 'pytest' } } } }\n",
    "azure-pipelines.yml": "trigger: [main]\nsteps:\n- script: pytest\n",
    ".circleci/config.yml": "version: 2.1\njobs:\n  test:\n    steps: [checkout, {run: pytest}]\n",
    "cloudbuild.yaml": "steps:\n- name: gcr.io/cloud-builders/docker\n  args: [build, .]\n",
    "great_expectations.yml": "config_version: 3\n",
    "tests/integration/test_api.py": "def test_api():\n    assert client.get('/predict').status_code == 200\n",
    "monitoring/alerts.yaml": "groups:\n- name: drift\n  rules:\n  - alert: DataDrift\n    expr: psi > 0.2\n",
    ".git/config": '[core]\n\trepositoryformatversion = 0\n[remote "origin"]\n\turl = git@github.com:x/y.git\n',
    ".git/packed-refs": "# pack-refs\nabc refs/tags/model@v1.2.3\nabc refs/tags/fraud#deploy#12\nbad line\n",
    ".git/refs/tags/model@v2.0.0": "abc\n",
}
IGNORE_PATTERNS = (
    "*.pyc",
    "build/",
    "!keep.py",
    "**/node_modules",
    "/root-only",
    "a/**/b",
    "\\#hash",
    "[abc]*.py",
    "[!a-z].yml",
    "[",
    "\\",
    "***",
    "*?*?*?*?",
    "foo   ",
    "foo\\ ",
    ".github/",
    "*",
    "!*.yml",
    "!.github/",
    "**",
    "\u202e*.py",
    "x" * 1000,
    "*a*a*a*a*a*a*a*a",
    "# comment",
    "",
    "/",
    "!",
    "**/",
    "[[:alpha:]]*",
    "a[",
    "*.[",
)
ODD_NAMES = (
    "new\nline.py",
    "tab\tname.py",
    "colon:12.py",
    "train.py:12 reason.py",
    "-rf.py",
    " space .py",
    "\u202eyp.exe.py",
    "e\u0301.py",
    "*.py",
    "?.yml",
    "[x].yml",
    "back\\slash.py",
    "n" * 250 + ".py",
    "\udcff\udcfe.py",
    "\x1b[31mred.py",
    ".py",
    "..yml",
    "Dockerfile.",
    "requirements.txt ",
)


def _maybe_mutated(rng: random.Random, tree: Tree, name: str, text: str, yaml_like: bool) -> None:
    data = text.encode()
    if rng.random() < 0.6:
        before = len(tree.notes)
        if yaml_like:
            data = mutate_yaml(rng, data, tree.notes, data_bias=0.4)
        else:
            for _ in range(rng.randint(1, 2)):
                data, note = rng.choice(
                    (t_bad_bytes, t_truncate, t_line_endings, t_line_edit, t_long_line, t_bom, t_empty)
                )(rng, data)
                tree.notes.append(note)
        tree.notes[before:] = [f"{name}: {note}" for note in tree.notes[before:]]
    tree.files[f"repo/{name}"] = data


def part_workflow(rng: random.Random, tree: Tree) -> None:
    name = f".github/workflows/{rng.choice(['ci', 'train', 'deploy', 'x'])}.{rng.choice(['yml', 'yaml'])}"
    _maybe_mutated(rng, tree, name, rng.choice(WORKFLOWS), yaml_like=True)


def part_gitlab(rng: random.Random, tree: Tree) -> None:
    _maybe_mutated(rng, tree, ".gitlab-ci.yml", rng.choice(GITLAB), yaml_like=True)


def part_dockerfile(rng: random.Random, tree: Tree) -> None:
    name = rng.choice(["Dockerfile", "serving/Dockerfile", "Dockerfile.gpu", "x.Dockerfile", "Containerfile"])
    _maybe_mutated(rng, tree, name, rng.choice(DOCKERFILES), yaml_like=False)


def part_requirements(rng: random.Random, tree: Tree) -> None:
    name = rng.choice(["requirements.txt", "requirements-dev.txt", "pyproject.toml", "environment.yml", "setup.cfg"])
    _maybe_mutated(rng, tree, name, rng.choice(REQUIREMENTS), yaml_like=name.endswith(".yml"))


def part_python(rng: random.Random, tree: Tree) -> None:
    name = rng.choice(["train.py", "src/pipeline/steps.py", "tests/test_model.py", "serve.py", "dags/retrain.py"])
    text = rng.choice(PYTHON)
    if rng.random() < 0.2:
        text = rng.choice(['"""unterminated\n', "'''\n" * 3, "x = '''" * 500, "#" * 100_000, "\x00" * 10]) + text
    _maybe_mutated(rng, tree, name, text, yaml_like=False)


def part_notebook(rng: random.Random, tree: Tree) -> None:
    notebook: Data = copy.deepcopy(NOTEBOOK)
    kind = rng.choice(["valid", "cells", "source", "top", "nbformat3", "outputs", "broken"])
    if kind == "cells":
        notebook["cells"] = rng.choice([None, {}, "cells", [1, None, "x"], [[]]])
    elif kind == "source":
        notebook["cells"][0]["source"] = rng.choice([None, 1, [1, 2], {"a": "b"}, [None], "x" * 100_000])
    elif kind == "top":
        notebook = rng.choice([[], "x", 1, None])
    elif kind == "nbformat3":
        notebook = {"nbformat": 3, "worksheets": [{"cells": [{"cell_type": "code", "input": "import mlflow"}]}]}
    elif kind == "outputs":
        notebook["cells"][0]["outputs"] = [{"output_type": "stream", "text": ["import mlflow\n"] * 10_000}]
    text = json.dumps(notebook)
    if kind == "broken":
        text = text[: rng.randint(0, len(text))]
    tree.notes.append(f"notebook: {kind}")
    tree.files[f"repo/{rng.choice(['train.ipynb', 'notebooks/explore.ipynb'])}"] = text.encode()


def part_other(rng: random.Random, tree: Tree) -> None:
    name, text = rng.choice(list(OTHER_FILES.items()))
    _maybe_mutated(rng, tree, name, text, yaml_like=name.endswith((".yaml", ".yml")))


def part_gitignore(rng: random.Random, tree: Tree) -> None:
    patterns = [rng.choice(IGNORE_PATTERNS) for _ in range(rng.randint(1, 8))]
    where = rng.choice(["", "", "src/", ".github/"])
    text = "\n".join(patterns).encode()
    if rng.random() < 0.2:
        text, note = rng.choice((t_bad_bytes, t_bom, t_line_endings))(rng, text)
        tree.notes.append(f".gitignore: {note}")
    tree.files[f"repo/{where}.gitignore"] = text
    tree.notes.append(f"{where}.gitignore: {patterns!r}"[:200])


def part_links(rng: random.Random, tree: Tree) -> None:
    kind = rng.choice(["inside", "outside", "parent", "self", "pair", "dangling", "folder", "dev", "git"])
    targets = {
        "inside": ("linked.py", "train.py"),
        "outside": (".github/workflows/outside.yml", "/etc/passwd"),
        "parent": ("up", ".."),
        "self": ("self.yml", "self.yml"),
        "dangling": ("requirements.txt", "nowhere.txt"),
        "folder": (".github", "/tmp"),
        "dev": ("Dockerfile", "/dev/zero"),
        "git": (".git", "/"),
    }
    if kind == "pair":
        tree.links["repo/a.yml"], tree.links["repo/b.yml"] = "b.yml", "a.yml"
    else:
        name, target = targets[kind]
        tree.links[f"repo/{name}"] = target
    tree.notes.append(f"symbolic link: {kind}")


def part_odd_names(rng: random.Random, tree: Tree) -> None:
    for name in rng.sample(ODD_NAMES, rng.randint(1, 3)):
        folder = rng.choice(["", "src/", ".github/workflows/"])
        tree.files[f"repo/{folder}{name}"] = (
            rng.choice(PYTHON).encode() if name.endswith(".py") else rng.choice(WORKFLOWS).encode()
        )
        tree.notes.append(f"odd name {folder}{name!r}")


def part_deep(rng: random.Random, tree: Tree) -> None:
    depth = rng.choice([20, 60, 150, 400, 1100])
    folder = "/".join(["d"] * depth)
    tree.files[f"repo/{folder}/train.py"] = b"import mlflow\n"
    tree.notes.append(f"a folder {depth} levels deep")


def part_special(rng: random.Random, tree: Tree) -> None:
    kind = rng.choice(["fifo", "big", "binary", "empty", "many", "folder-as-file", "git-file"])
    if kind == "fifo":
        tree.fifos.append(
            rng.choice(
                ["repo/requirements.txt", "repo/.gitignore", "repo/.github/workflows/ci.yml", "repo/.git/config"]
            )
        )
    elif kind == "big":
        size = rng.choice([1_048_575, 1_048_577, 5_000_000])
        tree.files["repo/big.py"] = b"import mlflow\n" + b"#" * (size - 14)
    elif kind == "binary":
        tree.files["repo/model.py"] = bytes(range(256)) * 10
    elif kind == "empty":
        tree.files["repo/empty.yml"] = b""
        tree.files["repo/.github/workflows/empty.yml"] = b""
    elif kind == "many":
        for number in range(rng.choice([300, 3000])):
            tree.files[f"repo/many/{number % 37}/f{number}.py"] = b"x = 1\n"
    elif kind == "folder-as-file":
        tree.files[
            rng.choice(
                ["repo/.gitignore/x", "repo/Dockerfile/x", "repo/.github/workflows/ci.yml/x", "repo/.git/config/x"]
            )
        ] = b"x"
    else:
        tree.files["repo/.git"] = rng.choice([b"gitdir: /etc\n", b"gitdir: ../../..\n", b"\xff"])
    tree.notes.append(f"special: {kind}")


SCAN_PARTS: tuple[Callable[[random.Random, Tree], None], ...] = (
    part_workflow,
    part_workflow,
    part_gitlab,
    part_dockerfile,
    part_requirements,
    part_python,
    part_notebook,
    part_other,
    part_other,
    part_gitignore,
    part_gitignore,
    part_links,
    part_odd_names,
    part_deep,
    part_special,
)


def scan_seed_tree() -> Case:
    """A plain repository with a few findings (its draft is a seed answers file)."""
    tree = Tree()
    tree.files["repo/.github/workflows/ci.yml"] = WORKFLOWS[0].encode()
    tree.files["repo/train.py"] = PYTHON[0].encode()
    tree.files["repo/Dockerfile"] = DOCKERFILES[0].encode()
    return Case("scan", -1, [], files={name.removeprefix("repo/"): data for name, data in tree.files.items()})


def scan_case(rng: random.Random, index: int) -> Case:
    tree = Tree()
    tree.files["repo/README.md"] = b"# A model\n"
    for _ in range(rng.randint(1, 6)):
        rng.choice(SCAN_PARTS)(rng, tree)
    repo = f"{HERE}repo"
    args = ["scan", repo, "--format", rng.choice(["yaml", "json", "text", "markdown"])]
    extra = rng.random()
    files = dict(tree.files)
    if extra < 0.15:
        answer_notes: list[str] = []
        _, files["answers.yaml"] = answers_text(rng, answer_notes, mutated=0.3)
        output = rng.choice([f"{HERE}merged.yaml", f"{HERE}answers.yaml"])
        args = ["scan", repo, "--merge", f"{HERE}answers.yaml", "-o", output]
        tree.notes.append("--merge")
    elif extra < 0.25:
        args += ["--team", text_value(rng)[:2000].replace("\x00", "")]
    elif extra < 0.3:
        args = ["scan", rng.choice([f"{HERE}repo/README.md", f"{HERE}missing", f"{HERE}repo/.git"])]
    elif extra < 0.4:
        args += ["-o", output_path(rng, tree, ".yaml", [f"{HERE}repo/README.md"])]
        files = dict(tree.files)
    return Case("scan", index, args, files=files, links=tree.links, fifos=tree.fifos, notes=tree.notes)


# ------------------------------------------------------------------------ generation


FAMILY_BUILDERS: dict[str, Callable[[random.Random, int], Case]] = {
    "answers": answers_case,
    "questionnaires": questionnaires_case,
    "templates": template_case,
    "scan": scan_case,
}


def make_case(seed: int, index: int, families: Sequence[str] = FAMILIES) -> Case:
    """Case `index` of a run: the same for the same seed, index and families."""
    rng = random.Random(seed * 1_000_003 + index)
    family = families[index % len(families)]
    case = FAMILY_BUILDERS[family](rng, index)
    case.through_subprocess = index % SUBPROCESS_EVERY == SUBPROCESS_EVERY - 1
    return case


# ------------------------------------------------------------------------------- running


def make_folders(path: Path) -> None:
    """`mkdir -p` without recursion (pathlib's and os.makedirs's recurse once per level)."""
    missing: list[Path] = []
    while not path.is_dir():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        os.mkdir(folder)


def remove_tree(root: Path) -> None:
    """`rm -rf` without recursion, links not followed (shutil.rmtree recurses once per level)."""
    stack, folders = [str(root)], []
    while stack:
        folder = stack.pop()
        folders.append(folder)
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    os.unlink(entry.path)
    for folder in reversed(folders):
        os.rmdir(folder)


def materialize(case: Case, root: Path) -> None:
    """Write the case's files, links and FIFOs under `root`; what the system refuses is skipped."""
    make_folders(root)
    for name, data in case.files.items():
        path = root / name
        try:
            make_folders(path.parent)
            path.write_bytes(data)
        except OSError:  # a name the file system refuses, or a file where a folder was wanted
            continue
    for name, target in case.links.items():
        path = root / name
        try:
            make_folders(path.parent)
            if path.is_dir() and not path.is_symlink():
                remove_tree(path)
            elif path.exists() or path.is_symlink():
                path.unlink()
            os.symlink(target, path)
        except OSError:
            continue
    for name in case.fifos:
        path = root / name
        try:
            make_folders(path.parent)
            if path.exists() and not path.is_dir():
                path.unlink()
            os.mkfifo(path)
        except OSError:
            continue


def allowed_exit_codes(args: Sequence[str]) -> set[int]:
    command = args[0] if args else ""
    gate = GATED.get(command)
    return {0, 1, 2} if gate is not None and gate in args else {0, 2}


def problem_of(args: Sequence[str], exit_code: int, seconds: float, output: str) -> str | None:
    if exit_code == 3:
        return "exit 3"
    if "Traceback" in output:
        return "traceback"
    if exit_code not in allowed_exit_codes(args):
        return f"undocumented exit {exit_code}"
    if seconds > SLOW_SECONDS and not (exit_code == 2 and TIME_BOUNDED in output):
        return f"slow: {seconds:.1f} s"
    return None


@contextlib.contextmanager
def kept_descriptors() -> Iterator[list[int]]:
    """Descriptors 1 and 2 as they were after the block, and the list of those the block moved.

    In-process, a command that takes an error for stdout's points descriptor 1 at /dev/null
    (`exit_code_for`): this process's own stdout, which must outlive the case.
    """
    saved = {descriptor: os.dup(descriptor) for descriptor in (1, 2)}
    before = {descriptor: os.fstat(descriptor) for descriptor in saved}
    moved: list[int] = []
    try:
        yield moved
    finally:
        for descriptor, copy_of in saved.items():
            now = os.fstat(descriptor)
            if (now.st_dev, now.st_ino) != (before[descriptor].st_dev, before[descriptor].st_ino):
                moved.append(descriptor)
                os.dup2(copy_of, descriptor)
            os.close(copy_of)


def run_in_process(case: Case, root: str) -> Outcome:
    from typer.testing import CliRunner

    from mlops_maturity.cli import app

    args = [resolve(argument, root) for argument in case.args]
    env: dict[str, str | None] = {
        **BASE_ENV,
        **dict.fromkeys(UNSET_ENV),
        **{k: v.replace("{root}", root) for k, v in case.env.items()},
    }
    with kept_descriptors() as moved:
        started = time.perf_counter()
        result = CliRunner().invoke(app, args, env=env)
        seconds = time.perf_counter() - started
    stderr = result.stderr
    if moved:
        stderr += f"\n[fuzz] the command pointed descriptor(s) {moved} elsewhere (restored)\n"
    if result.exception is not None and not isinstance(result.exception, SystemExit) and result.exc_info:
        stderr += "\nexception escaped the command:\n" + "".join(traceback.format_exception(*result.exc_info))
    output = result.stdout + stderr
    problem = problem_of(case.args, result.exit_code, seconds, output)
    return Outcome(case.family, case.index, "in-process", result.exit_code, seconds, result.stdout, stderr, problem)


def run_subprocess(case: Case, root: str) -> Outcome:
    args = [resolve(argument, root) for argument in case.args]
    env = {name: value for name, value in os.environ.items() if name not in UNSET_ENV}
    env.update(BASE_ENV)
    env.update({k: v.replace("{root}", root) for k, v in case.env.items()})
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "mlops_maturity", *args],
            capture_output=True,
            timeout=HANG_SECONDS,
            env=env,
            cwd=root,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        seconds = time.perf_counter() - started
        return Outcome(case.family, case.index, "subprocess", -9, seconds, "", "", f"hang: over {HANG_SECONDS:g} s")
    seconds = time.perf_counter() - started
    stdout = done.stdout.decode("utf-8", "replace")
    stderr = done.stderr.decode("utf-8", "replace")
    problem = problem_of(case.args, done.returncode, seconds, stdout + stderr)
    return Outcome(case.family, case.index, "subprocess", done.returncode, seconds, stdout, stderr, problem)


def run_case(case: Case, subprocess_too: bool | None = None) -> list[Outcome]:
    """Run a case in a fresh folder, in-process and (for some cases) as a real process."""
    folder = Path(tempfile.mkdtemp(prefix=f"fuzz-{case.family}-"))
    root = str(folder / "case")
    try:
        materialize(case, Path(root))
        outcomes = [run_in_process(case, root)]
        if case.through_subprocess if subprocess_too is None else subprocess_too:
            remove_tree(Path(root))
            materialize(case, Path(root))  # a fresh copy: the first run may have written outputs
            outcomes.append(run_subprocess(case, root))
    finally:
        remove_tree(folder)
    return outcomes


# ------------------------------------------------------------------------------- workers


def _worker(connection: multiprocessing.connection.Connection) -> None:
    os.environ.update(BASE_ENV)
    for name in UNSET_ENV:
        os.environ.pop(name, None)
    while True:
        job: tuple[Case, bool | None] | None = connection.recv()
        if job is None:
            return
        case, subprocess_too = job
        try:
            outcomes = run_case(case, subprocess_too)
        except Exception as error:  # noqa: BLE001 - the fuzzer's own trouble is reported, not raised
            detail = "".join(traceback.format_exception(error))
            outcomes = [Outcome(case.family, case.index, "in-process", -1, 0.0, "", detail, "fuzzer error")]
        connection.send(outcomes)


@dataclass
class _Slot:
    process: BaseProcess
    connection: multiprocessing.connection.Connection
    job: tuple[Case, bool | None] | None = None
    started: float = 0.0


class Workers:
    """Processes that run cases; one silent for `HANG_SECONDS` is killed and its case is a hang."""

    def __init__(self, count: int) -> None:
        self.context = multiprocessing.get_context("fork")
        self.slots = [self._start() for _ in range(count)]

    def _start(self) -> _Slot:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(child,), daemon=True)
        process.start()
        child.close()
        return _Slot(process, parent)

    def run(self, jobs: Iterator[tuple[Case, bool | None]]) -> Iterator[list[Outcome]]:
        pending = True
        while True:
            for slot in self.slots:
                if slot.job is None and pending:
                    job = next(jobs, None)
                    if job is None:
                        pending = False
                        continue
                    slot.job, slot.started = job, time.monotonic()
                    slot.connection.send(job)
            busy = [slot for slot in self.slots if slot.job is not None]
            if not busy:
                return
            ready = multiprocessing.connection.wait([slot.connection for slot in busy], timeout=1.0)
            for slot in busy:
                if slot.connection in ready:
                    yield from self._receive(slot)
                elif time.monotonic() - slot.started > HANG_SECONDS:
                    yield [self._hang(slot)]

    def _receive(self, slot: _Slot) -> Iterator[list[Outcome]]:
        try:
            outcomes: list[Outcome] = slot.connection.recv()
        except EOFError:  # the worker died (killed by the system, or os._exit in the code under test)
            case = slot.job[0] if slot.job else None
            self._replace(slot)
            if case is not None:
                yield [Outcome(case.family, case.index, "in-process", -1, 0.0, "", "", "worker died")]
            return
        slot.job = None
        yield outcomes

    def _hang(self, slot: _Slot) -> Outcome:
        assert slot.job is not None
        case = slot.job[0]
        self._replace(slot)
        return Outcome(
            case.family, case.index, "in-process", -9, HANG_SECONDS, "", "", f"hang: over {HANG_SECONDS:g} s"
        )

    def _replace(self, slot: _Slot) -> None:
        slot.process.kill()
        slot.process.join()
        slot.connection.close()
        fresh = self._start()
        slot.process, slot.connection, slot.job = fresh.process, fresh.connection, None

    def close(self) -> None:
        for slot in self.slots:
            with contextlib.suppress(OSError):
                slot.connection.send(None)
            slot.process.join(timeout=5)
            if slot.process.is_alive():
                slot.process.kill()


# ------------------------------------------------------------------------------ shrinking


def shrink(case: Case, failure: Outcome, workers: Workers) -> tuple[Case, int]:
    """A smaller case that still fails with the same signature: files, then lines, dropped."""
    budget = [SHRINK_BUDGET]
    deadline = time.monotonic() + SHRINK_SECONDS
    subprocess_too = failure.entry == "subprocess"

    def still_fails(candidate: Case) -> bool:
        if budget[0] <= 0 or time.monotonic() > deadline:
            return False
        budget[0] -= 1
        outcomes = next(workers.run(iter([(candidate, subprocess_too)])))
        return any(outcome.problem and outcome.signature == failure.signature for outcome in outcomes)

    current = copy.deepcopy(case)
    referenced = {argument[len(HERE) :] for argument in case.args if argument.startswith(HERE)}
    for name in sorted(current.files, key=lambda name: -len(current.files[name])):
        if name not in referenced:
            candidate = copy.deepcopy(current)
            del candidate.files[name]
            if still_fails(candidate):
                current = candidate
    for name in sorted(current.files, key=lambda name: -len(current.files[name])):
        current.files[name] = _shrink_lines(current, name, still_fails)
    return current, SHRINK_BUDGET - budget[0]


def _shrink_lines(case: Case, name: str, still_fails: Callable[[Case], bool]) -> bytes:
    lines = case.files[name].split(b"\n")
    chunk = len(lines) // 2
    while chunk >= 1:
        start = 0
        while start < len(lines):
            candidate_lines = lines[:start] + lines[start + chunk :]
            candidate = copy.deepcopy(case)
            candidate.files[name] = b"\n".join(candidate_lines)
            if candidate_lines and still_fails(candidate):
                lines = candidate_lines
            else:
                start += chunk
        chunk //= 2
    return b"\n".join(lines)


# ------------------------------------------------------------------------------ reporting


def keep_case(case: Case, failure: Outcome, folder: Path) -> Path:
    """The case's files, its command (`repro.sh`) and what it printed, under `folder`."""
    where = folder / f"{case.family}-{case.index:05d}"
    if where.exists():
        remove_tree(where)
    materialize(case, where)
    manifest = {
        "family": case.family,
        "index": case.index,
        "command": command_line(case),
        "env": case.env,
        "notes": case.notes,
        "problem": failure.problem,
        "entry": failure.entry,
        "exit_code": failure.exit_code,
        "seconds": round(failure.seconds, 3),
        "files": {
            os.fsencode(name).decode("utf-8", "backslashreplace"): base64.b64encode(data).decode()
            for name, data in case.files.items()
        },
        "links": case.links,
        "fifos": case.fifos,
    }
    (where / "case.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    env = " ".join(f"{name}={shlex.quote(value.replace('{root}', '.'))}" for name, value in case.env.items())
    command = shlex.join([resolve(argument, ".") for argument in case.args])
    script = f'#!/bin/sh\ncd "$(dirname "$0")" && {env + " " if env else ""}${{PYTHON:-python}} -m mlops_maturity {command}\necho "exit $?"\n'
    (where / "repro.sh").write_text(script, encoding="utf-8")
    (where / "repro.sh").chmod(0o755)
    (where / "output.txt").write_text(
        failure.stdout + "\n--- stderr ---\n" + failure.stderr, encoding="utf-8", errors="replace"
    )
    return where


def error_lines(outcome: Outcome, count: int = 8) -> list[str]:
    """The error's first lines and, for a traceback, its last frames."""
    text = (outcome.stderr or outcome.stdout).strip()
    lines = [line for line in text.splitlines() if line.strip()]
    if "Traceback" in text:
        start = max(index for index, line in enumerate(lines) if "Traceback" in line)
        return [*lines[:2], "...", *lines[max(start, len(lines) - count) :]]
    return lines[:count]


def summary_table(outcomes: list[Outcome], cases: Counter[str]) -> list[str]:
    rows = [
        f"{'family':<16}{'cases':>7}{'subproc':>9}{'exit 0':>8}{'exit 1':>8}{'exit 2':>8}{'other':>7}{'fail':>6}{'slowest':>10}{'total s':>9}"
    ]
    for family in [*FAMILIES, "all"]:
        chosen = [outcome for outcome in outcomes if family in ("all", outcome.family)]
        if not chosen:
            continue
        codes = Counter(outcome.exit_code for outcome in chosen)
        rows.append(
            f"{family:<16}{(sum(cases.values()) if family == 'all' else cases[family]):>7}"
            f"{sum(outcome.entry == 'subprocess' for outcome in chosen):>9}"
            f"{codes[0]:>8}{codes[1]:>8}{codes[2]:>8}{sum(n for c, n in codes.items() if c not in (0, 1, 2)):>7}"
            f"{sum(outcome.problem is not None for outcome in chosen):>6}"
            f"{max(outcome.seconds for outcome in chosen):>9.2f}s{sum(outcome.seconds for outcome in chosen):>9.1f}"
        )
    return rows


# ----------------------------------------------------------------------------------- main


@dataclass
class Run:
    """What a fuzz run found."""

    outcomes: list[Outcome]
    cases: dict[int, Case]
    seconds: float

    @property
    def failures(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.problem is not None]


def fuzz(
    count: int,
    seed: int = SEED,
    families: Sequence[str] = FAMILIES,
    jobs: int = 1,
    only: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Run:
    """Generate and run `count` cases (or only case `only`); in worker processes when `jobs` > 1."""
    indices = [only] if only is not None else list(range(count))
    cases = {index: make_case(seed, index, families) for index in indices}
    if only is not None:
        cases[only].through_subprocess = True  # a case looked at alone: through the real entry point too
    started = time.perf_counter()
    outcomes: list[Outcome] = []
    if jobs <= 1:
        for done, index in enumerate(indices, 1):
            outcomes.extend(run_case(cases[index]))
            if progress:
                progress(done, len(indices))
    else:
        workers = Workers(jobs)
        try:
            for done, result in enumerate(workers.run((cases[index], None) for index in indices), 1):
                outcomes.extend(result)
                if progress:
                    progress(done, len(indices))
        finally:
            workers.close()
    return Run(outcomes, cases, time.perf_counter() - started)


def _progress(done: int, total: int) -> None:
    if done % 100 == 0 or done == total:
        print(f"  {done}/{total} cases", file=sys.stderr, flush=True)


def report_failures(run: Run, keep: Path | None, shrink_failures: bool) -> list[str]:
    """One block per distinct failure: the command, the input kept, the first lines of the error."""
    lines: list[str] = []
    by_signature: dict[str, list[Outcome]] = {}
    for failure in run.failures:
        by_signature.setdefault(failure.signature, []).append(failure)
    workers = Workers(1) if shrink_failures and by_signature else None
    try:
        for number, (signature, failures) in enumerate(by_signature.items(), 1):
            first = failures[0]
            case = run.cases[first.index]
            note = ""
            if workers is not None and number <= SHRINK_AT_MOST and first.seconds < 3:
                case, spent = shrink(case, first, workers)
                note = f" (shrunk in {spent} runs)"
            lines.append(
                f"\n[{number}] {signature}  x{len(failures)}: cases {', '.join(str(f.index) for f in failures[:10])}"
            )
            lines.append(f"    problem: {first.problem} ({first.entry}, exit {first.exit_code}, {first.seconds:.2f} s)")
            lines.append(f"    command: {command_line(case)}")
            lines.append(f"    input:   {'; '.join(case.notes)[:300]}")
            if keep is not None:
                lines.append(f"    kept:    {keep_case(case, first, keep)}{note}")
            lines.extend(f"    | {line[:200]}" for line in error_lines(first))
    finally:
        if workers is not None:
            workers.close()
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help=f"number of cases (default {DEFAULT_CASES})")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_CASES} cases")
    parser.add_argument("--seed", type=int, default=SEED, help=f"default {SEED}")
    parser.add_argument("--family", action="append", choices=FAMILIES, help="only this family (repeat for several)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes (default: 2)")
    parser.add_argument("--only", type=int, help="run only this case number (same seed and families)")
    parser.add_argument("--keep", type=Path, help="write each failing case (shrunk) under this folder")
    parser.add_argument("--no-shrink", action="store_true", help="keep failing cases as generated")
    options = parser.parse_args(argv)
    count = QUICK_CASES if options.quick else options.cases
    families = tuple(options.family or FAMILIES)
    seeds()  # read before the workers start, so that each inherits them
    print(
        f"fuzzing {count if options.only is None else 1} cases, seed {options.seed}, {options.jobs} workers",
        file=sys.stderr,
    )
    run = fuzz(count, options.seed, families, max(1, options.jobs), options.only, _progress)
    lines = summary_table(run.outcomes, Counter(case.family for case in run.cases.values()))
    print("\n".join(lines))
    print(
        f"\n{len(run.cases)} cases, {len(run.outcomes)} runs in {run.seconds:.1f} s; {len(run.failures)} failing runs"
    )
    bounded = sum(TIME_BOUNDED in outcome.stderr for outcome in run.outcomes)
    if bounded:
        print(f"({bounded} runs refused by the documented 10 s template render bound, exit 2: not counted as slow)")
    warned = [outcome for outcome in run.outcomes if PYTHON_WARNING.search(outcome.stderr)]
    if warned:
        found = PYTHON_WARNING.search(warned[0].stderr)
        print(
            f"({len(warned)} runs printed a Python warning, not counted as failures; case {warned[0].index}: {found.group() if found else ''})"
        )
    if run.failures:
        print("\n".join(report_failures(run, options.keep, not options.no_shrink)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
