"""Readers of Azure Pipelines, CircleCI, Cloud Build and CodeBuild definitions (`ci_read.py` has the others)."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator

import yaml

from mlops_maturity.scan.ci_yaml import (
    CiFile,
    Command,
    Node,
    as_commands,
    commands_in,
    each_node,
    key_line,
    member,
    scalar,
    sequence,
)
from mlops_maturity.scan.result import CiCall

_AZURE_SCRIPTS = ("script", "bash", "pwsh", "powershell")
_AZURE_TASK_SCRIPTS = ("script", "inlineScript", "Inline")
_AZURE_TASK_FILES = ("scriptPath", "filePath", "ScriptPath")


def read_azure(path: str, root: Node, lines: list[str], found: CiFile) -> None:
    """Steps anywhere (stages, jobs, deployment strategies), templates from this repository or another."""
    trigger = scalar(member(root, "trigger"))
    pull_requests = member(root, "pr")
    if _azure_template(root):  # runs only where a pipeline includes it, as part of that pipeline
        found.on_change, found.triggers = False, []
        _azure_steps(path, root, lines, found, {})
        return
    found.on_change = trigger != "none"
    found.triggers = [
        *(["push"] if trigger != "none" else []),
        *(["pull_request"] if scalar(pull_requests) != "none" else []),
    ]
    if member(root, "schedules") is not None:
        found.triggers.append("schedule")
    repositories = {
        scalar(member(item, "repository")) or "": scalar(member(item, "name")) or ""
        for item in sequence(member(member(root, "resources"), "repositories"))
    }
    _azure_steps(path, root, lines, found, repositories)


_AZURE_PIPELINE_KEYS = frozenset({"trigger", "pr", "schedules", "resources", "pool", "name", "lockBehavior"})


def _azure_template(root: Node) -> bool:
    """Whether an Azure file is a template (`parameters:` and steps, jobs or stages, no trigger of its own)."""
    keys = {str(key.value) for key, _ in _pairs(root)}
    return "parameters" in keys and bool(keys & {"steps", "jobs", "stages"}) and not keys & _AZURE_PIPELINE_KEYS


def _azure_steps(path: str, root: Node, lines: list[str], found: CiFile, repositories: dict[str, str]) -> None:
    for node in _mappings(root, _azure_switched_off):
        for key in _AZURE_SCRIPTS:
            found.commands += as_commands(commands_in(member(node, key), lines))
        task = scalar(member(node, "task"))
        if task is not None:
            _azure_task(node, task, lines, found)
        template = scalar(member(node, "template"))
        if template is not None:
            line = key_line(node, "template")
            file, _, alias = template.partition("@")
            if alias and alias != "self":
                target = f"{repositories.get(alias) or alias}:{file}"
                passes = tuple(
                    (str(key.value), scalar(value) or "...") for key, value in _pairs(member(node, "parameters"))
                )
                found.calls.append(CiCall(line, "template", target, passes))
            else:
                base = "" if file.startswith("/") else posixpath.dirname(path)
                found.includes.append((line, posixpath.normpath(posixpath.join(base, file.lstrip("/")))))


def _azure_task(node: Node, task: str, lines: list[str], found: CiFile) -> None:
    inputs = member(node, "inputs")
    # `Task@N action=.. command=.. other=..`: the task's name without its publisher, what it is asked to do first.
    settings = {str(key.value): scalar(value) for key, value in _pairs(inputs) if scalar(value) is not None}
    first = [f"{key}={settings.pop(key, None) or '-'}" for key in ("action", "command")]
    shown = scalar(member(node, "displayName"))
    named = " ".join(
        [task.rsplit(".", 1)[-1], *first, *(f"{key}={value}" for key, value in settings.items())]
        + ([f"displayName={shown}"] if shown else [])
    )
    found.actions.append((key_line(node, "task"), named))
    for key in _AZURE_TASK_SCRIPTS:
        found.commands += as_commands(commands_in(member(inputs, key), lines))
    for key in _AZURE_TASK_FILES:
        script = scalar(member(inputs, key))
        if script is not None:
            runner = "python" if script.endswith(".py") or task.startswith("PythonScript") else "bash"
            arguments = scalar(member(inputs, "arguments")) or ""
            found.commands.append(Command(key_line(inputs, key), f"{runner} {script} {arguments}".strip()))


def read_circleci(path: str, root: Node, lines: list[str], found: CiFile) -> None:
    """Jobs' `run` steps; jobs of orbs (reusable configuration published elsewhere) are calls."""
    found.on_change, found.triggers = True, ["push"]
    workflows = member(root, "workflows")
    listed = {
        scalar(item) if isinstance(item, yaml.ScalarNode) else _single(item)[0]
        for _, workflow in _pairs(workflows)
        for item in sequence(member(workflow, "jobs"))
    }
    for name, job in _pairs(member(root, "jobs")):
        if workflows is not None and scalar(name) not in listed:
            continue  # a job no workflow runs
        for step in sequence(member(job, "steps")):
            run = member(step, "run")
            found.commands += as_commands(commands_in(member(run, "command") or run, lines))
    orbs = {str(key.value): scalar(value) or "..." for key, value in _pairs(member(root, "orbs"))}
    for _, workflow in _pairs(member(root, "workflows")):
        if member(workflow, "triggers") is not None and "schedule" not in found.triggers:
            found.triggers.append("schedule")
        for item in sequence(member(workflow, "jobs")):
            job_name, parameters = (scalar(item), None) if isinstance(item, yaml.ScalarNode) else _single(item)
            orb, _, orb_job = (job_name or "").partition("/")
            if orb_job and orb in orbs:
                passes = tuple((str(key.value), scalar(value) or "...") for key, value in _pairs(parameters))
                found.calls.append(CiCall(item.start_mark.line + 1, "orb", f"{orbs[orb]} {orb_job}", passes))


