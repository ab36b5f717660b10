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
from mlops_maturity.scan.patterns import Match, Pattern, compile_lines
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
    contains: tuple[Pattern, ...]
    also: tuple[Pattern, ...]
    inactive_if: tuple[tuple[Pattern, str], ...]
    inactive_unless: tuple[tuple[Pattern, str], ...]


def _compile(detector: Detector, signal: Signal) -> CompiledSignal:
    def patterns(sources: tuple[str, ...]) -> tuple[Pattern, ...]:
        return tuple(compile_lines(source) for source in sources)

    return CompiledSignal(
        detector=detector,
        signal=signal,
        keywords=tuple(keyword.lower() for keyword in signal.keywords),
        contains=patterns(signal.contains),
        also=patterns(signal.also),
        inactive_if=tuple((compile_lines(rule.pattern), rule.reason) for rule in signal.inactive_if),
        inactive_unless=tuple((compile_lines(rule.pattern), rule.reason) for rule in signal.inactive_unless),
    )


@dataclass(frozen=True, slots=True)
class SignalGroup:
    """The signals that apply to a kind of path, with their keywords gathered once."""

    signals: tuple[CompiledSignal, ...]
    keywords: tuple[str, ...]
    unkeyed: tuple[CompiledSignal, ...] = ()
    """The signals without keywords: the only ones to try on a file that has none of `keywords`."""


_NO_SIGNALS = SignalGroup((), ())


class _GlobIndex:
    """Globs by what a path's name must be to match one: that name, that extension, or anything."""

    def __init__(self) -> None:
        self.sources: list[str] = []
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.by_extension: dict[str, list[int]] = defaultdict(list)
        self.anywhere: list[int] = []

    def add(self, glob: str) -> int:
        number = len(self.sources)
        self.sources.append(glob_regex(glob))
        name = glob.rsplit("/", 1)[-1].lower()
        extension = name.rsplit(".", 1)[-1] if "." in name else None
        if not _WILDCARDS.search(name):
            self.by_name[name].append(number)
        elif extension is not None and not _WILDCARDS.search(extension):
            self.by_extension[extension].append(number)
        else:
            self.anywhere.append(number)
        return number

    def candidates(self, name: str, extension: str) -> tuple[int, ...]:
        return (*self.by_name.get(name, ()), *self.by_extension.get(extension, ()), *self.anywhere)


@dataclass(frozen=True, slots=True)
class _Candidates:
    """The globs a kind of path (a name, an extension) could match, as one regex, and what it found so far."""

    numbers: tuple[int, ...]
    regex: re.Pattern[str]
    """One `(?:(?=glob\\Z)())?` per glob, then one for prose and one for test code: a group is '' where it matched."""
    groups: dict[tuple[str | None, ...], SignalGroup]


class Matcher:
    """Which signals apply to a path, and what they find in a file's text."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.files = _GlobIndex()
        self.prose = _GlobIndex()
        self.tests = _GlobIndex()
        self.glob_signals: list[list[int]] = []
        self.signals: list[CompiledSignal] = []
        self.git_signals: list[CompiledSignal] = []
        self.groups: dict[tuple[tuple[int, ...], bool], SignalGroup] = {}
        self.candidates: dict[tuple[str, str], _Candidates] = {}
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
                        known[glob] = self.files.add(glob)
                        self.glob_signals.append([])
                    self.glob_signals[known[glob]].append(len(self.signals) - 1)
        for glob in catalogue.prose:
            self.prose.add(glob)
        for glob in catalogue.test_files:
            self.tests.add(glob)
        indexes = (self.files, self.prose, self.tests)
        self.names = frozenset(name for index in indexes for name in index.by_name)
        self.extensions = frozenset(extension for index in indexes for extension in index.by_extension)

    def signals_for(self, path: str) -> SignalGroup:
        """The signals whose files include `path` (prose never; test code for testing signals only).

        NOTE: the globs a path could match (by its name and extension) are tried in one regex
        call, each as a lookahead, prose and test code too, and the groups it captures name
        the signal group, cached: 14 calls of `fullmatch` per Python file were 2 s of 7 in a
        scan of 200,000 files.
        """
        name = path.rsplit("/", 1)[-1].lower()
        extension = name.rsplit(".", 1)[-1] if "." in name else ""
        key = (name if name in self.names else "", extension if extension in self.extensions else "")
        candidates = self.candidates.get(key)
        if candidates is None:
            candidates = self.candidates[key] = self._candidates(*key)
        if not candidates.numbers:
            return _NO_SIGNALS
        match = candidates.regex.match(path)
        found = match.groups() if match is not None else ()
        group = candidates.groups.get(found)
        if group is None:
            group = candidates.groups[found] = self._signals_matched(candidates.numbers, found)
        return group

    def _candidates(self, name: str, extension: str) -> _Candidates:
        numbers = self.files.candidates(name, extension)
        sources = [self.files.sources[number] for number in numbers]
        for index in (self.prose, self.tests):
            sources.append("|".join(f"(?:{index.sources[i]})" for i in index.candidates(name, extension)) or "(?!)")
        regex = "".join(f"(?:(?=(?:{source})\\Z)())?" for source in sources)
        return _Candidates(numbers, re.compile(regex, re.IGNORECASE), {})

    def _signals_matched(self, numbers: tuple[int, ...], found: tuple[str | None, ...]) -> SignalGroup:
        """The group for the globs `found` says matched (then prose, then test code)."""
        matched = tuple(number for number, hit in zip(numbers, found, strict=False) if hit is not None)
        is_prose, is_test = (hit is not None for hit in found[len(numbers) :]) if found else (False, False)
        if not matched or is_prose:
            return _NO_SIGNALS
        group = self.groups.get((matched, is_test))
        if group is None:
            group = self.groups[(matched, is_test)] = self._group(matched, is_test)
        return group

    def _group(self, globs: tuple[int, ...], is_test: bool) -> SignalGroup:
        chosen = sorted({signal for number in globs for signal in self.glob_signals[number]})
        signals = tuple(self.signals[i] for i in chosen if self.signals[i].signal.in_tests or not is_test)
        keywords = tuple(dict.fromkeys(keyword for signal in signals for keyword in signal.keywords))
        return SignalGroup(signals, keywords, tuple(signal for signal in signals if not signal.keywords))

    def findings_in(self, path: str, shown: str, text: str, group: SignalGroup) -> list[Finding]:
        """What a group of signals finds in a file's text: at most one finding per signal.

        Raises:
            UnreadableWorkflow: a GitHub workflow that cannot be read as one (`workflows.py`).
        """
        lowered = text.lower()
        present = {keyword for keyword in group.keywords if keyword in lowered}
        masked: str | None = None
        found: list[Finding] = []
        for compiled in group.signals if present else group.unkeyed:
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


def _start(match: Match) -> int:
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
