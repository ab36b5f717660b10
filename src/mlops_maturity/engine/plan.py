"""The order of the next steps: one documented rule, the same for one model and for all.

0. **What hurt first, where it can start now.** A step that closes a gap the team says
   caused a recent incident (`incident: true` on the answer) comes before everything else
   when nothing it builds on is missing outright: the team knows what failed, and a plan
   that starts elsewhere asks it to live with that failure while it builds something else.
   A prerequisite in place in part is enough to build on (segment checks on an evaluation
   step that exists but gates nothing), and is finished where the rest of the rule puts
   it. A step whose foundation is missing outright (data checks as the first step of a
   training pipeline the team does not have) keeps its place: the foundation is the first
   thing to build, and the rest of the rule says when. Except where the answer that caused
   the incident is itself in place in part and the step lacks one foundation outright,
   which nothing it builds on is missing from: finishing what the team half does comes
   first, and the foundation where the rest of the rule puts it (pinning the environment
   of a training the team can partly reproduce, before the pipeline it has yet to build).
   Of several that lead, the rest of the rule orders them. Such a step is in the plan even
   where the criteria its gap serves are met (a `partially` meets some): it then unlocks
   nothing, and when it does not lead it comes after every level's steps.
1. **A new level, or a hole below the level shown, first.** A step that completes the one
   criterion between a model and its next level, and so raises the model's level by itself
   (`Standing.lifting`), comes first, where the change that level is named for applies to
   the team (a registry alone is no "Automated Training" for a team that trains nothing);
   then a step for a criterion a level was reached without (`engine.level_rule`) that the
   rule weighs as missing outright: a safeguard (2) first, in the safeguards' order; of the
   others, one that moves both models first, then the lowest level's, then the closest
   model's.
2. **Then safeguards, and finishing what a level stands on in part.** A step that protects
   something the team already automates (its `safeguards` answers are reached: models
   deployed automatically, retraining on a schedule) and that is not done comes next,
   whatever its level: risk before polish; safeguards follow the questionnaire's order of
   steps, which lists the data checks first. A criterion a level was reached with that the
   rule weighs as a near miss (the practice in place in part) is finished around them:
   before them when its step is itself a safeguard, else after them.
3. **Then the next level.** Steps for a criterion of a model's next level, the model
   closest to its next level first (fewest unmet criteria there, then the highest share
   met), in the questionnaire's order of criteria and steps.
4. **Then the levels after**, one level at a time, the nearest first.
5. **Prerequisites before what depends on them.** A step's `after` steps, and those of its
   `after_when` whose answers the team gave, when they are in the plan too, are moved just
   before it (the model registry before automated deployment), except as 0 says: a step
   that leads for an incident waits only for a prerequisite that leads too.

So no step for a higher level comes before a step the next level still needs, except a
safeguard or a prerequisite of such a step. The order was set against the team corpus's
readers (`benchmarks/team_corpus.py`): they put a new level and a missing practice before
finishing one a level already stands on, and risk before polish.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mlops_maturity.answers.model import AnswersFile
from mlops_maturity.engine.assessment import NextStepResult, Priority, Unlock
from mlops_maturity.questionnaire.model import NextStep, QuestionnaireSet

_HOLDS_A_LEVEL, _SAFEGUARD, _TOWARDS_LEVELS = 0, 1, 2
"""The plan's groups, in order (see the module docstring)."""
_BEYOND_LEVELS = 99
"""The distance to a level of a step that unlocks none: after every level's steps."""


@dataclass(frozen=True, slots=True)
class Standing:
    """Where a model stands, for ordering: its level and how close the next one is."""

    model: str
    reached: int
    open_at_next: int
    """Unmet criteria of the next level."""
    percent_at_next: int
    next_is_named: bool = True
    """The change the next level is named for applies to the team (its defining criteria are
    not all n/a): reaching it is a new capability, not only the rest of its list."""
    lifting: frozenset[str] = frozenset()
    """The steps that, done by themselves, raise the model's level (by the level rule)."""
    near_missed: frozenset[str] = frozenset()
    """The criteria a level was reached with that weigh as near misses: the practice in place
    in part (`engine.level_rule`)."""


