"""The scoring engine: questionnaires + one team's answers -> an `Assessment`. Pure: no I/O.

The rule, written once here and stated in the README:

* A criterion is **met** when every question it requires is answered at least at the
  required point of the scale, or `n/a`. It is `n/a` when all its questions are `n/a`,
  **unanswered** when none is below the requirement but some are unanswered, and
  **unmet** otherwise. Unanswered counts as not met.
* A level **holds** when all its criteria are met (or n/a). The base level has no
  criteria and always holds.
* A level **is reached** when, at it and at every level below it, every criterion is met
  except at most the model's `tolerance` criteria missed, none of them defining and none
  unanswered (`engine.level_rule`); `strict` scoring tolerates none.
* The **gaps** are the criteria tolerated missed (first: meeting one makes its level hold
  outright), then the unmet criteria of the next level.
* The **next steps** are the steps of every unmet criterion above the reached level,
  each once, ordered by level, then by the questionnaire's order of criteria and steps;
  a step already done (its `done_when` answers reached) is left out.
"""

from __future__ import annotations

from mlops_maturity import __version__
from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.engine.assessment import (
    Assessment,
    CriterionResult,
    Gap,
    Hinges,
    LevelRef,
    LevelResult,
    ModelResult,
    NextStepResult,
    Progress,
    QuestionOutcome,
    Status,
    Unlock,
)
from mlops_maturity.engine.criteria import (
    HOLDS,
    defining_inapplicable_per_level,
    holds,
    question_status,
    score_criterion,
    source_of,
)
from mlops_maturity.engine.hinges import lifting_steps, model_hinges
from mlops_maturity.engine.level_rule import (
    Shortfall,
    answer_ranks,
    criterion_shortfall,
    in_halves,
    model_units,
    reached_level,
    requirement_shortfall,
)
from mlops_maturity.engine.plan import Standing, incident_questions, order_steps
from mlops_maturity.engine.profile import answered_questions, dimension_profile
from mlops_maturity.engine.profile import round_half_up as round_half_up  # re-exported: renderers round the same way
from mlops_maturity.engine.scope import in_scope
from mlops_maturity.questionnaire.model import MaturityModel, Question, QuestionnaireSet


def score(
    questionnaires: QuestionnaireSet,
    answers: AnswersFile,
    model_ids: tuple[str, ...] | None = None,
    answers_file: str | None = None,
    *,
    strict: bool = False,
) -> Assessment:
    """Score one team's answers on the given models (all models when None); `strict`: every
    criterion must be met, no miss tolerated."""
    answers = in_scope(answers, questionnaires)
    selected = model_ids or tuple(model.id for model in questionnaires.models)
    scored = {
        model_id: _score_model(questionnaires.model(model_id), answers, questionnaires, advice=True, strict=strict)
        for model_id in selected
    }
    models = {model_id: result for model_id, (result, _) in scored.items()}
    standings = [standing for _, standing in scored.values() if standing is not None]
    questions = questionnaires.questions_for(selected)
    return Assessment(
        tool_version=__version__,
        questionnaire_version=questionnaires.version,
        answers_file=answers_file,
        team=answers.team,
        date=answers.date,
        assessor=answers.assessor,
        entity=answers.entity,
        owner=answers.owner,
        labels=dict(answers.labels),
        models=models,
        plan=_combined_plan(list(models.values()), standings, answers, questionnaires, questions),
        profile=dimension_profile(questionnaires, answers, selected),
        unanswered=[question.id for question in questions if answers.answer_for(question.id) is None],
        answers=answered_questions(questionnaires, answers, questions),
    )


def _ref(level: LevelResult) -> LevelRef:
    """The level's name and numbers, without its criteria."""
    return LevelRef(number=level.number, native_number=level.native_number, name=level.name)


def _shortfall(outcome: QuestionOutcome, ranks: dict[str | None, int]) -> Shortfall:
    return requirement_shortfall(ranks[outcome.answer], ranks[outcome.required])


