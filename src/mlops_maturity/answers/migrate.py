"""Reading answers given to an older questionnaire version, through the migrations it declares.

Teams keep answers files for years. A newer questionnaire says, per older version, what
became of each question (renamed, split, merged, retired; `Migration` in the questionnaire
model); `migrate` applies those steps in order. Nothing a team wrote is dropped: a retired
question's answer moves to `retired_answers`, a merge keeps every note and link.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlops_maturity.answers.model import Answer, AnswersFile
from mlops_maturity.questionnaire.model import Migration, QuestionnaireSet


@dataclass(frozen=True, slots=True)
class CarriedAnswer:
    """A question of the newer version that took its answer from other questions."""

    question: str
    sources: tuple[str, ...]
    """The older question ids it came from (several for a merge)."""
    from_version: str
    answer: str | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class MigrationResult:
    """An answers file brought to the current version, and what that did."""

    answers: AnswersFile
    from_version: str
    versions: tuple[str, ...]
    """Every version passed through, the oldest first, ending with the current one."""
    carried: list[CarriedAnswer] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    """Old question ids whose answers moved to `retired_answers`."""
    added: list[str] = field(default_factory=list)
    """Questions new since the file's version: unanswered."""


def migration_path(questionnaires: QuestionnaireSet, version: str) -> list[Migration] | None:
    """The migrations from `version` to the current one, in order; None when there is no way."""
    migrations = questionnaires.bank.migrations
    start = next((index for index, migration in enumerate(migrations) if migration.from_version == version), None)
    return None if start is None else list(migrations[start:])


def known_question_ids(questionnaires: QuestionnaireSet, version: str) -> set[str] | None:
    """The question ids an answers file of `version` may use; None for a version not read."""
    if version == questionnaires.version:
        return set(questionnaires.questions_by_id)
    path = migration_path(questionnaires, version)
    if path is None:
        return None
    known = set(questionnaires.questions_by_id)
    for migration in reversed(path):
        targets = {target for change in migration.questions.values() for target in change.becomes}
        known = (known - set(migration.added) - targets) | set(migration.questions)
    return known


def migrate(answers: AnswersFile, questionnaires: QuestionnaireSet) -> MigrationResult:
    """The answers read at the current version (unchanged when already current).

    Raises:
        ValueError: no migration leads from the file's version (the loader checks this first).
    """
    if answers.questionnaire_version == questionnaires.version:
        return MigrationResult(answers, answers.questionnaire_version, (questionnaires.version,))
    path = migration_path(questionnaires, answers.questionnaire_version)
    if path is None:
        raise ValueError(f"no migration from questionnaire version {answers.questionnaire_version}")
    result = MigrationResult(answers, answers.questionnaire_version, (answers.questionnaire_version,))
    for migration in path:
        result = _step(result, migration, questionnaires)
    return result


def _step(result: MigrationResult, migration: Migration, questionnaires: QuestionnaireSet) -> MigrationResult:
    old = result.answers
    kept: dict[str, Answer] = {}
    retired = dict(old.retired_answers)
    incoming: dict[str, list[tuple[str, Answer]]] = {}
    for question_id, given in old.answers.items():
        change = migration.questions.get(question_id)
        if change is None:
            kept[question_id] = given
        elif not change.becomes:
            retired[question_id] = given
        else:
            mapped = change.answers.get(given.answer or "", given.answer)
            for target in change.becomes:
                incoming.setdefault(target, []).append((question_id, given.model_copy(update={"answer": mapped})))
    carried = list(result.carried)
    for target, sources in incoming.items():
        if target in kept:  # answered under its new id already: the team's own answer wins
            continue
        if all(given.answer is None for _, given in sources):
            # Nothing was answered: nothing to carry, nor to check (a note or link stays as written).
            kept[target] = sources[0][1]
            continue
        kept[target] = _combine(sources, migration.from_version, questionnaires)
        change = migration.questions[sources[0][0]]
        if [source for source, _ in sources] != [target] or change.reason:
            carried.append(
                CarriedAnswer(
                    target,
                    tuple(source for source, _ in sources),
                    migration.from_version,
                    kept[target].answer,
                    change.reason,
                )
            )
    migrated = old.model_copy(
        update={"questionnaire_version": migration.to_version, "answers": kept, "retired_answers": retired}
    )
    return MigrationResult(
        answers=migrated,
        from_version=result.from_version,
        versions=(*result.versions, migration.to_version),
        carried=carried,
        retired=[
            *result.retired,
            *(
                question
                for question, change in migration.questions.items()
                if not change.becomes and question in old.answers
            ),
        ],
        added=[*result.added, *migration.added],
    )


def _combine(sources: list[tuple[str, Answer]], from_version: str, questionnaires: QuestionnaireSet) -> Answer:
    """One answer from one or several old ones: the lowest answer, every note and link kept."""
    if len(sources) == 1:
        source, given = sources[0]
        return given.model_copy(update={"carried_from": f"{source}@{from_version}"})
    not_applicable = questionnaires.bank.not_applicable.value
    values = [given.answer for _, given in sources]
    scored = [value for value in values if value is not None and value != not_applicable]
    if None in values:
        answer = None  # one part unanswered: the merged question is unanswered too
    elif scored:
        answer = min(scored, key=questionnaires.scale_rank)
    else:
        answer = not_applicable
    notes = [f"{source}: {given.note}" for source, given in sources if given.note]
    evidence = tuple(dict.fromkeys(link for _, given in sources for link in given.evidence))
    return Answer(
        answer=answer,
        note="; ".join(notes) or None,
        evidence=evidence,
        source=next((given.source for _, given in sources if given.source), None),
        estimate=any(given.estimate for _, given in sources),
        incident=any(given.incident for _, given in sources),
        carried_from=", ".join(f"{source}@{from_version}" for source, _ in sources),
    )