def is_safeguard(step: NextStep, answers: AnswersFile, questionnaires: QuestionnaireSet) -> bool:
    """The team already automates, at the given answer or better, what this step protects,
    and has what the step works on (`safeguard_needs`)."""

    def reached(question_id: str, minimum: str) -> bool:
        value = answers.value_of(question_id)
        return (
            value is not None
            and value in questionnaires.scale_values
            and questionnaires.scale_rank(value) >= questionnaires.scale_rank(minimum)
        )

    return any(reached(*pair) for pair in step.safeguards.items()) and all(
        reached(*pair) for pair in step.safeguard_needs.items()
    )


def prerequisites(step: NextStep, answers: AnswersFile) -> tuple[str, ...]:
    """The steps to do before this one for this team: its `after`, and those of its
    `after_when` whose answers the team gave."""
    conditional = tuple(
        prerequisite
        for prerequisite, condition in step.after_when.items()
        if all(answers.value_of(question_id) == answer for question_id, answer in condition.items())
    )
    return step.after + conditional


def incident_questions(step: NextStep, answers: AnswersFile, questionnaires: QuestionnaireSet) -> list[str]:
    """The step's questions whose gap the team says caused a recent incident, where the step
    closes that gap (the answer is below what the step asks of the question)."""
    return [
        question_id
        for question_id in step.done_when
        if (given := answers.answers.get(question_id)) is not None
        and given.incident
        and questionnaires.short_of(step, question_id, given.answer)
    ]


def in_place_in_part(question_ids: Iterable[str], answers: AnswersFile, questionnaires: QuestionnaireSet) -> bool:
    """One of the questions is answered above the lowest answer of the scale."""
    for question_id in question_ids:
        value = answers.value_of(question_id)
        if value is not None and value in questionnaires.scale_values and questionnaires.scale_rank(value) > 0:
            return True
    return False


def is_partial(step: NextStep, answers: AnswersFile, questionnaires: QuestionnaireSet) -> bool:
    """The team has part of what the step builds: one of its questions is above the lowest answer."""
    return in_place_in_part(step.done_when, answers, questionnaires)


