"""The team corpus: levels the tool gives teams answered blind, against the levels argued from the sources.

`tests/data/teams/` holds team descriptions written from facts only (`<slug>.md`, with the
expected levels argued from the sources' own words after `---`), their expected levels and
first step (`expected.yaml`), and answers given blind from each description through the
template and its help alone (`answers/<slug>.yaml`, inferred answers marked as estimates).

Prints, per team, the expected levels, the levels of the level rule (what is short weighs at
most the model's tolerance, never a level's defining criterion), the every-criterion levels
(`--strict`) and the plan's first step; then the agreement of both rules with the expected
levels, of the plan with the first step most independent readers chose (`first_step`, or a
step tied with it), and, with `--why`, the criteria that hold each disagreeing team below
its expected level; then the same per `round` (when the teams were written, answered and
read: later rounds are the fairer test).

    python benchmarks/team_corpus.py [--why]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from mlops_maturity.answers.load import load_answers
from mlops_maturity.engine.assessment import Assessment, Status
from mlops_maturity.engine.scoring import score
from mlops_maturity.questionnaire.shipped import load_shipped_questionnaires

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "teams"
MODELS = ("google", "microsoft")
ROUNDS = {
    1: "written with the level rule",
    2: "written after the level rule was set",
    3: "written after the plan's order was set",
    4: "written after the plan's order was revised, before the tolerance was",
    5: "written after the tolerance was set from rounds 1 to 4",
    6: "written after answers could record incidents and the plan's order for them was set",
    7: "written, answered and read before the supporting criteria were measured on them",
    8: "answered and read after the plan's rule for a practice in place in part was set",
    9: "written, answered and read after the plan's order for lineage and reproducible training was set, before the tolerances of 5 and 3 were",
}
"""When the teams of each `round` were written, answered and read: later rounds are the fairer test."""


def _blocking(assessment: Assessment, model_id: str, expected: int) -> list[str]:
    """The criteria between the level reached and the expected one that are not met, with their answers."""
    model = assessment.models[model_id]
    estimates = {answer.id for answer in assessment.answers if answer.estimate}
    lines = []
    for level in model.levels:
        if not model.level < level.number <= expected:
            continue
        for criterion in level.criteria:
            if criterion.status in (Status.met, Status.not_applicable):
                continue
            short = [
                f"{outcome.question}={outcome.answer}{'?' if outcome.question in estimates else ''} (needs {outcome.required})"
                for outcome in criterion.questions
                if outcome.status not in (Status.met, Status.not_applicable)
            ]
            lines.append(f"      level {level.number} {criterion.id}: {', '.join(short)}")
    return lines


def _levels(levels: tuple[int, ...]) -> str:
    google, microsoft = levels
    return f"G{google} M{microsoft}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--why", action="store_true", help="list what holds each disagreeing team below")
    arguments = parser.parse_args()
    questionnaires = load_shipped_questionnaires()
    expected = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
    agree = {"rule": 0, "strict": 0, "first step": 0}
    # Where the two rules differ: how many levels, and the readers' votes for each rule's level.
    differ = {"levels": 0, "rule": 0, "strict": 0, "higher": 0, "lower": 0}
    rounds: dict[int, dict[str, int]] = {}
    total = 0
    print(f"{'team':42} {'expected':>9} {'rule':>9} {'strict':>9}  first step")
    for slug, wanted in expected.items():
        answers = load_answers(CORPUS / "answers" / f"{slug}.yaml", questionnaires).answers
        ruled, strict = score(questionnaires, answers), score(questionnaires, answers, strict=True)
        want = tuple(wanted[model_id] for model_id in MODELS)
        got = tuple(ruled.models[model_id].level for model_id in MODELS)
        got_strict = tuple(strict.models[model_id].level for model_id in MODELS)
        first = ruled.plan[0].id if ruled.plan else "-"
        chosen = [wanted["first_step"], *wanted.get("first_step_also", [])]
        written = rounds.setdefault(wanted.get("round", 1), {"rule": 0, "strict": 0, "first step": 0, "teams": 0})
        for count in (agree, written):
            count["rule"] += sum(a == b for a, b in zip(got, want, strict=True))
            count["strict"] += sum(a == b for a, b in zip(got_strict, want, strict=True))
            count["first step"] += first in chosen
        written["teams"] += 1
        for model_id, rule_level, strict_level, level in zip(MODELS, got, got_strict, want, strict=True):
            differ["higher"] += rule_level > level
            differ["lower"] += rule_level < level
            if rule_level != strict_level:
                votes = {int(key): count for key, count in wanted.get("level_votes", {}).get(model_id, {}).items()}
                differ["levels"] += 1
                differ["rule"] += votes.get(rule_level, 0)
                differ["strict"] += votes.get(strict_level, 0)
        total += len(MODELS)
        mark = ("" if got == want else "  *") + ("" if first in chosen else f"  (readers: {' or '.join(chosen)})")
        print(f"{slug:42} {_levels(want):>9} {_levels(got):>9} {_levels(got_strict):>9}  {first}{mark}")
        if arguments.why and got != want:
            for model_id, level in zip(MODELS, want, strict=True):
                print("\n".join(_blocking(ruled, model_id, level)))
    print(f"levels as expected: rule {agree['rule']}/{total}, strict {agree['strict']}/{total}")
    print(
        f"the rule above the readers on {differ['higher']} levels, below them on {differ['lower']};"
        f" where the rules differ ({differ['levels']} levels), readers' votes for the rule's level"
        f" {differ['rule']}, for the every-criterion level {differ['strict']}"
    )
    print(f"first step as most readers chose: {agree['first step']}/{len(expected)}")
    for number, count in sorted(rounds.items()):
        teams = count["teams"]
        print(
            f"round {number} ({ROUNDS[number]}, {teams} teams): levels rule {count['rule']}/{2 * teams},"
            f" strict {count['strict']}/{2 * teams}; first step {count['first step']}/{teams}"
        )


if __name__ == "__main__":
    main()