def level_shortfalls(
    model: MaturityModel,
    scored: list[list[CriterionResult]],
    ranks: dict[str | None, int],
    *,
    defining_blocks: bool = True,
) -> list[list[Shortfall]]:
    """Per level, its scored criteria's shortfalls against the level rule (`engine.level_rule`);
    `defining_blocks=False` keeps a defining criterion's own shortfall, for rules that weigh it
    (`benchmarks/level_rules.py`)."""
    return [
        [
            criterion_shortfall(
                (_shortfall(outcome, ranks) for outcome in scored_criterion.questions),
                defining=criterion.defining and defining_blocks,
                supporting=criterion.supporting,
            )
            for criterion, scored_criterion in zip(level.criteria, scored_level, strict=True)
        ]
        for level, scored_level in zip(model.levels, scored, strict=True)
    ]


def score_model(
    model: MaturityModel,
    answers: AnswersFile,
    questionnaires: QuestionnaireSet,
    *,
    advice: bool = True,
    strict: bool = False,
) -> ModelResult:
    """Where the team stands on one model; the level rule (`engine.level_rule`) is applied here.

    `advice=False` leaves the next steps and the hinges empty: for views of many teams
    (the portfolio), which need the levels and gaps only. `strict`: no miss tolerated.
    """
    return _score_model(model, answers, questionnaires, advice=advice, strict=strict)[0]


def _score_model(
    model: MaturityModel, answers: AnswersFile, questionnaires: QuestionnaireSet, *, advice: bool, strict: bool
) -> tuple[ModelResult, Standing | None]:
    """The model's result, and where it stands for ordering a plan (with `advice` only)."""
    scored = [
        [score_criterion(criterion, answers, questionnaires) for criterion in level.criteria] for level in model.levels
    ]
    shortfalls = level_shortfalls(model, scored, answer_ranks(questionnaires))
    units = model_units(model)
    inapplicable = defining_inapplicable_per_level(scored)
    tolerance = 0 if strict else in_halves(model.tolerance)
    reached_at, tolerated, short_in_halves = reached_level(shortfalls, tolerance, units, inapplicable)
    strict_at, _, _ = reached_level(shortfalls, 0, units, inapplicable)
    levels = [
        LevelResult(
            number=level.number,
            native_number=level.source_number,
            name=level.name,
            summary=level.summary,
            source=source_of(level.source),
            holds=all(holds(criterion.status) for criterion in criteria),
            reached=position <= reached_at,
            met=sum(holds(criterion.status) for criterion in criteria),
            total=len(criteria),
            criteria=criteria,
        )
        for position, (level, criteria) in enumerate(zip(model.levels, scored, strict=True))
    ]
    reached = levels[reached_at]
    next_level = levels[reached_at + 1] if reached_at + 1 < len(levels) else None
    tolerated_gaps = [(levels[position], levels[position].criteria[index]) for position, index in tolerated]
    standing = None
    if advice:
        unlocks = _unlocks(model.id, levels, reached.number, tolerated_gaps, answers, questionnaires)
        standing = Standing(
            model=model.id,
            reached=reached.number,
            open_at_next=next_level.total - next_level.met if next_level else 0,
            percent_at_next=round_half_up(100 * next_level.met, next_level.total) if next_level else 100,
            next_is_named=next_level is None or not inapplicable[reached_at + 1],
            lifting=lifting_steps(
                model, answers, questionnaires, reached.number, 0 if strict else model.tolerance, unlocks
            ),
            near_missed=frozenset(
                levels[position].criteria[index].id
                for position, index in tolerated
                if shortfalls[position][index] is Shortfall.NEAR_MISS
                or shortfalls[position][units[position][index]] is Shortfall.MET
            ),
        )
    gaps = [_gap(level, criterion, answers, questionnaires, tolerated=True) for level, criterion in tolerated_gaps]
    if next_level:
        gaps += [
            _gap(next_level, criterion, answers, questionnaires)
            for criterion in next_level.criteria
            if not holds(criterion.status)
        ]
    result = ModelResult(
        id=model.id,
        model_name=model.name,
        source_title=model.source.title,
        source_url=model.source.url,
        source_quoted_text=model.source.quoted_text,
        numbering_note=model.numbering_note,
        level=reached.number,
        native_level=reached.native_number,
        name=reached.name,
        strict=_ref(levels[strict_at]),
        next_level=_ref(next_level) if next_level else None,
        progress=(
            Progress(
                met=next_level.met,
                total=next_level.total,
                percent=round_half_up(100 * next_level.met, next_level.total),
            )
            if next_level
            else None
        ),
        levels=levels,
        gaps=gaps,
        next_steps=order_steps(unlocks, [standing], answers, questionnaires) if standing is not None else [],
        hinges=model_hinges(model, answers, questionnaires, reached.number, 0 if strict else model.tolerance)
        if advice
        else Hinges(one_answer_away=[], fragile=[]),
        # NOTE: met, not n/a: a practice that does not apply is not something the team has.
        beyond=[
            criterion.id
            for level in levels
            if level.number > reached.number
            for criterion in level.criteria
            if criterion.status is Status.met
        ],
        tolerance=tolerance / 2,
        short_weight=short_in_halves / 2,
    )
    return result, standing