def read_cloud_build(path: str, root: Node, lines: list[str], found: CiFile) -> None:
    """Each step as the command its builder runs: `entrypoint` (or the image's tool) and `args`, or its script."""
    for step in sequence(member(root, "steps")):
        script = member(step, "script")
        arguments = sequence(member(step, "args"))
        entrypoint = scalar(member(step, "entrypoint"))
        image = (scalar(member(step, "name")) or "").split("@", 1)[0]
        tool = entrypoint or posixpath.basename(image).split(":", 1)[0]
        if script is not None:
            found.commands += as_commands(commands_in(script, lines))
        elif tool in ("bash", "sh") and len(arguments) >= 2 and scalar(arguments[0]) == "-c":
            found.commands += as_commands(commands_in(arguments[1], lines))
        elif tool:
            words = [scalar(argument) or "" for argument in arguments] or [scalar(member(step, "args")) or ""]
            line = arguments[0].start_mark.line + 1 if arguments else step.start_mark.line + 1
            found.commands.append(Command(line, " ".join([tool, *words]).strip()))


def read_codebuild(path: str, root: Node, lines: list[str], found: CiFile) -> None:
    """The commands of every phase (and of its `finally`)."""
    for _, phase in _pairs(member(root, "phases")):
        for key in ("commands", "finally"):
            found.commands += as_commands(commands_in(member(phase, key), lines))


def _azure_switched_off(node: Node) -> bool:
    """An Azure step, job or stage that never runs: `enabled: false`, or `condition: false`."""
    return (scalar(member(node, "enabled")) or "").lower() == "false" or (
        scalar(member(node, "condition")) or ""
    ).strip().lower() in ("false", "${{ false }}")


def _mappings(root: Node, skipped: Callable[[Node], bool] | None = None) -> Iterator[Node]:
    """Every mapping under `root` (`each_node`), without those `skipped` says never run, nor anything under them."""
    return (node for node in each_node(root, skipped) if isinstance(node, yaml.MappingNode))


def _pairs(node: Node | None) -> list[tuple[yaml.Node, yaml.Node]]:
    return list(node.value) if isinstance(node, yaml.MappingNode) else []


def _single(node: Node) -> tuple[str | None, Node | None]:
    """A one-key mapping's key and value (`- orb/job: {parameters}`)."""
    pairs = _pairs(node)
    return (scalar(pairs[0][0]), pairs[0][1]) if len(pairs) == 1 else (None, None)


def read_cloudformation_pipeline(path: str, root: Node, lines: list[str], found: CiFile) -> None:
    """A CloudFormation CodePipeline: each stage action (category and provider), and the commands of the
    inline buildspec of a CodeBuild project of the same template that an action runs."""
    resources = _pairs(member(root, "Resources"))
    projects = {str(key.value): value for key, value in resources if _type(value) == "AWS::CodeBuild::Project"}
    for _, resource in resources:
        if _type(resource) != "AWS::CodePipeline::Pipeline":
            continue
        for stage in sequence(member(member(resource, "Properties"), "Stages")):
            for action in sequence(member(stage, "Actions")):
                kind = member(action, "ActionTypeId")
                named = " ".join(
                    f"{key}={scalar(member(source, key)) or ''}"
                    for source, key in ((kind, "Category"), (kind, "Provider"), (action, "Name"))
                )
                line = action.start_mark.line + 1
                found.actions.append((line, named))
                project = projects.get(_reference(member(member(action, "Configuration"), "ProjectName")) or "")
                spec = member(member(member(project, "Properties"), "Source"), "BuildSpec")
                if isinstance(spec, yaml.ScalarNode) and "\n" in str(spec.value):
                    _inline_buildspec(path, spec, found)


def _inline_buildspec(path: str, spec: yaml.ScalarNode, found: CiFile) -> None:
    """The commands of a buildspec written inside a template, at the template's lines."""
    from mlops_maturity.scan.ci_yaml import compose

    inner = compose(str(spec.value))
    if inner is None:
        return
    first = spec.start_mark.line + (2 if spec.style in ("|", ">") else 1)
    block = CiFile()
    read_codebuild(path, inner, str(spec.value).split("\n"), block)
    found.commands += [Command(first + command.line - 1, command.text) for command in block.commands]


def _type(resource: Node | None) -> str | None:
    return scalar(member(resource, "Type"))


def _reference(node: Node | None) -> str | None:
    """The resource a `!Ref X` (or `{"Ref": "X"}`) names."""
    if isinstance(node, yaml.ScalarNode) and node.tag == "!Ref":
        return str(node.value)
    return scalar(member(node, "Ref"))
