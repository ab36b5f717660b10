"""The detector catalogue's shape: the models its YAML files are read into (`catalogue.py` loads and checks them)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Confidence = Literal["high", "medium", "low"]

_ID = r"^[a-z0-9_]+$"
_STRICT = ConfigDict(extra="forbid", frozen=True)

CiWorkKind = Literal["tests", "training", "deploy"]
"""What a CI definition can be seen to do (`ci_facts.py`)."""

CiReader = Literal[
    "github_actions", "gitlab_ci", "azure_pipelines", "circleci", "cloud_build", "codebuild", "jenkins",
    "cloudformation_pipeline", "cdk_pipeline",
]  # fmt: skip
"""How a CI definition is read (`ci_read.py`)."""

CiWhen = Literal["on_change", "automatic", "trigger_unseen", "any"]
CiFactsGate = Literal["on_change", "at_step"]


class ProposedAnswer(BaseModel):
    """The answer a detector's evidence proposes for one question."""

    model_config = _STRICT

    question: str = Field(description="The question id (questions.yaml).")
    answer: str = Field(description="The value proposed, on the questionnaire's scale.")
    confidence: Confidence = Field(description="How sure the evidence makes the scan.")
    why: str = Field(min_length=1, description="Why this answer and no higher, in the question's terms.")


class Rule(BaseModel):
    """A pattern with the reason shown when it decides a finding is inactive."""

    model_config = _STRICT

    pattern: str
    reason: str = Field(min_length=1)
    unless_ci_names_file: bool = Field(
        default=False, description="The rule does not hold for a file a CI test command names (`pytest x_tests.py`)."
    )


class Signal(BaseModel):
    """One way a detector's tool shows itself in a repository."""

    model_config = _STRICT

    files: tuple[str, ...] = Field(default=(), description="Globs from the repository root; `@name` is a file set.")
    keywords: tuple[str, ...] = Field(
        default=(), description="Words (any case); a file must contain one before `contains` is tried."
    )
    contains: tuple[str, ...] = Field(default=(), description="Regexes (per line); the first match is the evidence.")
    also: tuple[str, ...] = Field(default=(), description="Regexes that must all match somewhere in the same file.")
    inactive_if: tuple[Rule, ...] = Field(default=(), description="Any match in the file: found but inactive.")
    inactive_unless: tuple[Rule, ...] = Field(default=(), description="No match in the file: found but inactive.")
    steps: tuple[str, ...] = Field(
        default=(),
        description="Regexes of the statements an `inactive_if` switch can be written in (a gate's call): a switch "
        "inside one turns off that step only, outside them all the whole file. Without steps, any switch turns off the file.",
    )
    steps_only: bool = Field(
        default=False,
        description="With steps: a switch counts only inside a step (a Terraform resource's own `count = 0`); "
        "outside every step it switches off nothing.",
    )
    git_tags: tuple[str, ...] = Field(default=(), description="Regexes on the repository's git tag names.")
    git_config: tuple[str, ...] = Field(default=(), description="Regexes on the lines of .git/config.")
    in_tests: bool = Field(default=False, description="Test files count as evidence (only for testing detectors).")
    ci_work: CiWorkKind | None = Field(
        default=None, description="Evidence from the CI facts: each CI definition that does this work, at its line."
    )
    ci_when: CiWhen = Field(
        default="any",
        description="With ci_work: `on_change`, definitions a change starts (inactive when none can); `automatic`, "
        "those a push, a tag, a release or a schedule starts (no person); `trigger_unseen`, those whose trigger is "
        "configured outside the repository; `any`, all.",
    )
    ci_called_reason: str | None = Field(
        default=None,
        description="With ci_work: the reason for evidence in a call to another repository (judged by its name); "
        "without it, such evidence is left out.",
    )
    ci_off_reason: str | None = Field(
        default=None,
        description="With ci_when `on_change` or ci_facts `on_change`: why a definition no change starts does not "
        "count (found but inactive).",
    )
    ci_facts: tuple[CiFactsGate, ...] = Field(
        default=(),
        description="A text signal in a CI definition the scan read: the facts win. `on_change`: found but inactive "
        "(ci_off_reason) when the facts say no push or pull request starts it; `at_step`: the evidence is the first "
        "match on a line where the definition runs a command or a step (not a trigger's `paths:` filter, a step "
        "switched off, the inside of a command continued with `\\`), and none there is no evidence.",
    )
    reason: str = Field(min_length=1, description="The short reason written beside the evidence.")


class Detector(BaseModel):
    """One tool or kind of evidence, and the answers it proposes."""

    model_config = _STRICT

    id: str = Field(pattern=_ID)
    practice: str
    tool: str = Field(min_length=1)
    proposes: tuple[ProposedAnswer, ...] = ()
    signals: tuple[Signal, ...] = Field(min_length=1)


class Practice(BaseModel):
    """A practice the scan reports on, one row of its table."""

    model_config = _STRICT

    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)


