"""The catalogue compiled for speed, and the findings of one file.

Globs are indexed by file name and extension, so each file is tested only against the
globs that could match it, before anything is read; a file is read once, and its patterns
are tried only when it contains one of their keywords. Comments, Python docstrings and other
triple-quoted strings, and a notebook's Markdown cells and outputs are blanked (keeping line
numbers) before matching: a commented-out workflow is not a workflow, and a tool named in
prose is not a tool in use. A GitHub workflow's switched-off jobs and unreachable triggers
are blanked too (`workflows.py`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from mlops_maturity.safe_text import printable
from mlops_maturity.scan.catalogue import Catalogue, Detector, Signal
from mlops_maturity.scan.result import Finding
from mlops_maturity.scan.workflows import runnable_workflow

_WILDCARDS = re.compile(r"[*?\[]")
_HASH_COMMENTS = re.compile(r"(?m)^[ \t]*#.*$")
_SLASH_COMMENTS = re.compile(r"(?m)^[ \t]*//.*$")
# A notebook's JSON source line, `    "import mlflow\n",`, read as the code it holds.
_NOTEBOOK_LINE = re.compile(r'(?m)^[ \t]*"(.*?)(?:\\n)?",?[ \t]*$')
_TRIPLE_QUOTED = re.compile(r'(?s)("""|\'\'\')(.*?)\1')
_NOTEBOOK_CELL_TYPE = re.compile(r'^\s*"cell_type"\s*:\s*"(\w+)"')
_NOTEBOOK_SOURCE = re.compile(r'^\s*"source"\s*:\s*\[\s*$')
_NOTEBOOK_LIST_END = re.compile(r"^\s*\],?\s*$")
_HASH_EXTENSIONS = frozenset({"py", "r", "yaml", "yml", "sh", "bash", "tf", "toml", "cfg", "ini", "properties", "conf"})
_SLASH_EXTENSIONS = frozenset({"js", "ts", "java", "cs", "go", "groovy", "bicep", "kt", "scala", "tf", "jsonc"})
_HASH_NAMES = frozenset({"dockerfile", "containerfile", "config"})
_SLASH_NAMES = frozenset({"jenkinsfile"})
MAX_EXCERPT = 100


def glob_regex(glob: str) -> str:
    """A glob from the repository root as a regex: `**/` any folders, `*` and `?` within one name."""
    out: list[str] = []
    index = 0
    while index < len(glob):
        if glob.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif glob.startswith("**", index):
            out.append(".*")
            index += 2
        else:
            char = glob[index]
            out.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
            index += 1
    return "".join(out)


@dataclass(frozen=True, slots=True)
class CompiledSignal:
    """A signal ready to run: patterns compiled, keywords lowered."""

    detector: Detector
    signal: Signal
    keywords: tuple[str, ...]
    contains: tuple[re.Pattern[str], ...]
    also: tuple[re.Pattern[str], ...]
    inactive_if: tuple[tuple[re.Pattern[str], str], ...]
    inactive_unless: tuple[tuple[re.Pattern[str], str], ...]


def _compile(detector: Detector, signal: Signal) -> CompiledSignal:
    def patterns(sources: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(source, re.MULTILINE) for source in sources)

    return CompiledSignal(
        detector=detector,
        signal=signal,
        keywords=tuple(keyword.lower() for keyword in signal.keywords),
        contains=patterns(signal.contains),
        also=patterns(signal.also),
        inactive_if=tuple((re.compile(rule.pattern, re.MULTILINE), rule.reason) for rule in signal.inactive_if),
        inactive_unless=tuple((re.compile(rule.pattern, re.MULTILINE), rule.reason) for rule in signal.inactive_unless),
    )


@dataclass(frozen=True, slots=True)
class SignalGroup:
    """The signals that apply to a kind of path, with their keywords gathered once."""

    signals: tuple[CompiledSignal, ...]
    keywords: tuple[str, ...]


_NO_SIGNALS = SignalGroup((), ())


class Matcher:
    """Which signals apply to a path, and what they find in a file's text."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.globs: list[re.Pattern[str]] = []
        self.glob_signals: list[list[int]] = []
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.by_extension: dict[str, list[int]] = defaultdict(list)
        self.anywhere: list[int] = []
        self.signals: list[CompiledSignal] = []
        self.git_signals: list[CompiledSignal] = []
        self.groups: dict[tuple[tuple[int, ...], bool], SignalGroup] = {}
        known: dict[str, int] = {}
        for detector in catalogue.detectors:
            for signal in detector.signals:
                compiled = _compile(detector, signal)
                if signal.git_tags or signal.git_config:
                    self.git_signals.append(compiled)
                if not signal.files:
                    continue
                self.signals.append(compiled)
                for glob in _expanded(signal.files, catalogue.file_sets):
                    if glob not in known:
                        known[glob] = self._index(glob)
                    self.glob_signals[known[glob]].append(len(self.signals) - 1)
        self.prose = _any_of(catalogue.prose)
        self.tests = _any_of(catalogue.test_files)

    def _index(self, glob: str) -> int:
        number = len(self.globs)
        self.globs.append(re.compile(glob_regex(glob), re.IGNORECASE))
        self.glob_signals.append([])
        name = glob.rsplit("/", 1)[-1].lower()
        extension = name.rsplit(".", 1)[-1] if "." in name else None
        if not _WILDCARDS.search(name):
            self.by_name[name].append(number)
        elif extension is not None and not _WILDCARDS.search(extension):
            self.by_extension[extension].append(number)
        else:
            self.anywhere.append(number)
        return number

    def signals_for(self, path: str) -> SignalGroup:
        """The signals whose files include `path` (prose never; test code for testing signals only)."""
        name = path.rsplit("/", 1)[-1].lower()
        extension = name.rsplit(".", 1)[-1] if "." in name else ""
        candidates = [*self.by_name.get(name, ()), *self.by_extension.get(extension, ()), *self.anywhere]
        if not candidates:
            return _NO_SIGNALS
        matched = tuple(number for number in candidates if self.globs[number].fullmatch(path))
        if not matched or (self.prose is not None and self.prose.fullmatch(path)):
            return _NO_SIGNALS
        is_test = self.tests is not None and self.tests.fullmatch(path) is not None
        group = self.groups.get((matched, is_test))
        if group is None:
            group = self.groups[(matched, is_test)] = self._group(matched, is_test)
        return group

    def _group(self, globs: tuple[int, ...], is_test: bool) -> SignalGroup:
        chosen = sorted({signal for number in globs for signal in self.glob_signals[number]})
        signals = tuple(self.signals[i] for i in chosen if self.signals[i].signal.in_tests or not is_test)
        keywords = tuple(dict.fromkeys(keyword for signal in signals for keyword in signal.keywords))
        return SignalGroup(signals, keywords)

    def findings_in(self, path: str, shown: str, text: str, group: SignalGroup) -> list[Finding]:
        """What a group of signals finds in a file's text: at most one finding per signal."""
        lowered = text.lower()
        present = {keyword for keyword in group.keywords if keyword in lowered}
        masked: str | None = None
        found: list[Finding] = []
        for compiled in group.signals:
            if compiled.keywords and present.isdisjoint(compiled.keywords):
                continue
            if masked is None:
                masked = code_lines(path, text)
            finding = _finding(compiled, shown, masked)
            if finding is not None:
                found.append(finding)
        return found


