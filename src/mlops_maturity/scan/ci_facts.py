"""CI facts: for each CI definition, what starts it, and whether it runs tests, training, a deployment.

Each fact comes with the line of the definition that shows it. When that line runs a file of
the repository (a script, a Python file, a notebook, a Makefile target, a template it
includes), the file is read too, so that training run by `python pipelines/run.py` or a
deployment in `scripts/release.sh` is seen, and the file's line is kept (`CiEvidence.via`).
Work called in another repository (a reusable workflow, a remote include, an orb) is a call:
what it passes is kept, what it does is not seen. The patterns are the catalogue's
(`ci_work`, `ci_follow`); following stops three files deep, each file read once.
"""

from __future__ import annotations

import posixpath
import re
from contextlib import suppress
from dataclasses import dataclass

import yaml

from mlops_maturity.safe_text import printable
from mlops_maturity.scan.catalogue import Catalogue
from mlops_maturity.scan.catalogue_model import CiDefinitionFiles, CiReader, CiWorkKind
from mlops_maturity.scan.ci_commands import CommandFilter, no_collection, run_folders
from mlops_maturity.scan.ci_follow import RepositoryFiles, makefile_recipe, module_paths, resolved, script_lines
from mlops_maturity.scan.ci_read import CiFile, read_definition
from mlops_maturity.scan.ci_yaml import composed, refuse_too_large
from mlops_maturity.scan.code_text import CodeText, code_lines, file_kind
from mlops_maturity.scan.detect import expanded, glob_regex
from mlops_maturity.scan.notebooks import UnreadableNotebook
from mlops_maturity.scan.patterns import Pattern, compile_lines
from mlops_maturity.scan.result import CiCall, CiDefinition, CiEvidence
from mlops_maturity.scan.walk import shown_path

KINDS: tuple[CiWorkKind, ...] = ("tests", "training", "deploy")
MANUAL_TRIGGERS = frozenset({"workflow_dispatch", "repository_dispatch", "workflow_call", "issue_comment"})
"""Triggers a person (or another workflow) pulls: a comment on an issue or pull request is a person's."""
MAX_DEPTH = 3
_MAX_EXCERPT = 100
# What a call passes as its environment or conda file says what the work runs in, not what it does:
# `register-environment.yml` passed `train/train-env.yml` registers an environment; it trains nothing.
_RUNTIME_PASS = re.compile(r"(?i)(env|environment|conda|requirements)(_file|_path|-file|-path)?$")
_PYTHON_FILE = re.compile(r"(?:^|\s)([\w./-]+\.py)(?:::\S*)?(?=\s|$)")

Chain = tuple[tuple[str, int, str], ...]
"""Where some work shows: the definition's line first, then each file followed to it: (path, line, excerpt)."""

Seen = tuple[Chain, bool]
"""Where some work shows, and whether it is in a call to another repository (judged by its name)."""


@dataclass(frozen=True, slots=True)
class _Work:
    commands: tuple[Pattern, ...]
    code: tuple[Pattern, ...]
    actions: tuple[Pattern, ...]
    calls: tuple[Pattern, ...]
    unless: tuple[Pattern, ...]

    def shown_by(self, patterns: tuple[Pattern, ...], text: str) -> bool:
        """Whether a command, step or call (`text`) shows this work: one of `patterns`, and none of `unless`."""
        return _any(patterns, text) and not _any(self.unless, text)


