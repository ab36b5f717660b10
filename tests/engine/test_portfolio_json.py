"""The portfolio's JSON, its teams written directly, is byte for byte the general renderer's.

`render_portfolio_json` writes the teams itself (the bulk of a large portfolio) and the
rest through `json.dumps`; the reference is `json_document(portfolio_data(...))`.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mlops_maturity.engine.batch import summarise_file
from mlops_maturity.engine.portfolio import Portfolio, TeamStanding, TeamSummary, UnreadFile, portfolio
from mlops_maturity.errors import ExitCode, Problem
from mlops_maturity.json_text import json_document
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.report.portfolio import portfolio_data, render_portfolio_json

from ..conftest import EXAMPLES

# Text a JSON writer must escape or keep: quotes, backslashes, controls, `##`, separators, the splice's own key.
HOSTILE = [
    '"',
    "\\",
    "\n",
    "\t",
    "\x00",
    "\x1b[31m",
    "\x85",
    "\u2028",
    "\u202e",
    "##[group]",
    '\n  "teams": []',
    "é",
    "🚀",
]
texts = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(HOSTILE)), max_size=4).map("".join)
ids = st.lists(texts, max_size=4)

standings = st.builds(
    TeamStanding,
    level=st.integers(0, 5),
    native_level=st.integers(-1, 5),
    next_level=st.none() | st.integers(0, 6),
    blocking=ids,
    helping=ids,
    lifting=ids,
    below_threshold=st.booleans(),
)
teams = st.builds(
    TeamSummary,
    answers_file=texts,
    team=texts,
    date=st.dates(min_value=datetime.date(1, 1, 1)),
    models=st.dictionaries(texts, standings, max_size=3),
)
unread = st.builds(
    UnreadFile,
    answers_file=texts,
    message=texts,
    problems=st.lists(st.builds(Problem, texts, message=texts), max_size=2),
    exit_code=st.just(ExitCode.INVALID_INPUT),
)


@settings(max_examples=300, deadline=None)
@given(version=texts, team_list=st.lists(teams, max_size=5), unread_list=st.lists(unread, max_size=2))
def test_the_json_is_the_general_renderers_for_any_teams(
    version: str, team_list: list[TeamSummary], unread_list: list[UnreadFile]
) -> None:
    result = Portfolio(
        questionnaire_version=version,
        teams=team_list,
        unread=unread_list,
        distribution={"google": {0: len(team_list), 1: 0}},
        shared_gaps=[],
        lifting_steps=[],
        model_names={"google": "Google"},
    )
    assert render_portfolio_json(result) == json_document(portfolio_data(result))


def test_the_json_of_the_examples_is_the_general_renderers(shipped: QuestionnaireSet, tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("team: [", encoding="utf-8")
    paths = [*sorted(EXAMPLES.rglob("*.yaml")), tmp_path / "broken.yaml"]
    summaries = [summarise_file(path, shipped, ("google", "microsoft"), []) for path in paths]
    result = portfolio(
        [summary for summary in summaries if isinstance(summary, TeamSummary)],
        [summary for summary in summaries if isinstance(summary, UnreadFile)],
        shipped,
        ("google", "microsoft"),
    )
    assert result.teams and result.unread
    assert render_portfolio_json(result) == json_document(portfolio_data(result))