def _finding(compiled: CompiledSignal, shown: str, text: str) -> Finding | None:
    matches = [match for pattern in compiled.contains if (match := pattern.search(text)) is not None]
    if compiled.contains and not matches:
        return None
    if not all(pattern.search(text) for pattern in compiled.also):
        return None
    position = min(_start(match) for match in matches) if matches else 0
    inactive = None
    for pattern, reason in compiled.inactive_if:
        match = pattern.search(text)
        if match is not None:
            inactive, position = reason, _start(match)
            break
    if inactive is None:
        inactive = next((reason for pattern, reason in compiled.inactive_unless if not pattern.search(text)), None)
    return make_finding(compiled, shown, line_at(text, position), _line_text(text, position), inactive)


def _start(match: re.Match[str]) -> int:
    """Where a match's text starts: a leading `^\\s*` may have crossed blank lines."""
    matched = match.group()
    return match.start() + len(matched) - len(matched.lstrip())


def make_finding(compiled: CompiledSignal, shown: str, line: int, excerpt: str, inactive: str | None) -> Finding:
    detector = compiled.detector
    return Finding(
        detector=detector.id,
        practice=detector.practice,
        tool=detector.tool,
        path=printable(shown),
        line=line,
        reason=compiled.signal.reason,
        excerpt=printable(excerpt.strip())[:MAX_EXCERPT],
        inactive=inactive,
    )


def line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _line_text(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start : end if end != -1 else len(text)]


def code_lines(path: str, text: str) -> str:
    """The text with comment lines blanked (line numbers kept); a notebook's JSON as its code."""
    name = path.rsplit("/", 1)[-1].lower()
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if extension == "ipynb":
        return _without_trailing_comments(_HASH_COMMENTS.sub("", _NOTEBOOK_LINE.sub(r"\1", _notebook_code(text))))
    if extension == "py":
        text = _TRIPLE_QUOTED.sub(_only_newlines, text)
    if extension in ("yml", "yaml") and path.startswith(".github/workflows/"):
        text = runnable_workflow(text)
    if extension in _HASH_EXTENSIONS or name in _HASH_NAMES or name.startswith("dockerfile"):
        text = _without_trailing_comments(_HASH_COMMENTS.sub("", text))
    if extension in _SLASH_EXTENSIONS or name in _SLASH_NAMES or name.startswith("jenkinsfile"):
        text = _SLASH_COMMENTS.sub("", text)
    return text


def _only_newlines(match: re.Match[str]) -> str:
    return "\n" * match.group().count("\n")


def _without_trailing_comments(text: str) -> str:
    """Each line without a `#` comment after its code (a `#` inside quotes is kept)."""
    if "#" not in text:
        return text
    return "\n".join(_code_of(line) if "#" in line else line for line in text.split("\n"))


def _code_of(line: str) -> str:
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[:index]
    return line


def _notebook_code(text: str) -> str:
    """A notebook (as Jupyter writes it, one JSON item a line) with only its code cells' source kept."""
    lines = text.split("\n")
    if not any(_NOTEBOOK_CELL_TYPE.match(line) for line in lines):
        return text  # not written one item a line: read as it is
    kept: list[str] = []
    kind = ""
    in_source = False
    for line in lines:
        if in_source:
            in_source = not _NOTEBOOK_LIST_END.match(line)
            kept.append(line if in_source and kind == "code" else "")
            continue
        cell_type = _NOTEBOOK_CELL_TYPE.match(line)
        if cell_type is not None:
            kind = cell_type.group(1)
        in_source = _NOTEBOOK_SOURCE.match(line) is not None
        kept.append("")
    return "\n".join(kept)


def _expanded(globs: tuple[str, ...], file_sets: dict[str, tuple[str, ...]]) -> list[str]:
    return [member for glob in globs for member in (file_sets[glob[1:]] if glob.startswith("@") else (glob,))]


def _any_of(globs: tuple[str, ...]) -> re.Pattern[str] | None:
    if not globs:
        return None
    return re.compile("|".join(f"(?:{glob_regex(glob)})" for glob in globs), re.IGNORECASE)
