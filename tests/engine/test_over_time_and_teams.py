"""diff, combine and portfolio at the engine: did we move, do we agree, where do teams stand."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlops_maturity.answers.load import load_answers
from mlops_maturity.answers.model import Answer, AnswersFile
from mlops_maturity.engine.batch import summarise_file, summarise_files
from mlops_maturity.engine.combine import combine, median_answer
from mlops_maturity.engine.diff import diff
from mlops_maturity.engine.portfolio import TeamSummary, UnreadFile, portfolio
from mlops_maturity.engine.scoring import score
from mlops_maturity.questionnaire.model import QuestionnaireSet

from ..conftest import EXAMPLES, make_answers

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def _answers(shipped: QuestionnaireSet, name: str) -> AnswersFile:
    return load_answers(EXAMPLES / f"{name}.yaml", shipped).answers


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_an_assessment_compared_with_itself_has_no_change(shipped: QuestionnaireSet, path: Path) -> None:
    assessment = score(shipped, load_answers(path, shipped).answers)
    change = diff(assessment, assessment)
    assert change.unchanged and not change.regressed
    assert change.answers == [] and change.steps_done == []


def test_a_team_that_moved_up_shows_what_it_gained_and_what_it_did(shipped: QuestionnaireSet) -> None:
    before = score(shipped, _answers(shipped, "devops-team"))
    after = score(shipped, _answers(shipped, "fraud-platform"))
    change = diff(before, after)
    microsoft = next(model for model in change.models if model.model == "microsoft")
    assert (microsoft.old_level, microsoft.new_level) == (2, 4)
    assert not change.regressed
    assert microsoft.newly_met and change.answers and change.steps_done
    backwards = diff(after, before)
    assert backwards.regressed
    assert {item.criterion for item in next(m for m in backwards.models if m.model == "microsoft").newly_lost} == {
        item.criterion for item in microsoft.newly_met
    }


def test_the_median_takes_the_lower_middle_and_n_a_only_when_everyone_chose_it(mini: QuestionnaireSet) -> None:
    assert median_answer(["no", "fully", "mostly"], mini) == "mostly"
    assert median_answer(["partially", "fully"], mini) == "partially"
    assert median_answer(["n/a", "mostly"], mini) == "mostly"
    assert median_answer(["n/a", "n/a"], mini) == "n/a"
    assert median_answer([], mini) is None


def test_combining_identical_files_gives_the_same_answers(shipped: QuestionnaireSet) -> None:
    answers = _answers(shipped, "fraud-platform")
    combined = combine([answers, answers], shipped)
    assert combined.disagreements == []
    for question, given in answers.answers.items():
        merged = combined.answers.answers[question]
        assert (merged.answer, merged.note, merged.evidence) == (given.answer, given.note, given.evidence)


def test_combining_disagreeing_files_keeps_every_answer_and_lists_the_disagreement(mini: QuestionnaireSet) -> None:
    ana = make_answers(code_vc={"answer": "fully", "note": "all in git"}, tracking="no").model_copy(
        update={"assessor": "Ana"}
    )
    ben = make_answers(code_vc="no", tracking="partially").model_copy(update={"assessor": "Ben"})
    combined = combine([ana, ben], mini)
    code = combined.answers.answers["code_vc"]
    assert code.answer == "no"  # the lower middle of two
    assert [(response.assessor, response.answer, response.note) for response in code.responses] == [
        ("Ana", "fully", "all in git"),
        ("Ben", "no", None),
    ]
    assert [(item.question, item.responses) for item in combined.disagreements] == [
        ("code_vc", [("Ana", "fully"), ("Ben", "no")])
    ]


def test_the_portfolio_counts_teams_per_level_and_the_steps_that_lift_them(
    shipped: QuestionnaireSet, tmp_path: Path
) -> None:
    (tmp_path / "broken.yaml").write_text("team: [", encoding="utf-8")
    paths = [*EXAMPLE_FILES, tmp_path / "broken.yaml"]
    summaries = [summarise_file(path, shipped, ("google", "microsoft"), []) for path in paths]
    teams = [summary for summary in summaries if isinstance(summary, TeamSummary)]
    unread = [summary for summary in summaries if isinstance(summary, UnreadFile)]
    view = portfolio(teams, unread, shipped, ("google", "microsoft"))
    assert len(view.teams) == len(EXAMPLE_FILES) and len(view.unread) == 1
    assert view.exit_code == 2
    for model_id in ("google", "microsoft"):
        assert sum(view.distribution[model_id].values()) == len(EXAMPLE_FILES)
        levels = {team.answers_file: team.models[model_id].level for team in teams}
        for path in EXAMPLE_FILES:
            assert levels[str(path)] == score(shipped, load_answers(path, shipped).answers).models[model_id].level
    # A step counted as lifting a team really lifts it: done alone, the team reaches its next level.
    for team in teams:
        for model_id, standing in team.models.items():
            for step_id in standing.lifting:
                answers = load_answers(Path(team.answers_file), shipped).answers
                done = dict(answers.answers)
                for question, value in shipped.steps_by_id[step_id].done_when.items():
                    current = answers.value_of(question)
                    if current is None or (
                        current != "n/a" and shipped.scale_rank(current) < shipped.scale_rank(value)
                    ):
                        previous = answers.answers.get(question)
                        done[question] = (
                            previous.model_copy(update={"answer": value}) if previous else Answer(answer=value)
                        )
                lifted = score(shipped, answers.model_copy(update={"answers": done})).models[model_id]
                assert lifted.level > standing.level, (team.team, model_id, step_id)


def test_many_files_in_worker_processes_give_what_one_process_gives(shipped: QuestionnaireSet) -> None:
    paths = EXAMPLE_FILES * 12  # above the pool's threshold
    alone = [summarise_file(path, shipped, ("google", "microsoft"), []) for path in paths]
    pooled = list(summarise_files(paths, shipped, None, ("google", "microsoft"), [], workers=2))
    assert [(s.team, {m: t.level for m, t in s.models.items()}) for s in pooled if isinstance(s, TeamSummary)] == [
        (s.team, {m: t.level for m, t in s.models.items()}) for s in alone if isinstance(s, TeamSummary)
    ]
