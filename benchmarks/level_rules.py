"""Other level rules, tried on the team corpus: how close can any rule of these families come to the readers?

The shipped rule is cumulative (`engine.level_rule`): what is short at a level and at every
level below weighs at most the model's tolerance, and a level's defining criterion short
stops it. Readers place a team by the overall fit of a level's description. This tries,
on the answers of `tests/data/teams/` and with the engine's own weights (`level_weight`:
a near miss one half, a miss one, criteria of one item as one, supporting ones as a near
miss at most), two families and a grid of their settings:

* **cumulative**, with tolerances from 1 to 5 (the shipped rule at 2.5);
* **per level**: a level holds when what is short at it weighs at most a share of its
  criteria (`top`), and at each level below at most another share (`below`); a level's
  own defining criteria must hold, and those of the levels below must too unless
  `below_defining` is off (readers skip Microsoft's "DevOps but no MLOps" for a team whose
  training is automated; they never skip "Automated Training"). As in the shipped rule, a
  level whose defining criteria are all n/a holds only with nothing short.

Prints each setting's agreement with the levels most readers chose, how often it is higher
and lower, and its agreement on the latest round (the teams read after the shipped rule
was set). Every setting is fitted to the corpus it is scored on, so the best figure is an
upper bound for these families, not a measure of a rule.

    python benchmarks/level_rules.py
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from mlops_maturity.answers.load import load_answers
from mlops_maturity.engine.criteria import defining_inapplicable_per_level, score_criterion
from mlops_maturity.engine.level_rule import (
    Shortfall,
    answer_ranks,
    criterion_shortfall,
    level_weight,
    model_units,
    reached_level,
    requirement_shortfall,
)
from mlops_maturity.engine.scope import in_scope
from mlops_maturity.questionnaire.shipped import load_shipped_questionnaires

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "teams"
MODELS = ("google", "microsoft")


@dataclass(frozen=True)
class Standing:
    """One team on one model: each level's criteria, as the level rule sees them."""

    shortfalls: list[list[Shortfall]]
    """Per level, per criterion: its shortfall, defining or not (supporting ones capped)."""
    defining: list[list[bool]]
    units: list[list[int]]
    inapplicable: list[bool]
    base: int
    """The number of the model's first level."""
    expected: int
    round: int


Rule = Callable[[Standing], int]
"""A rule: the position of the level it gives."""


def cumulative(tolerance_in_halves: int) -> Rule:
    def rule(standing: Standing) -> int:
        blocked = [
            [
                Shortfall.BLOCKING if is_defining and short else short
                for short, is_defining in zip(level, defining, strict=True)
            ]
            for level, defining in zip(standing.shortfalls, standing.defining, strict=True)
        ]
        return reached_level(blocked, tolerance_in_halves, standing.units, standing.inapplicable)[0]

    return rule


def per_level(top: float, below: float, *, below_defining: bool) -> Rule:
    def holds(standing: Standing, position: int, share: float, defining_counts: bool) -> bool:
        found = standing.shortfalls[position]
        if Shortfall.BLOCKING in found:  # unanswered: never credited
            return False
        if standing.inapplicable[position] and any(found):  # as the shipped rule: nothing shows its change
            return False
        if defining_counts and any(
            short for short, is_defining in zip(found, standing.defining[position], strict=True) if is_defining
        ):
            return False
        units = standing.units[position]
        return level_weight(found, units) <= share * 2 * len(set(units))

    def rule(standing: Standing) -> int:
        best = 0
        for level in range(1, len(standing.shortfalls)):
            if holds(standing, level, top, True) and all(
                holds(standing, lower, below, below_defining) for lower in range(1, level)
            ):
                best = level
        return best

    return rule


def standings() -> list[Standing]:
    questionnaires = load_shipped_questionnaires()
    ranks = answer_ranks(questionnaires)
    expected = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
    found: list[Standing] = []
    for slug, wanted in expected.items():
        answers = in_scope(load_answers(CORPUS / "answers" / f"{slug}.yaml", questionnaires).answers, questionnaires)
        for model_id in MODELS:
            model = questionnaires.model(model_id)
            scored = [
                [score_criterion(criterion, answers, questionnaires) for criterion in level.criteria]
                for level in model.levels
            ]
            shortfalls = [
                [
                    criterion_shortfall(
                        (
                            requirement_shortfall(ranks[outcome.answer], ranks[outcome.required])
                            for outcome in result.questions
                        ),
                        supporting=criterion.supporting,
                    )
                    for criterion, result in zip(level.criteria, results, strict=True)
                ]
                for level, results in zip(model.levels, scored, strict=True)
            ]
            found.append(
                Standing(
                    shortfalls=shortfalls,
                    defining=[[criterion.defining for criterion in level.criteria] for level in model.levels],
                    units=model_units(model),
                    inapplicable=defining_inapplicable_per_level(scored),
                    base=model.levels[0].number,
                    expected=wanted[model_id],
                    round=wanted.get("round", 1),
                )
            )
    return found


def agreement(rule: Rule, teams: Sequence[Standing]) -> tuple[int, int, int, int, int]:
    """Levels as expected, higher, lower; as expected on the latest round, and its size."""
    latest = max(team.round for team in teams)
    same = higher = lower = same_latest = size_latest = 0
    for team in teams:
        given = team.base + rule(team)
        same += given == team.expected
        higher += given > team.expected
        lower += given < team.expected
        if team.round == latest:
            size_latest += 1
            same_latest += given == team.expected
    return same, higher, lower, same_latest, size_latest


def main() -> None:
    teams = standings()
    rules: dict[str, Rule] = {f"cumulative, tolerance {halves / 2:g}": cumulative(halves) for halves in range(2, 11)}
    for top, below, below_defining in itertools.product((0.25, 0.34, 0.5), (0.34, 0.5, 1.0), (True, False)):
        name = f"per level, top {top:g}, below {below:g}, below's defining {'kept' if below_defining else 'skipped'}"
        rules[name] = per_level(top, below, below_defining=below_defining)
    results = sorted(((agreement(rule, teams), name) for name, rule in rules.items()), key=lambda found: -found[0][0])
    print(f"{'rule':62} {'as expected':>12} {'higher':>7} {'lower':>6} {'latest round':>13}")
    for (same, higher, lower, same_latest, size_latest), name in results:
        print(f"{name:62} {f'{same}/{len(teams)}':>12} {higher:>7} {lower:>6} {f'{same_latest}/{size_latest}':>13}")


if __name__ == "__main__":
    main()