class CiFacts:
    """The catalogue's CI patterns, compiled; reads CI definitions into facts."""

    def __init__(self, catalogue: Catalogue, files: RepositoryFiles) -> None:
        start = catalogue.ci_command_start

        def compiled(patterns: tuple[str, ...], prefix: str = "") -> tuple[Pattern, ...]:
            return tuple(compile_lines(prefix + f"(?:{pattern})") for pattern in patterns)

        self.work: dict[CiWorkKind, _Work] = {
            work.kind: _Work(
                compiled(work.commands, start),
                compiled(work.code),
                compiled(work.actions),
                compiled(work.calls),
                compiled(work.unless),
            )
            for work in catalogue.ci_work
        }
        follow = catalogue.ci_follow
        self.follow_files = compiled(follow.files, start)
        self.follow_modules = compiled(follow.modules, start)
        self.follow_targets = compiled(follow.make_targets, start)
        self.follow_builds = compiled(follow.builds, start)
        self.candidates = CommandFilter(
            start,
            (
                *(command for work in catalogue.ci_work for command in work.commands),
                *follow.files,
                *follow.modules,
                *follow.make_targets,
                *follow.builds,
            ),
        )
        self.command_cache: dict[tuple[str, str, int], dict[CiWorkKind, Chain]] = {}
        """What a command's text does in a folder at a depth: the files followed to it (its own place left out)."""
        self.files = files
        self.aliases = catalogue.aliases
        self.kinds: list[tuple[CiDefinitionFiles, tuple[Pattern, ...]]] = []
        regexes = []
        for definition in catalogue.ci_definitions:
            globs = expanded(definition.files, catalogue.file_sets)
            regexes.append("|".join(f"(?:{glob_regex(glob)})" for glob in globs))
            self.kinds.append((definition, compiled(definition.contains)))
        # NOTE: one call tells which kinds a path could be, each glob set a lookahead (`detect.Matcher`).
        self.paths = re.compile("".join(f"(?:(?=(?:{regex})\\Z)())?" for regex in regexes), re.IGNORECASE)
        self.cache: dict[str, dict[CiWorkKind, Chain]] = {}
        self.run_folders: set[str] = set()
        """Folders CI runs commands in (`working-directory:`, `cd folder`)."""
        self.lines_run: dict[str, frozenset[int]] = {}
        """For each definition read (by its shown path): the lines of the commands, steps and calls it runs."""
        self.named_test_files: set[str] = set()
        """Python files a CI test command names (`pytest tests/scoring_tests.py`): they run, whatever their name."""

    def kinds_for(self, path: str, *, is_test: bool) -> list[tuple[CiDefinitionFiles, tuple[Pattern, ...]]]:
        """The CI services whose definition `path` is by its path, or could be by its content (`definition_kind`)."""
        match = self.paths.match(path)
        found = match.groups() if match is not None else ()
        return [
            kind
            for kind, hit in zip(self.kinds, found, strict=True)
            if hit is not None and (kind[0].in_tests or not is_test)
        ]

    @staticmethod
    def definition_kind(
        kinds: list[tuple[CiDefinitionFiles, tuple[Pattern, ...]]], text: str
    ) -> CiDefinitionFiles | None:
        """The first of `kinds` (`kinds_for`) whose content patterns all match the file's text."""
        return next((kind for kind, contains in kinds if all(pattern.search(text) for pattern in contains)), None)

    def facts(self, path: str, shown: str, kind: CiDefinitionFiles, text: str) -> CiDefinition:
        """What one CI definition does, read with the reader its service needs.

        Raises:
            DefinitionTooLarge: a definition with more lines, YAML items or shell steps than the scan reads.
        """
        with no_collection():
            if kind.reader == "jenkins":
                refuse_too_large(text, read_as="jenkins")
            elif kind.reader == "cdk_pipeline":
                refuse_too_large(text, read_as="code")
            else:
                with suppress(yaml.YAMLError, RecursionError):
                    composed(text)
            ci_file = read_definition(kind.reader, path, text)
            work = self._definition_work(path, kind, ci_file, text, depth=0)
        evidence = {name: _evidence(chain, called) for name, (chain, called) in work.items()}
        self.lines_run[shown] = frozenset(
            [*(command.line for command in ci_file.commands), *(line for line, _ in ci_file.actions)]
            + [call.line for call in ci_file.calls]
        )
        return CiDefinition(
            path=shown,
            service=kind.service,
            triggers=tuple(dict.fromkeys(printable(trigger) for trigger in ci_file.triggers)),
            on_change=ci_file.on_change,
            automatic=_automatic(ci_file),
            tests=evidence.get("tests"),
            training=evidence.get("training"),
            deploy=evidence.get("deploy"),
            calls=tuple(
                CiCall(call.line, call.kind, printable(call.target), tuple(map(_printable_pair, call.passes)))
                for call in ci_file.calls
            ),
            includes=tuple(dict.fromkeys(_shown(include) for _, include in ci_file.includes)),
        )

    def _definition_work(
        self, path: str, kind: CiDefinitionFiles, ci_file: CiFile, text: str, depth: int
    ) -> dict[CiWorkKind, Seen]:
        """Each work's first place in a definition: by line, whether a command, a step's action, an
        included file or (judged by its name and what it passes) a call to another repository shows it."""
        lines = text.split("\n")
        events: list[tuple[int, int, dict[CiWorkKind, Seen]]] = []
        commands = ci_file.commands
        if depth == 0:
            self.run_folders.update(run_folders(commands))
        done: set[CiWorkKind] = set()  # found by an earlier command: a later one shows no first place
        candidates = self.candidates.of([command.text for command in commands])
        for order in sorted(candidates, key=lambda index: (commands[index].line, index)):
            command = commands[order]
            tails = self._cached_work(command.text, command.folder, depth)
            if tails.keys() - done:
                here = (path, command.line, command.text[:_MAX_EXCERPT])
                new = {name: ((here, *tail), False) for name, tail in tails.items() if name not in done}
                events.append((command.line, order, new))
                done.update(new)
        for line, action in ci_file.actions:
            place: Chain = ((path, line, _excerpt(lines, line)),)
            events.append(
                (
                    line,
                    -1,
                    {name: (place, False) for name, work in self.work.items() if work.shown_by(work.actions, action)},
                )
            )
        for call in ci_file.calls:
            passes = [f"{name}={value}" for name, value in call.passes if not _RUNTIME_PASS.search(name)]
            called = " ".join([call.target, *passes])
            place = ((path, call.line, _excerpt(lines, call.line)),)
            events.append(
                (
                    call.line,
                    -1,
                    {name: (place, True) for name, work in self.work.items() if work.shown_by(work.calls, called)},
                )
            )
        for line, include in ci_file.includes:
            included = self.files.text(include) if depth < MAX_DEPTH else None
            if included is None:
                continue
            inner = read_definition(kind.reader, include, included)
            sub = self._definition_work(include, kind, inner, included, depth + 1)
            here = (path, line, _excerpt(lines, line))
            events.append((line, -1, {name: ((here, *chain), called) for name, (chain, called) in sub.items()}))
        found: dict[CiWorkKind, Seen] = {}
        for _, _, shown in sorted(events, key=lambda event: (event[0], event[1])):
            for name, seen in shown.items():
                found.setdefault(name, seen)
        return found

    def _command_work(self, path: str, line: int, command: str, folder: str, depth: int) -> dict[CiWorkKind, Chain]:
        """What a command (or a followed script's line) does, itself or through the files it runs.

        NOTE: kept by text (`command_cache`): 100,000 lines of the same `pytest` are examined once."""
        here = (path, line, command[:_MAX_EXCERPT])
        return {name: (here, *tail) for name, tail in self._cached_work(command, folder, depth).items()}

    def _cached_work(self, command: str, folder: str, depth: int) -> dict[CiWorkKind, Chain]:
        key = (command, folder, depth)
        if key not in self.command_cache:
            self.command_cache[key] = self._text_work(command, folder, depth)
        return self.command_cache[key]

    def _text_work(self, command: str, folder: str, depth: int) -> dict[CiWorkKind, Chain]:
        """What a command's text does in `folder`: for each work, the files followed to it (none: the command itself)."""
        found: dict[CiWorkKind, Chain] = {
            name: () for name, work in self.work.items() if work.shown_by(work.commands, command)
        }
        if "tests" in found:
            self.named_test_files.update(
                target for match in _PYTHON_FILE.finditer(command) if (target := resolved(folder, match.group(1)))
            )
        if depth >= MAX_DEPTH or len(found) == len(self.work):
            return found
        for target, reader in self._targets(command, folder):
            for name, chain in self._file_work(target, folder, depth + 1, reader).items():
                if not _any(self.work[name].unless, command):  # `python tests/test_train.py` trains nothing
                    found.setdefault(name, chain)
        return found

    def _targets(self, command: str, folder: str) -> list[tuple[str, CiReader | None]]:
        """Files of the repository a command runs (a Makefile target as `Makefile#target`), with the CI
        reader of a file it starts as a build (`gcloud builds submit --config build/train.yaml`)."""
        targets: list[tuple[str, CiReader | None]] = []
        for pattern in self.follow_files:
            match = pattern.search(command)
            if match is not None and (target := resolved(folder, match.group(1))) is not None:
                targets.append((target, None))
        for pattern in self.follow_modules:
            match = pattern.search(command)
            if match is not None:
                targets += [(path, None) for path in module_paths(folder, match.group(1))]
        for pattern in self.follow_targets:
            match = pattern.search(command)
            if match is not None:
                makefile = posixpath.join(folder, "Makefile") if folder else "Makefile"
                targets.append((f"{makefile}#{match.group(1) or ''}", None))
        for pattern in self.follow_builds:
            match = pattern.search(command)
            if match is not None and (target := resolved(folder, match.group(1))) is not None:
                targets.append((target, "cloud_build"))
        return list(dict.fromkeys(targets))

    def _file_work(
        self, target: str, folder: str, depth: int, reader: CiReader | None = None
    ) -> dict[CiWorkKind, Chain]:
        key = f"{target}@{folder}"
        if key in self.cache:
            return self.cache[key]
        self.cache[key] = {}  # a file that runs itself ends here
        found: dict[CiWorkKind, Chain] = {}
        makefile, _, make_target = target.partition("#")
        text = self.files.text(makefile)
        if text is None:
            return found
        if reader is not None:  # a build definition it starts: read as one
            kind = CiDefinitionFiles(service=reader, reader=reader, files=(target,))
            inner = read_definition(reader, target, text)
            found = {
                name: chain for name, (chain, _) in self._definition_work(target, kind, inner, text, depth).items()
            }
            self.cache[key] = found
            return found
        if "#" in target:
            recipe, prerequisites = makefile_recipe(text, make_target or _first_target(text))
            # NOTE: a prerequisite is followed as one more step (a chain of 1,000 was a RecursionError).
            for step in prerequisites if depth < MAX_DEPTH else ():
                for name, chain in self._file_work(f"{makefile}#{step}", folder, depth + 1).items():
                    found.setdefault(name, chain)
            for index in self.candidates.of([line.text for line in recipe]):
                line = recipe[index]
                for name, chain in self._command_work(makefile, line.line, line.text, folder, depth).items():
                    found.setdefault(name, chain)
        elif file_kind(target)[1] in ("py", "ipynb"):
            found = self._code_work(target, text)
        else:
            script = script_lines(text)
            for index in self.candidates.of([line.text for line in script]):
                line = script[index]
                for name, chain in self._command_work(target, line.line, line.text, folder, depth).items():
                    found.setdefault(name, chain)
        self.cache[key] = found
        return found

    def _code_work(self, path: str, text: str) -> dict[CiWorkKind, Chain]:
        try:
            code = code_lines(path, text, self.aliases)
        except UnreadableNotebook:
            return {}
        found: dict[CiWorkKind, Chain] = {}
        for name, work in self.work.items():
            starts = [match.start() for pattern in work.code if (match := pattern.search(code.for_matching))]
            if starts:
                found[name] = (_code_place(path, code, min(starts)),)
        return found


