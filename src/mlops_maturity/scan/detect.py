"""The catalogue compiled for speed, and the findings of one file.

Globs are indexed by file name and extension, so each file is tested only against the
globs that could match it, before anything is read; a file is read once, and its patterns
are tried only when it contains one of their keywords. They match the file's code
(`code_text.py`: comments blanked, a notebook's code cells only), and a switch found in the
file turns off the step it is written in, or the whole file (`switches.py`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from mlops_maturity.safe_text import printable
from mlops_maturity.scan.catalogue import Catalogue, Detector, Signal
from mlops_maturity.scan.code_text import CodeText, code_lines
from mlops_maturity.scan.patterns import KeywordSet, Match, Pattern, compile_lines
from mlops_maturity.scan.result import Finding
from mlops_maturity.scan.switches import Switch, judge

_WILDCARDS = re.compile(r"[*?\[]")
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
    steps: tuple[Pattern, ...]


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
        steps=patterns(signal.steps),
    )


@dataclass(frozen=True, slots=True)
class SignalGroup:
    """The signals that apply to a kind of path, with their keywords gathered once."""

    signals: tuple[CompiledSignal, ...]
    keywords: tuple[str, ...]
    unkeyed: tuple[CompiledSignal, ...] = ()
    """The signals without keywords: the only ones to try on a file that has none of `keywords`."""
    prose: bool = False
    """The path is prose, course material or an example: never evidence."""
    keyword_set: KeywordSet | None = None
    """`keywords`, to find those a text holds in one pass."""
    test: bool = False
    """The path is test code or under a test folder."""


_NO_SIGNALS = SignalGroup((), ())
_PROSE = SignalGroup((), (), prose=True)
_NO_TEST_SIGNALS = SignalGroup((), (), test=True)


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
        self.ci_signals: list[CompiledSignal] = []
        self.groups: dict[tuple[tuple[int, ...], bool], SignalGroup] = {}
        self.candidates: dict[tuple[str, str], _Candidates] = {}
        self.aliases = catalogue.aliases
        known: dict[str, int] = {}
        for detector in catalogue.detectors:
            for signal in detector.signals:
                compiled = _compile(detector, signal)
                if signal.git_tags or signal.git_config:
                    self.git_signals.append(compiled)
                if signal.ci_work is not None:
                    self.ci_signals.append(compiled)
                if not signal.files:
                    continue
                self.signals.append(compiled)
                for glob in expanded(signal.files, catalogue.file_sets):
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
        if is_prose:
            return _PROSE
        if not matched:
            return _NO_TEST_SIGNALS if is_test else _NO_SIGNALS
        if not matched:
            return _NO_SIGNALS
        group = self.groups.get((matched, is_test))
        if group is None:
            group = self.groups[(matched, is_test)] = self._group(matched, is_test)
        return group

    def _group(self, globs: tuple[int, ...], is_test: bool) -> SignalGroup:
        chosen = sorted({signal for number in globs for signal in self.glob_signals[number]})
        signals = tuple(self.signals[i] for i in chosen if self.signals[i].signal.in_tests or not is_test)
        keywords = tuple(dict.fromkeys(keyword for signal in signals for keyword in signal.keywords))
        unkeyed = tuple(signal for signal in signals if not signal.keywords)
        return SignalGroup(signals, keywords, unkeyed, test=is_test, keyword_set=KeywordSet(keywords))

    def findings_in(self, path: str, shown: str, text: str, group: SignalGroup) -> list[Finding]:
        """What a group of signals finds in a file's text: at most one finding per signal.

        Raises:
            UnreadableWorkflow: a GitHub workflow that cannot be read as one (`workflows.py`).
            UnreadableNotebook: a notebook that is not a notebook's JSON (`notebooks.py`).
        """
        code: CodeText | None = None
        if path.lower().endswith(".ipynb"):  # keywords in outputs and prose cells do not count (nor cost)
            code = code_lines(path, text, self.aliases)
            text = code.text
        present = group.keyword_set.present(text) if group.keyword_set is not None else set()
        found: list[Finding] = []
        for compiled in group.signals if present else group.unkeyed:
            if compiled.keywords and present.isdisjoint(compiled.keywords):
                continue
            if code is None:
                code = code_lines(path, text, self.aliases)
            finding = _finding(compiled, shown, code)
            if finding is not None:
                found.append(finding)
        return found


def _finding(compiled: CompiledSignal, shown: str, code: CodeText) -> Finding | None:
    text = code.for_matching
    matches = [match for pattern in compiled.contains if (match := pattern.search(text)) is not None]
    if compiled.contains and not matches:
        return None
    if not all(pattern.search(text) for pattern in compiled.also):
        return None
    position = min(_start(match) for match in matches) if matches else 0
    inactive = None
    if compiled.steps:
        switches = [
            Switch(_start(match), rule, reason)
            for rule, (pattern, reason) in enumerate(compiled.inactive_if)
            for match in pattern.finditer(text)
        ]
        if switches:
            steps = sorted({_start(match) for pattern in compiled.steps for match in pattern.finditer(text)})
            verdict = judge(text, steps, switches, steps_only=compiled.signal.steps_only)
            if verdict.position >= 0:
                position, inactive = verdict.position, verdict.inactive
    else:
        for pattern, reason in compiled.inactive_if:
            match = pattern.search(text)
            if match is not None:
                inactive, position = reason, _start(match)
                break
    if inactive is None:
        inactive = next((reason for pattern, reason in compiled.inactive_unless if not pattern.search(text)), None)
    line = line_at(text, position)
    return make_finding(compiled, shown, code.file_line(line), _line_text(code, position, line), inactive)


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


def _line_text(code: CodeText, position: int, line: int) -> str:
    """The line of code numbered `line`, which holds `position` of the text as matched (renamed or not)."""
    text = code.text
    if code.matched is None:
        start = text.rfind("\n", 0, position) + 1
    else:  # aliases renamed: the same line, at another position
        start = 0
        for _ in range(line - 1):
            start = text.find("\n", start) + 1
    end = text.find("\n", start)
    return text[start : end if end != -1 else len(text)]


def expanded(globs: tuple[str, ...], file_sets: dict[str, tuple[str, ...]]) -> list[str]:
    """Globs with each `@name` replaced by the globs of that file set."""
    return [member for glob in globs for member in (file_sets[glob[1:]] if glob.startswith("@") else (glob,))]
