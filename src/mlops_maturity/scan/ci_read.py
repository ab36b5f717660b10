"""CI definitions read as what they run: commands with their lines, calls to work defined elsewhere, triggers.

One reader per service (the catalogue's `ci_definitions` says which files each reads). YAML
is read by PyYAML's composer, whose nodes know their lines; a block scalar's commands keep the
line each is written on. A Jenkinsfile is Groovy: its `sh`/`bat` steps are found by pattern.
Nothing is executed. A definition that is not valid YAML gives nothing: no service runs it.
What a definition includes from this repository (a local reusable workflow, a GitLab
`include: local`, an Azure template) is named for `ci_facts.py` to read as part of it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import accumulate, compress, repeat
from operator import add, contains, itemgetter, methodcaller

import yaml

from mlops_maturity.scan.catalogue_model import CiReader
from mlops_maturity.scan.ci_services import (
    read_azure,
    read_circleci,
    read_cloud_build,
    read_cloudformation_pipeline,
    read_codebuild,
)
from mlops_maturity.scan.ci_yaml import (
    CiFile,
    Command,
    LineCounter,
    Node,
    as_commands,
    commands_in,
    compose,
    joined_continuations,
    key_line,
    member,
    scalar,
    sequence,
)
from mlops_maturity.scan.patterns import Pattern, compile_lines
from mlops_maturity.scan.result import CallKind, CiCall
from mlops_maturity.scan.workflows import always_false, fires_on_no_branch

__all__ = ["CHANGE_TRIGGERS", "CiFile", "Command", "read_definition"]

CHANGE_TRIGGERS = frozenset({"push", "pull_request", "pull_request_target", "merge_group"})


def read_definition(reader: CiReader, path: str, text: str) -> CiFile:
    """What a CI definition runs, read the way its service reads it."""
    readers: dict[CiReader, Callable[[str, str], CiFile]] = {
        "github_actions": _github,
        "gitlab_ci": _gitlab,
        "azure_pipelines": _with_yaml(read_azure),
        "circleci": _with_yaml(read_circleci),
        "cloud_build": _with_yaml(read_cloud_build),
        "codebuild": _with_yaml(read_codebuild),
        "jenkins": _jenkins,
        "cloudformation_pipeline": _with_yaml(read_cloudformation_pipeline),
        "cdk_pipeline": _cdk_pipeline,
    }
    return readers[reader](path, text)


def _with_yaml(read: Callable[[str, Node, list[str], CiFile], None]) -> Callable[[str, str], CiFile]:
    def reader(path: str, text: str) -> CiFile:
        found = CiFile()
        root = compose(text)
        if root is not None:
            read(path, root, text.split("\n"), found)
        return found

    return reader


def _github(path: str, text: str) -> CiFile:
    found = CiFile()
    root = compose(text)
    if root is None:
        return found
    lines = text.split("\n")
    triggers = member(root, "on", "true", "True")  # YAML 1.1 reads an unquoted `on` as true
    found.triggers, found.on_change = _github_triggers(triggers)
    is_action = path.rsplit("/", 1)[-1] in ("action.yml", "action.yaml")
    jobs = member(root, "jobs")
    if is_action:  # a composite action: its steps
        _github_steps(member(member(root, "runs"), "steps"), lines, "", found)
    for _, job in _pairs(jobs):
        if always_false(member(job, "if")):
            continue
        uses = scalar(member(job, "uses"))
        if uses is not None:
            _github_call(job, uses, found)
        folder = scalar(member(member(member(job, "defaults"), "run"), "working-directory")) or ""
        _github_steps(member(job, "steps"), lines, folder, found)
    return found


def _github_triggers(node: Node | None) -> tuple[list[str], bool | None]:
    if node is None:
        return [], False
    if isinstance(node, yaml.ScalarNode):
        return [str(node.value)], node.value in CHANGE_TRIGGERS
    if isinstance(node, yaml.SequenceNode):
        names = [str(item.value) for item in node.value if isinstance(item, yaml.ScalarNode)]
        return names, bool(CHANGE_TRIGGERS.intersection(names))
    names, on_change = [], False
    for key, value in _pairs(node):
        names.append(str(key.value))
        if key.value in CHANGE_TRIGGERS and not fires_on_no_branch(value):
            on_change = True
    return names, on_change


def _github_call(job: Node, uses: str, found: CiFile) -> None:
    """A job that calls a reusable workflow: this repository's is read as part of this one, another's is a call."""
    line = key_line(job, "uses")
    if uses.startswith("./"):
        found.includes.append((line, uses[2:].split("@", 1)[0]))
        return
    passes = [(str(key.value), scalar(value) or "...") for key, value in _pairs(member(job, "with"))]
    secrets = member(job, "secrets")
    if isinstance(secrets, yaml.ScalarNode):
        passes.append(("secrets", str(secrets.value)))
    else:
        passes += [(f"secrets.{key.value}", scalar(value) or "...") for key, value in _pairs(secrets)]
    found.calls.append(CiCall(line, "reusable_workflow", uses, tuple(passes)))


def _github_steps(steps: Node | None, lines: list[str], folder: str, found: CiFile) -> None:
    for step in sequence(steps):
        if always_false(member(step, "if")):
            continue
        step_folder = scalar(member(step, "working-directory")) or folder
        run = member(step, "run")
        if run is not None:
            found.commands += as_commands(commands_in(run, lines), step_folder)
        uses = scalar(member(step, "uses"))
        if uses is not None:
            line = key_line(step, "uses")
            found.actions.append((line, uses))
            if uses.startswith("./"):
                action = uses[2:].rstrip("/")
                found.includes.append((line, action if action.endswith((".yml", ".yaml")) else f"{action}/action.yml"))


_GITLAB_KEYWORDS = frozenset(
    {"stages", "variables", "include", "default", "workflow", "image", "services", "cache", "before_script"}
    | {"after_script", "types", "spec"}
)


def _gitlab(path: str, text: str) -> CiFile:
    found = CiFile(on_change=True, triggers=["push"])
    root = compose(text)
    if root is None:
        return CiFile()
    lines = text.split("\n")
    first_rule = next(iter(sequence(member(member(root, "workflow"), "rules"))), None)
    if scalar(member(first_rule, "when")) == "never" and member(first_rule, "if") is None:
        found.on_change, found.triggers = False, []
    _gitlab_includes(member(root, "include"), found)
    jobs = {str(key.value): job for key, job in _pairs(root) if key.value not in _GITLAB_KEYWORDS}
    for name, job in jobs.items():
        if name.startswith(".") or not isinstance(job, yaml.MappingNode):
            continue  # a hidden job runs only through `extends`, read below
        if _gitlab_never_automatic(job):
            continue
        for source in (job, *_extended(job, jobs)):
            for key in ("before_script", "script", "after_script"):
                node = member(source, key)
                found.commands += as_commands(commands_in(node, lines))
            if member(source, "script") is not None:
                break
        _gitlab_trigger(member(job, "trigger"), key_line(job, "trigger"), found)
    return found


_GITLAB_NOT_AUTOMATIC = frozenset({"manual", "never"})


def _gitlab_never_automatic(job: Node) -> bool:
    """Whether a GitLab job never runs by itself: `when: manual` or `never`, or rules that all say so."""
    if scalar(member(job, "when")) in _GITLAB_NOT_AUTOMATIC:
        return True
    rules = sequence(member(job, "rules"))
    return bool(rules) and all(scalar(member(rule, "when")) in _GITLAB_NOT_AUTOMATIC for rule in rules)


def _extended(job: Node, jobs: dict[str, Node]) -> Iterator[Node]:
    """The hidden jobs a job extends, nearest first (at most 10 deep, as GitLab allows 11 levels)."""
    names = [scalar(item) for item in sequence(member(job, "extends"))] or [scalar(member(job, "extends"))]
    seen: set[str] = set()
    for _ in range(10):
        name = next((name for name in names if name and name not in seen), None)
        if name is None or name not in jobs:
            return
        seen.add(name)
        yield jobs[name]
        names = [scalar(member(jobs[name], "extends"))]


def _gitlab_includes(node: Node | None, found: CiFile) -> None:
    for item in sequence(node) or ([node] if node is not None else []):
        line = item.start_mark.line + 1
        if isinstance(item, yaml.ScalarNode):
            value = str(item.value)
            if value.startswith(("http://", "https://")):
                found.calls.append(CiCall(line, "include", value, ()))
            else:
                found.includes.append((line, value.lstrip("/")))
            continue
        local = scalar(member(item, "local"))
        if local is not None:
            found.includes.append((line, local.lstrip("/")))
            continue
        inputs = tuple((str(key.value), scalar(value) or "...") for key, value in _pairs(member(item, "inputs")))
        project, remote = scalar(member(item, "project")), scalar(member(item, "remote"))
        target = scalar(member(item, "component")) or remote or scalar(member(item, "template"))
        if project is not None:
            files = [scalar(file) or "" for file in sequence(member(item, "file"))] or [
                scalar(member(item, "file")) or ""
            ]
            ref = scalar(member(item, "ref"))
            target = f"{project}:{','.join(name or '' for name in files)}" + (f"@{ref}" if ref else "")
        if target is not None:
            found.calls.append(CiCall(line, "include", target, inputs))


def _gitlab_trigger(node: Node | None, line: int, found: CiFile) -> None:
    if node is None:
        return
    project = scalar(node) if isinstance(node, yaml.ScalarNode) else scalar(member(node, "project"))
    if project is not None:
        branch = scalar(member(node, "branch"))
        found.calls.append(CiCall(line, "downstream_pipeline", project + (f"@{branch}" if branch else ""), ()))
    else:
        _gitlab_includes(member(node, "include"), found)


# A Jenkinsfile's shell steps: `sh 'cmd'`, `sh "cmd"`, `sh '''...'''`, `sh(script: "...")`, `bat`, `powershell`.
# NOTE: Python's `re` with possessive runs, in time linear in the file: `\s*\(?\s*` tried the
# split of a run of blank lines at each length (10 KB after `sh` took 3 s), and a possessive run
# is never tried again. Not RE2: its Python wrapper costs ~6 us a match, and a 1 MiB
# Jenkinsfile of 100,000 `sh 'x'` steps took 1 s to read. A `'''` block runs to the next `'''`,
# which is the end of the block or the start of the next one, so no text is read twice but
# after the one block that is never closed. ASCII `\b`, and RE2's `\s`.
_JENKINS_STEP = re.compile(
    r"""(\b(?:sh|bat|powershell|pwsh)\b[\t\n\f\r ]*+(?:\([\t\n\f\r ]*+)?(?:script[\t\n\f\r ]*+:[\t\n\f\r ]*+)?)"""
    r"""('''.*?'''|\"\"\".*?\"\"\"|'[^'\n]*+'|"[^"\n]*+")""",
    re.ASCII | re.DOTALL,
)
_JENKINS_LIBRARY = compile_lines(r"""@Library\s*\(\s*\[?\s*['"]([^'"\n]+)['"]""")
# `build 'job'` / `build(job: "job")` as a step: at the start of a statement (a line, or after `{` or `;`),
# its name on one line; never `stage('build')`, whose quote would otherwise open a name that runs to the next quote.
_JENKINS_BUILD = compile_lines(r"""(?:^|[{;])[ \t]*build[ \t]*\(?[ \t]*(?:job[ \t]*:[ \t]*)?['"]([^'"\n]+)['"]""")
_JENKINS_TRIGGERS = compile_lines(r"\b(cron|pollSCM|upstream|githubPush|gitlab)\s*\(")


def _jenkins(path: str, text: str) -> CiFile:
    from mlops_maturity.scan.code_text import masked_text

    code = masked_text(path, text)
    found = CiFile(triggers=sorted({match.group(1) for match in _JENKINS_TRIGGERS.finditer(code)}))
    found.commands = as_commands(_jenkins_steps(code))
    calls: tuple[tuple[Pattern, CallKind], ...] = (
        (_JENKINS_LIBRARY, "shared_library"),
        (_JENKINS_BUILD, "job"),
    )
    for pattern, kind in calls:
        lines = LineCounter(code)
        for match in pattern.finditer(code):
            found.calls.append(CiCall(lines.line_of(match.start()), kind, match.group(1), ()))
    return found


def _jenkins_steps(code: str) -> list[tuple[int, str]]:
    """The commands of a Jenkinsfile's shell steps, each at its line.

    NOTE: read by whole lists, not a step at a time: the steps' starts and quoted strings, the
    line breaks between them, the lines, the strings and the commands are made by `map`. A
    loop a step took 0.25 s for the 150,000 `sh 'x'` of 1 MiB. Only a step of several lines,
    or one ending in `\\`, is read on its own.
    """
    found = list(_JENKINS_STEP.finditer(code))
    if not found:
        return []
    starts = list(map(methodcaller("start", 2), found))
    quoted: list[str] = list(map(methodcaller("group", 2), found))
    # the line a step's string starts on: 1 + the line breaks before it (its opening quote has none)
    breaks = accumulate(map(code.count, repeat("\n"), [0, *starts[:-1]], starts))
    firsts = list(map(add, breaks, repeat(1)))
    strings: list[str] = list(map(itemgetter(slice(1, -1)), quoted))
    for index in compress(range(len(quoted)), map(str.startswith, quoted, repeat(("'''", '"""')))):
        strings[index] = quoted[index][3:-3]
    commands = list(map(str.strip, strings))
    several = set(compress(range(len(commands)), map(contains, strings, repeat("\n"))))
    several.update(compress(range(len(commands)), map(str.endswith, commands, repeat("\\"))))
    if not several:
        return list(filter(itemgetter(1), zip(firsts, commands, strict=True)))
    rows: list[tuple[int, int, str]] = list(zip(firsts, range(len(commands)), commands, strict=True))
    for index in several:
        block = [(firsts[index] + offset, line.strip()) for offset, line in enumerate(strings[index].split("\n"))]
        rows[index] = (firsts[index], index, "")
        rows += [(line, index, command) for line, command in joined_continuations(block)]
    rows.sort(key=itemgetter(1))  # stable: a step's commands stay in their order, after its blank placeholder
    return [(line, command) for line, _, command in rows if command]


# A CDK pipeline in code: its actions (`codepipeline_actions.CloudFormationCreateUpdateStackAction(`) and
# the commands of its build steps (`commands=["pytest", ...]`, `"commands": [...]` in a BuildSpec object).
_CDK_ACTION = re.compile(r"\b(?:\w+Action|targets\.\w+|add_\w+_target|add_target)\s*+\(")
_CDK_COMMANDS = re.compile(r"\b(?:commands|install_commands|installCommands)[\"']?+\s*+[=:]\s*+\[([^\]]*+)\]")
_CDK_STRING = re.compile(r"\"([^\"\n]*)\"|'([^'\n]*)'")


def _cdk_pipeline(path: str, text: str) -> CiFile:
    from mlops_maturity.scan.code_text import masked_text

    code = masked_text(path, text)
    found = CiFile()
    lines = LineCounter(code)
    for match in _CDK_ACTION.finditer(code):
        start = code.rfind("\n", 0, match.start()) + 1
        end = code.find("\n", match.start())
        found.actions.append((lines.line_of(match.start()), code[start : end if end != -1 else None].strip()))
    # NOTE: read only up to the last `]`: a list that is never closed was read to the end of the
    # file from each `commands=[`, time growing with the square of their number.
    for match in _CDK_COMMANDS.finditer(code, 0, code.rfind("]") + 1):
        for string in _CDK_STRING.finditer(code, match.start(1), match.end(1)):
            command = string.group(1) if string.group(1) is not None else string.group(2)
            found.commands.append(Command(lines.line_of(string.start()), command.strip()))
    return found


def _pairs(node: Node | None) -> list[tuple[yaml.Node, yaml.Node]]:
    return list(node.value) if isinstance(node, yaml.MappingNode) else []