def _automatic(ci_file: CiFile) -> bool | None:
    """Whether something other than a person starts a definition: a change, or a trigger that is not a person's."""
    if ci_file.on_change or any(trigger not in MANUAL_TRIGGERS for trigger in ci_file.triggers):
        return True
    return None if ci_file.on_change is None else False


def _code_place(path: str, code: CodeText, position: int) -> tuple[str, int, str]:
    line = code.for_matching.count("\n", 0, position) + 1
    excerpt = code.text.split("\n")[line - 1] if code.matched is not None else _line_around(code.text, position)
    return path, code.file_line(line), excerpt.strip()[:_MAX_EXCERPT]


def _line_around(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start : end if end != -1 else len(text)]


def _first_target(makefile: str) -> str:
    """The Makefile's default goal: its first target not starting with `.`."""
    for line in makefile.split("\n"):
        name = line.split(":", 1)[0].strip()
        if ":" in line and name and not line[0].isspace() and not name.startswith((".", "#")) and "=" not in line:
            return name.split()[0]
    return ""


def _evidence(chain: Chain, called: bool) -> CiEvidence:
    """Repository text made printable: paths (`walk.shown_path`) and excerpts (`safe_text.printable`)."""
    (_, line, excerpt), *via = chain
    shown_via = tuple((_shown(path), at, printable(text)) for path, at, text in via)
    return CiEvidence(line, printable(excerpt), shown_via, called)


def _shown(path: str) -> str:
    return printable(shown_path(path.split("#", 1)[0]))


def _printable_pair(pair: tuple[str, str]) -> tuple[str, str]:
    return printable(pair[0]), printable(pair[1])


def _excerpt(lines: list[str], line: int) -> str:
    return lines[line - 1].strip()[:_MAX_EXCERPT] if 0 < line <= len(lines) else ""


def _any(patterns: tuple[Pattern, ...], text: str) -> bool:
    return any(pattern.search(text) is not None for pattern in patterns)
