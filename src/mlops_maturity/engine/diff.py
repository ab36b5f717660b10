"""Two assessments of one team compared: did it move?

`diff(old, new)` takes two results (scored from answers files, or read back from
`score --format json`) and says, per model, the level then and now, the criteria newly
met and newly lost, the answers that changed (with their notes), and the steps that left
the plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from mlops_maturity.engine.assessment import Assessment, Status


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class CriterionChange:
    criterion: str
    title: str
    level: int
    """The level the criterion belongs to, as this tool numbers it."""
    native_level: int
    """The same level as its source numbers it (Microsoft's 0-4)."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class ModelChange:
    model: str
    model_name: str
    old_level: int | None
    """Null when the model was not scored in the older assessment."""
    new_level: int | None
    old_native_level: int | None
    new_native_level: int | None
    newly_met: list[CriterionChange]
    newly_lost: list[CriterionChange]

    @property
    def regressed(self) -> bool:
        return self.old_level is not None and self.new_level is not None and self.new_level < self.old_level


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class AnswerChange:
    question: str
    text: str
    old_answer: str | None
    new_answer: str | None
    old_note: str | None
    new_note: str | None
    old_incident: bool = False
    new_incident: bool = False
    """Whether the answer said its gap caused an incident, before and after."""


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class StepDone:
    step: str
    action: str


@dataclass(frozen=True, kw_only=True, slots=True, eq=False)
class AssessmentDiff:
    """What changed between two assessments of a team."""

    schema_version: int = 1
    old_file: str | None
    new_file: str | None
    old_date: str
    new_date: str
    old_questionnaire_version: str
    new_questionnaire_version: str
    team: str
    models: list[ModelChange]
    answers: list[AnswerChange]
    steps_done: list[StepDone]
    """Steps of the older plan that are no longer in the newer one."""

    @property
    def regressed(self) -> bool:
        return any(model.regressed for model in self.models)

    @property
    def unchanged(self) -> bool:
        return not self.answers and all(
            model.old_level == model.new_level and not model.newly_met and not model.newly_lost for model in self.models
        )


_HOLDS = (Status.met, Status.not_applicable)


def _held(assessment: Assessment, model_id: str) -> dict[str, tuple[str, int, int]]:
    model = assessment.models.get(model_id)
    if model is None:
        return {}
    return {
        criterion.id: (criterion.title, level.number, level.native_number)
        for level in model.levels
        for criterion in level.criteria
        if criterion.status in _HOLDS
    }


def _model_change(old: Assessment, new: Assessment, model_id: str) -> ModelChange:
    before, after = old.models.get(model_id), new.models.get(model_id)
    shown = after or before
    assert shown is not None
    held_before, held_after = _held(old, model_id), _held(new, model_id)
    return ModelChange(
        model=model_id,
        model_name=shown.model_name,
        old_level=before.level if before else None,
        new_level=after.level if after else None,
        old_native_level=before.native_level if before else None,
        new_native_level=after.native_level if after else None,
        newly_met=[
            CriterionChange(criterion=criterion, title=title, level=level, native_level=native)
            for criterion, (title, level, native) in held_after.items()
            if criterion not in held_before
        ],
        newly_lost=[
            CriterionChange(criterion=criterion, title=title, level=level, native_level=native)
            for criterion, (title, level, native) in held_before.items()
            if criterion not in held_after
            and (before is None or after is None or criterion in _criteria(new, model_id))
        ],
    )


def _criteria(assessment: Assessment, model_id: str) -> set[str]:
    """The model's criteria in this assessment; a criterion a newer questionnaire dropped is not "lost"."""
    model = assessment.models.get(model_id)
    return set() if model is None else {criterion.id for level in model.levels for criterion in level.criteria}


def diff(old: Assessment, new: Assessment) -> AssessmentDiff:
    """What changed from `old` to `new` (see the module docstring)."""
    model_ids = list(dict.fromkeys([*old.models, *new.models]))
    old_answers = {answer.id: answer for answer in old.answers}
    changed = []
    for answer in new.answers:
        before = old_answers.get(answer.id)
        old_value, old_note, old_incident = (
            (before.answer, before.note, before.incident) if before else (None, None, False)
        )
        if (old_value, old_note, old_incident) != (answer.answer, answer.note, answer.incident):
            changed.append(
                AnswerChange(
                    question=answer.id,
                    text=answer.text,
                    old_answer=old_value,
                    new_answer=answer.answer,
                    old_note=old_note,
                    new_note=answer.note,
                    old_incident=old_incident,
                    new_incident=answer.incident,
                )
            )
    new_plan = {step.id for step in new.plan}
    return AssessmentDiff(
        old_file=old.answers_file,
        new_file=new.answers_file,
        old_date=old.date.isoformat(),
        new_date=new.date.isoformat(),
        old_questionnaire_version=old.questionnaire_version,
        new_questionnaire_version=new.questionnaire_version,
        team=new.team,
        models=[_model_change(old, new, model_id) for model_id in model_ids],
        answers=changed,
        steps_done=[StepDone(step=step.id, action=step.action) for step in old.plan if step.id not in new_plan],
    )
