"""Structure-aware fuzzing: one scalar of a shipped example replaced by a YAML-special token.

The issue found 121 crashes in 400 such mutations (impossible dates, tags over bad text,
huge numbers). Every mutation must give a result (exit 0) or a clean error (exit 2) with
its file named: never a traceback, never exit 3. A questionnaire folder goes through the
same reader, so its files are mutated the same way.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mlops_maturity.cli import app
from mlops_maturity.questionnaire.folder import check_folder

from ..conftest import EXAMPLES, MINI

TOKENS = [
    # dates and times PyYAML's constructor refuses, and ones it reads
    "2026-02-30",
    "0000-01-01",
    "2026-11-01 25:00:00",
    "2026-11-01T10:00:00+99:00",
    "2026-11-01T10:00:00Z",
    "25:00",
    "1:2:3:4:5:6",
    # explicit tags, over good and bad text
    "!!int abc",
    "!!int 3",
    "!!float",
    "!!float x",
    "!!bool",
    "!!bool maybe",
    "!!timestamp x",
    "!!timestamp 2026-11-01",
    "!!binary aGk=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!str 2026-02-30",
    "!!python/object:os.system",
    "!custom x",
    "!<tag:example.com,2026:x> y",
    # numbers past Python's conversion limit, and other numbers
    "1" * 5000,
    "-" + "9" * 4400,
    "0x" + "f" * 5000,
    "0b" + "1" * 5000,
    ":".join(["59"] * 1000),
    "1e99999",
    "1_000",
    ".nan",
    "-.inf",
    "0o17",
    "0b_",
    "0x_",
    "._",
    "+_",
    # booleans, nulls and YAML 1.1's odd words
    "false",
    "off",
    "NO",
    "yes",
    "On",
    "true",
    "~",
    "null",
    "=",
    "<<",
    # merge keys, anchors and collections where a scalar was
    "{<<: {a: 1}}",
    "&anchor x",
    "*anchor",
    "[]",
    "{}",
    "[1, [2, [3]]]",
    "? [a]",
    # JSON escapes, n/a and text
    '"\\ud83d\\ude80"',
    '"\\ud83d"',
    "n/a",
    "'n/a'",
    '""',
    '"\\x1b]0;title\\x07"',
]

EXAMPLE_TEXTS = {path.name: path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.yaml"))}
MINI_TEXTS = {path.name: path.read_text(encoding="utf-8") for path in sorted(MINI.glob("*.yaml"))}


def scalar_spans(text: str) -> list[tuple[int, int]]:
    """Where each scalar (key or value) of a YAML text is written, as character offsets."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    spans: list[tuple[int, int]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            spans.append((current.start_mark.index, current.end_mark.index))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            stack.extend(part for pair in current.value for part in pair)
    return sorted(spans)


SPANS = {name: scalar_spans(text) for name, text in {**EXAMPLE_TEXTS, **MINI_TEXTS}.items()}
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def mutated(data: st.DataObject, name: str, text: str) -> str:
    start, end = data.draw(st.sampled_from(SPANS[name]))
    return text[:start] + data.draw(st.sampled_from(TOKENS)) + text[end:]


@FUZZ
@given(data=st.data())
def test_one_special_scalar_in_an_example_gives_a_result_or_a_clean_error(tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    name = data.draw(st.sampled_from(sorted(EXAMPLE_TEXTS)))
    path = tmp_path_factory.mktemp("token") / name
    path.write_text(mutated(data, name, EXAMPLE_TEXTS[name]), encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(path), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.stdout == ""
        assert result.stderr.startswith(f"error: {path}")


@FUZZ
@given(data=st.data())
def test_one_special_scalar_in_a_questionnaire_gives_problems_never_a_crash(tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("questionnaire")
    target = data.draw(st.sampled_from(sorted(MINI_TEXTS)))
    for name, text in MINI_TEXTS.items():
        (folder / name).write_text(mutated(data, name, text) if name == target else text, encoding="utf-8")
    questionnaires, problems = check_folder(folder)
    assert (questionnaires is None) == bool(problems)
    for problem in problems:
        assert str(problem).startswith(str(folder))


def test_every_token_in_every_answer_position_of_one_example(tmp_path: Path) -> None:
    """Deterministic sweep: each token as the first answer's value, so no token is left to chance."""
    name = "fraud-platform.yaml"
    text = EXAMPLE_TEXTS[name]
    start = text.index("answers:")
    first_value = next(span for span in SPANS[name] if span[0] > start and text[span[0] - 2 : span[0]] == ": ")
    for token in TOKENS:
        path = tmp_path / name
        path.write_text(text[: first_value[0]] + token + text[first_value[1] :], encoding="utf-8")
        result = CliRunner().invoke(app, ["score", str(path), "--format", "json"])
        assert result.exit_code in (0, 2), (token[:40], result.output)
        assert "Traceback" not in result.output, token[:40]