class CatalogueFile(BaseModel):
    """One file of the catalogue; the files' lists are joined."""

    model_config = _STRICT

    practices: tuple[Practice, ...] = ()
    file_sets: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    prose: tuple[str, ...] = Field(default=(), description="Globs of prose and course material: never evidence.")
    test_files: tuple[str, ...] = Field(default=(), description="Globs of test code: evidence for testing only.")
    course: tuple[str, ...] = Field(
        default=(),
        description="Globs of course modules (numbered lesson folders): never evidence, but in the folders a CI "
        "definition of the repository runs commands in.",
    )
    grades: tuple[Grade, ...] = ()
    evidence_first: dict[str, str] = Field(
        default_factory=dict,
        description="Question id -> a regex on a finding's path and excerpt: among evidence of equal strength, what "
        "matches comes first (the training pipeline before the monitoring flow beside it).",
    )
    ci_definitions: tuple[CiDefinitionFiles, ...] = ()
    ci_references: tuple[CiReference, ...] = ()
    ci_command_start: str | None = Field(
        default=None, description="A regex put before every CI command pattern: where a command starts on a line."
    )
    ci_work: tuple[CiWork, ...] = ()
    ci_follow: CiFollow | None = None
    aliases: dict[str, str] = Field(
        default_factory=dict,
        description="Dotted module -> the name the patterns use for it: an alias under which Python code imports it "
        "(`from google.cloud import aiplatform as vertex_ai`) is read under that name.",
    )
    detectors: tuple[Detector, ...] = ()


class Grade(BaseModel):
    """A stronger answer that evidence of several kinds shows together (a pipeline, and what starts it)."""

    model_config = _STRICT

    question: str
    answer: str
    confidence: Confidence
    when_all: tuple[tuple[str, ...], ...] = Field(
        min_length=2, description="Groups of detector ids: each group needs an active finding of one of its detectors."
    )
    why: str = Field(min_length=1, description="Why this answer, and why not the one above it.")


class CiDefinitionFiles(BaseModel):
    """The files that define a CI service's pipelines, and how they are read."""

    model_config = _STRICT

    service: str = Field(min_length=1)
    reader: CiReader
    files: tuple[str, ...] = Field(min_length=1, description="Globs from the repository root; `@name` is a file set.")
    contains: tuple[str, ...] = Field(
        default=(), description="Regexes that must all match the file's text: a definition recognised by its content."
    )
    in_tests: bool = Field(
        default=False, description="A file under test code counts too (a buildspec in `test/` that runs the tests)."
    )


class CiReference(BaseModel):
    """Configuration that names a CI definition file (a Cloud Build trigger in Terraform names its build file)."""

    model_config = _STRICT

    service: str = Field(min_length=1)
    reader: CiReader
    files: tuple[str, ...] = Field(min_length=1, description="Globs of the configuration that names definitions.")
    contains: tuple[str, ...] = Field(default=(), description="Regexes that must all match that configuration.")
    path: str = Field(description="A regex whose first group is a definition's path from the repository root.")
    triggers: dict[str, str] = Field(
        default_factory=dict, description="Trigger name -> a regex on the configuration: it says what starts the build."
    )


class CiWork(BaseModel):
    """How a kind of work shows in what CI runs."""

    model_config = _STRICT

    kind: CiWorkKind
    commands: tuple[str, ...] = Field(
        default=(),
        description="Regexes on a command CI runs (or a line of a script it runs), after `ci_command_start`.",
    )
    code: tuple[str, ...] = Field(default=(), description="Regexes on the code of a Python file a CI command runs.")
    actions: tuple[str, ...] = Field(
        default=(),
        description="Regexes on a step that uses an action or a task: a GitHub `uses:`, an Azure Pipelines task with "
        "its inputs (`HelmDeploy@0 command=upgrade`), a CodePipeline action (`Category=Deploy Provider=CloudFormation`).",
    )
    unless: tuple[str, ...] = Field(
        default=(),
        description="Regexes on the same command, step or call: a match says it is not this work after all "
        "(a published pipeline started by the same task as training, named `Invoke Batch Scoring pipeline`).",
    )
    calls: tuple[str, ...] = Field(
        default=(),
        description="Regexes on a call to another repository, its target and what it passes (`org/t/run-pipeline.yml@v1 "
        "parameters-file=train/pipeline.yml`): the work is judged by its name, and reported as called.",
    )


class CiFollow(BaseModel):
    """Commands that run a file of the repository, followed to see what it does: each regex's first group names it."""

    model_config = _STRICT

    files: tuple[str, ...] = Field(default=(), description="A script or Python file, from the command's folder.")
    modules: tuple[str, ...] = Field(default=(), description="A Python module (`python -m pkg.run`).")
    make_targets: tuple[str, ...] = Field(default=(), description="A target of the Makefile beside the command.")
    builds: tuple[str, ...] = Field(
        default=(), description="A Cloud Build file the command submits (`gcloud builds submit --config x.yaml`)."
    )
