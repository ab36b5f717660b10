"""The plain YAML reader gives what PyYAML's path gives, or leaves the text to it.

Every refusal and message comes from PyYAML's path (tests/answers, tests/questionnaire);
here: whatever `plain_yaml` accepts, it reads to the same data and the same lines.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_maturity.errors import InputFileError
from mlops_maturity.plain_yaml import read_plain
from mlops_maturity.yaml_document import parse_yaml
from mlops_maturity.yaml_reader import read_with_pyyaml

ROOT = Path(__file__).resolve().parents[1]
YAML_FILES = sorted(
    path
    for folder in ("examples", "questionnaires", "tests/data")
    for path in (ROOT / folder).rglob("*")
    if path.suffix in (".yaml", ".yml", ".json")
)


def _lines(node: Any, loc: tuple[Any, ...] = ()) -> dict[tuple[Any, ...], Any]:
    """Every node's line (and each key's, and each scalar's text as written), by key path."""
    found: dict[tuple[Any, ...], Any] = {loc: node.start_mark.line}
    if node.id == "mapping":
        for key, value in node.value:
            found[(*loc, key.value, "<key>")] = key.start_mark.line
            found.update(_lines(value, (*loc, key.value)))
    elif node.id == "sequence":
        for index, value in enumerate(node.value):
            found.update(_lines(value, (*loc, index)))
    else:
        found[(*loc, "<text>")] = node.value
    return found


def _same_as_pyyaml(text: str) -> bool:
    """Whether the plain reader read `text` (asserting it read it as PyYAML's path does)."""
    plain = read_plain(text)
    if plain is None:
        return False
    try:
        data, node = read_with_pyyaml(text, "file.yaml")
    except InputFileError as error:
        raise AssertionError(f"read plainly, but PyYAML's path refuses it: {error}") from None
    assert repr(plain[0]) == repr(data)
    assert _lines(plain[1]) == _lines(node)
    return True


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_each_file_of_the_project_reads_the_same_or_is_left_to_pyyaml(path: Path) -> None:
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8 (refused before any YAML is read)")
    _same_as_pyyaml(text)


def test_the_examples_are_read_without_pyyaml() -> None:
    plainly = [path.name for path in (ROOT / "examples").glob("*.yaml") if read_plain(path.read_text("utf-8"))]
    assert len(plainly) == len(list((ROOT / "examples").glob("*.yaml")))


def test_scoring_a_plain_answers_file_does_not_import_pyyaml() -> None:
    """PyYAML's import costs more start-up than scoring; `score` in CI reads plain files."""
    program = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mlops_maturity.yaml_document import load_yaml_file\n"
        f"load_yaml_file(Path({str(ROOT / 'examples' / 'fraud-platform.yaml')!r}), what='answers')\n"
        "print('yaml' in sys.modules)\n"
    )
    loaded = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "False"


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # a duplicate key
        "on: 1\n",  # a key YAML reads as a boolean
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "a: !!python/object 1\n",  # a tag
        "a:\n\tb: 1\n",  # a tab
        "a: 'it''s'\n",  # an escaped quote
        'a: "\\u00e9"\n',  # an escape
        "a: b: c\n",  # a mapping where text belongs
        "a: 1\n  b: 2\n",  # bad indentation
        "a: [1, 2\n",  # a flow list left open
        "a: {b: 1, b: 2}\n",  # a duplicate key in a flow mapping
        "a: 0x1F\n",  # YAML 1.1's other numbers
        "- a\n- b\n",  # a list at the top
        "",  # nothing
        "--- \na: 1\n",  # a document marker
        "a: |\n  text\n",  # a block scalar
    ],
)
def test_what_it_does_not_know_is_left_to_pyyaml(text: str) -> None:
    assert read_plain(text) is None


def test_mistakes_are_reported_by_pyyaml_with_their_line() -> None:
    with pytest.raises(InputFileError) as refused:
        parse_yaml("team: A\nanswers:\n  a: 1\n  a: 2\n", "answers.yaml")
    assert refused.value.located is not None
    assert refused.value.located.line == 4
    assert "duplicate key 'a' (first at line 3)" in str(refused.value.located)


KEYS = st.sampled_from(["team", "answers", "a", "b_2", "note", "on", "No", "null", "x-y", "evidence"])
PLAIN = st.sampled_from(
    ["mostly", "no", "NO", "off", "yes", "True", "~", "null", "", "12", "012", "0", "-3", "1.5", "2026-11-12",
     "2026-11-12 10:00:00", "a: b", "http://x.y/z", "Card fraud (risk)", "x #comment", "é", "_x", ".inf", "=", "<<",
     "[a, b]", "{a: 1}", "['a', \"b\"]", "{a: [1, 'x'], b: {c: no}}", "[]", "{}", "'q'", '"d"', "'it''s'", '"\\t"',
     "a,b", "{a: }", "[a,]", "{'k': v}", "!!str x", "&a x", "*a", "| x", "> x", "{a: -1}", "[x, #b]", "{b: c:d}",
     "[x, !t]", "[ ]", "[x ,y ]", "{a: 'x' }", "[a b, c]", "{a: b} x", "[1, 2]  # c", "{on: x}", "{'a': 1, \"b\": 2}"]
)  # fmt: skip


@st.composite
def documents(draw: st.DrawFn, depth: int = 0) -> str:
    """Block YAML from the pieces files are made of, in good and bad arrangements."""
    lines: list[str] = []
    indent = " " * draw(st.sampled_from([0, 0, 0, 1, 2])) if depth else ""
    for _ in range(draw(st.integers(1, 4))):
        key = draw(KEYS)
        choice = draw(st.integers(0, 5))
        if choice <= 2 or depth >= 2:
            lines.append(f"{indent}{key}: {draw(PLAIN)}".rstrip() + draw(st.sampled_from(["", " # c", "  "])))
            if draw(st.integers(0, 6)) == 0:
                lines.append(f"{indent}  {draw(PLAIN)}")  # text going on, or not
        elif choice == 3:
            lines.append(f"{indent}{key}:")
            step = draw(st.sampled_from(["", "  ", "    "]))
            lines += [f"{indent}{step}- {draw(PLAIN)}" for _ in range(draw(st.integers(0, 3)))]
        elif choice == 4:
            lines.append(f"{indent}{key}:")
            step = draw(st.sampled_from(["", "  "]))
            lines.append(f"{indent}{step}- {draw(KEYS)}: {draw(PLAIN)}")
            lines.append(f"{indent}{step}  {draw(KEYS)}: {draw(PLAIN)}")
        else:
            lines.append(f"{indent}{key}:")
            inner = draw(documents(depth + 1))
            lines += [f"{indent}  {line}" if line else line for line in inner.split("\n")]
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["", "# a comment", "   # indented comment", "  "])))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=400, deadline=None)
@given(documents())
def test_generated_documents_read_the_same_or_are_left_to_pyyaml(text: str) -> None:
    _same_as_pyyaml(text)
    _same_as_pyyaml(text.replace("\n", "\r\n"))