def _gap(
    level: LevelResult,
    criterion: CriterionResult,
    answers: AnswersFile,
    questionnaires: QuestionnaireSet,
    *,
    tolerated: bool = False,
) -> Gap:
    return Gap(
        level=_ref(level),
        criterion=criterion.id,
        title=criterion.title,
        status=criterion.status,
        gap=criterion.gap,
        next_steps=_open_steps(criterion, answers, questionnaires),
        source=criterion.source,
        tolerated=tolerated,
    )


def _open_steps(criterion: CriterionResult, answers: AnswersFile, questionnaires: QuestionnaireSet) -> list[str]:
    """The criterion's steps that are not done yet (see `NextStep.done_when`).

    A step is done when every answer its `done_when` names is reached (or n/a): a team
    that already has a training pipeline is not told to build one. Should every step be
    done while the criterion is unmet, all are listed; lint rules that out by requiring, for
    each answer a criterion needs, a step that stays to do until it is reached.
    """
    steps = questionnaires.steps_by_id
    open_steps = [
        step_id
        for step_id in criterion.next_steps
        if not all(
            question_status(questionnaires, answers.value_of(question_id), required) in HOLDS
            for question_id, required in steps[step_id].done_when.items()
        )
    ]
    return open_steps or list(criterion.next_steps)


def _unlocks(
    model_id: str,
    levels: list[LevelResult],
    reached: int,
    tolerated_gaps: list[tuple[LevelResult, CriterionResult]],
    answers: AnswersFile,
    questionnaires: QuestionnaireSet,
) -> dict[str, list[Unlock]]:
    """Per open step of every criterion tolerated missed, then of every unmet
    criterion above the reached level, the criteria it helps to meet; in that order, then
    level order, then the questionnaire's order of criteria and steps."""
    unmet_above = [
        (level, criterion)
        for level in levels
        if level.number > reached
        for criterion in level.criteria
        if not holds(criterion.status)
    ]
    unlocks: dict[str, list[Unlock]] = {}
    for level, criterion in [*tolerated_gaps, *unmet_above]:
        for step_id in _open_steps(criterion, answers, questionnaires):
            unlocks.setdefault(step_id, []).append(
                Unlock(model=model_id, level=_ref(level), criterion=criterion.id, title=criterion.title)
            )
    return unlocks


def _combined_plan(
    models: list[ModelResult],
    standings: list[Standing],
    answers: AnswersFile,
    questionnaires: QuestionnaireSet,
    questions: tuple[Question, ...],
) -> list[NextStepResult]:
    """Every model's next steps, each step once with all it unlocks, in the plan's order;
    `questions`: the ones the scored models ask."""
    unlocks: dict[str, list[Unlock]] = {}
    for model in models:
        for step in model.next_steps:
            unlocks.setdefault(step.id, []).extend(step.unlocks)
    # A gap that caused an incident is closed even where the criteria it serves are met
    # (`partially` meets some): the step is in the plan, unlocking nothing. Only gaps the
    # models scored ask about: with `--model`, another model's criteria are not reported on.
    asked = {question.id for question in questions}
    for closing in questionnaires.bank.steps:
        # A step with such a gap is not done: the gap is below what it asks.
        if closing.id not in unlocks and asked.intersection(incident_questions(closing, answers, questionnaires)):
            unlocks[closing.id] = []
    orders = {model.id: [step.id for step in model.next_steps] for model in models}
    return order_steps(unlocks, standings, answers, questionnaires, orders)