def order_steps(
    unlocks: dict[str, list[Unlock]],
    standings: list[Standing],
    answers: AnswersFile,
    questionnaires: QuestionnaireSet,
    orders: dict[str, list[str]] | None = None,
) -> list[NextStepResult]:
    """The steps (step id -> what each unlocks, in level then criteria order) as a plan.

    `orders`: each model's own plan, for the order of steps within a model (default: the
    order of `unlocks`).
    """
    steps = questionnaires.steps_by_id
    rank = {
        standing.model: position
        for position, standing in enumerate(
            sorted(standings, key=lambda standing: (standing.open_at_next, -standing.percent_at_next))
        )
    }
    reached = {standing.model: standing.reached for standing in standings}
    first_seen = {step_id: index for index, step_id in enumerate(unlocks)}
    within = {model: {step_id: index for index, step_id in enumerate(order)} for model, order in (orders or {}).items()}
    # A new level: the step completes the one criterion between a model and its next level,
    # whose named change applies to the team, and so raises the model's level.
    new_level = {
        step_id
        for standing in standings
        if standing.open_at_next == 1 and standing.next_is_named
        for step_id in standing.lifting
    }
    near_missed = {(standing.model, criterion) for standing in standings for criterion in standing.near_missed}

    def nearest(step_id: str) -> tuple[int, int, str]:
        """The step's nearest level (levels from the level reached), its model's rank, the model;
        past every level for a step that unlocks nothing (one that closes an incident's gap
        where the criteria it serves are met)."""
        return min(
            (
                (unlock.level.number - reached[unlock.model], rank[unlock.model], unlock.model)
                for unlock in unlocks[step_id]
            ),
            default=(_BEYOND_LEVELS, len(rank), ""),
        )

    nearby = {step_id: nearest(step_id) for step_id in unlocks}
    position = questionnaires.step_positions

    def key(step_id: str) -> tuple[int, int, int, int, int, int]:
        distance, model_rank, model = nearby[step_id]
        order = within.get(model, first_seen).get(step_id, first_seen[step_id])
        step = steps[step_id]
        models = -len({unlock.model for unlock in unlocks[step_id] if unlock.level.number - reached[unlock.model] <= 1})
        reaches = step_id in new_level
        shown = [unlock for unlock in unlocks[step_id] if unlock.level.number <= reached[unlock.model]]
        near_miss = bool(shown) and not reaches and all((u.model, u.criterion) in near_missed for u in shown)
        safeguard = is_safeguard(step, answers, questionnaires)
        if safeguard and not reaches and not near_miss:
            # Risk before polish, in the safeguards' order: first of the practices missing
            # outright below a level shown, where it is one, else of the safeguards.
            return (
                (_HOLDS_A_LEVEL, 1, 0, 0, 0, position[step_id])
                if shown
                else (_SAFEGUARD, 0, 0, 0, 0, position[step_id])
            )
        if reaches or (shown and not near_miss):
            # A new level first, then a practice missing outright below a level shown; of
            # several, one that moves both models first, then the lowest level's.
            return (_HOLDS_A_LEVEL, 0 if reaches else 2, models, distance, model_rank, order)
        if near_miss:
            # Finishing what a level stands on in part: first among safeguards when it is
            # one, else after them (risk before polish), and before the next level.
            return (_SAFEGUARD, -1 if safeguard else 1, models, distance, model_rank, order)
        return (_TOWARDS_LEVELS, distance, 0, 0, model_rank, order)

    keys = {step_id: key(step_id) for step_id in unlocks}
    hurt = {step_id: incident_questions(steps[step_id], answers, questionnaires) for step_id in unlocks}

    def waits_for(step_id: str) -> list[str]:
        """The planned steps to do just before this one."""
        return [prerequisite for prerequisite in prerequisites(steps[step_id], answers) if prerequisite in unlocks]

    def missing(step_id: str) -> list[str]:
        """The planned prerequisites of the step that the team lacks outright."""
        return [
            prerequisite
            for prerequisite in waits_for(step_id)
            if not is_partial(steps[prerequisite], answers, questionnaires)
        ]

    def starts_now(step_id: str) -> bool:
        """Nothing the step builds on is missing outright (each prerequisite still in the plan is
        in place in part); or the answer that caused the incident is in place in part, and
        what the step lacks is one step that itself starts now by that first test."""
        lacking = missing(step_id)
        if not lacking:
            return True
        return (
            in_place_in_part(hurt[step_id], answers, questionnaires) and len(lacking) == 1 and not missing(lacking[0])
        )

    # What hurt first, where it can start now; then the rest.
    leads = {step_id for step_id in unlocks if hurt[step_id] and starts_now(step_id)}
    ordered = sorted(unlocks, key=lambda step_id: (step_id not in leads, keys[step_id]))
    planned: list[str] = []

    def place(step_id: str, chain: tuple[str, ...]) -> None:
        if step_id in planned or step_id in chain:  # a cycle is refused by lint; never loop
            return
        # A step that leads for an incident waits only for a prerequisite that leads too.
        for prerequisite in waits_for(step_id):
            if step_id not in leads or prerequisite in leads:
                place(prerequisite, (*chain, step_id))
        planned.append(step_id)

    for step_id in ordered:
        place(step_id, ())
    return [
        _result(
            steps[step_id],
            unlocks[step_id],
            keys[step_id][0],
            nearby[step_id][0],
            hurt[step_id],
            step_id in leads,
            answers,
            questionnaires,
        )
        for step_id in planned
    ]


def _result(
    step: NextStep,
    unlocks: list[Unlock],
    group: int,
    distance: int,
    incidents: list[str],
    leads: bool,
    answers: AnswersFile,
    questionnaires: QuestionnaireSet,
) -> NextStepResult:
    """`incidents`: the step's questions whose gap caused an incident; `leads`: it leads the plan for them."""
    partial = step.partial_action is not None and is_partial(step, answers, questionnaires)
    if leads:
        priority = Priority.incident
    elif distance <= 0:
        priority = Priority.holds_level
    elif group == _SAFEGUARD:
        priority = Priority.safeguard
    else:
        priority = Priority.next_level if distance <= 1 else Priority.later
    return NextStepResult(
        id=step.id,
        action=step.partial_action if partial and step.partial_action else step.action,
        tools=step.tools,
        unlocks=sorted(unlocks, key=lambda unlock: unlock.level.number),
        priority=priority,
        partial=partial,
        incidents=incidents,
    )
