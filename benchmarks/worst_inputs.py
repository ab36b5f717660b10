"""The worst inputs within the documented limits: the time and peak memory to refuse or answer each.

Issues 10 and 19 measured seconds to minutes, and up to 576 MB, for some of these. The goal
is that every input under the size limit (1 MiB a file) is refused or answered in under 2 s,
in under 300 MB. Each case runs the real entry point in a fresh subprocess, its peak memory
read from the kernel for that process alone (`os.wait4`, maximum resident set size), beside
a floor measured in the same run: scoring a shipped example, which is start-up plus one file.

    python benchmarks/worst_inputs.py [--runs 3] [--quick] [--only TEXT]

`--quick` scales the large trees and batches down (200,000 files to 20,000; 10,000 answers
files to 1,000; 500 commits to 50), for a run of a minute or two. Prints, per case, the
input's size, the exit code, the best wall time of `--runs` runs and the highest peak
memory, each marked against the goal. Not a test: timings depend on the machine; the test
suite checks the behaviour.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "fraud-platform.yaml"
OLD_EXAMPLE = ROOT / "tests" / "data" / "answers-2026.11" / "fraud-platform.yaml"
TARGET_SECONDS = 2.0
TARGET_MB = 300
VERSION = next(
    line for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.startswith("questionnaire_version")
)
HEADER = f"{VERSION}\nteam: Worst case\ndate: 2026-11-01\n"
HOSTILE_GITIGNORE = "*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n"
"""29 bytes, 14 stars (issue 19, item 11): pathspec's regex took minutes on one 40-letter name."""
# Tool names split, so that this file is no evidence for a scan of the repository.
TRACKING = "import " + "mlflow\n" + "ml" + "flow.log_metric('auc', 0.9)\n"


@dataclass(frozen=True)
class Scale:
    files: int
    """Files in the large scanned tree."""
    batch: int
    """Answers files scored in one command."""
    commits: int
    """Commits of the answers file that `history` reads."""


def _answers(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def unknown_ids(folder: Path, scale: Scale) -> list[str]:
    """60,000 unknown question ids (949 KB in the issue; here about 850 KB)."""
    lines = [f"  tr{index}: no\n" for index in range(60_000)]
    return ["score", str(_answers(folder, "unknown-ids.yaml", HEADER + "answers:\n" + "".join(lines)))]


def unknown_top_level_keys(folder: Path, scale: Scale) -> list[str]:
    """80,000 unknown keys at the top of the file."""
    lines = [f"k{index}: 1\n" for index in range(80_000)]
    return ["score", str(_answers(folder, "unknown-keys.yaml", HEADER + "".join(lines)))]


def wrong_types(folder: Path, scale: Scale) -> list[str]:
    """20,000 answers of the wrong type (lists where an answer belongs)."""
    import yaml

    ids = list(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["answers"])
    lines = [f"  {ids[index % len(ids)]}{'' if index < len(ids) else index}: [1]\n" for index in range(20_000)]
    return ["score", str(_answers(folder, "wrong-types.yaml", HEADER + "answers:\n" + "".join(lines)))]


def nested_lists(folder: Path, scale: Scale) -> list[str]:
    """A refused file of nested lists: 40,000 lists 10 deep where an answer belongs (860 KB).

    Nesting past the reader's depth limit is refused at once; this is read whole first.
    """
    lists = ", ".join(["[" * 10 + "]" * 10] * 40_000)
    return ["score", str(_answers(folder, "nested.yaml", HEADER + f"answers:\n  x: [{lists}]\n"))]


def _questionnaire(folder: Path, name: str, criteria: int, steps: int) -> Path:
    """A questionnaire folder: one question per criterion, `steps` steps, each criterion listing them all."""
    questionnaires = folder / name
    questionnaires.mkdir()
    questions = "".join(
        f"  - {{id: q{i}, dimension: d, text: 'Question {i}?', help: 'Help.'}}\n" for i in range(criteria)
    )
    # Every question is some step's `done_when` (lint's rule): step i those of i, i + steps, ...
    done_when = [", ".join(f"q{j}: mostly" for j in range(i % criteria, criteria, steps)) for i in range(steps)]
    step_lines = "".join(
        f"  - {{id: s{i}, action: Do it., tools: a tool, done_when: {{{done_when[i]}}}}}\n" for i in range(steps)
    )
    (questionnaires / "questions.yaml").write_text(
        f'version: "{name}-1"\ntitle: Big\ninstructions: Answer.\nscale:\n'
        '  - {value: "no", label: "No", meaning: "No."}\n  - {value: mostly, label: Mostly, meaning: "Mostly."}\n'
        "not_applicable: {meaning: Does not apply.}\n"
        "dimensions:\n  - {id: d, name: D, description: The one dimension.}\n"
        f"questions:\n{questions}steps:\n{step_lines}",
        encoding="utf-8",
    )
    _models(questionnaires, criteria, ", ".join(f"s{i}" for i in range(steps)))
    return questionnaires


def _models(questionnaires: Path, criteria: int, next_steps: str) -> None:
    """Two model files of half the criteria each (one would pass the size limit), criterion i requiring q{i}."""
    for model, numbers in (("big", range(criteria // 2)), ("bigger", range(criteria // 2, criteria))):
        lines = "".join(
            f"    - {{id: c{i}, title: T, requires: {{q{i}: mostly}}, gap: G, next_steps: [{next_steps}],"
            " source: {section: S, item: I}}\n"
            for i in numbers
        )
        (questionnaires / f"{model}.yaml").write_text(
            f"id: {model}\nname: Big\nsource: {{title: Big, publisher: Me, url: 'https://example.com', version: '1'}}\n"
            "levels:\n  - {number: 0, name: Base, summary: Everyone., source: {section: L0, item: l0}}\n"
            "  - number: 1\n    name: One\n    summary: All.\n    source: {section: L1, item: l1}\n"
            f"    criteria:\n{lines}",
            encoding="utf-8",
        )


def big_questionnaire(folder: Path, scale: Scale) -> list[str]:
    """10,000 questions in 10,000 criteria sharing one step; `score` an answers file with it."""
    questionnaires = _questionnaire(folder, "big", 10_000, 1)
    answers = _answers(folder, "big-answers.yaml", 'questionnaire_version: "big-1"\nteam: T\n'
                       "date: 2026-11-01\nanswers:\n  q0: mostly\n")  # fmt: skip
    return ["score", "--questionnaires", str(questionnaires), str(answers)]


def many_steps(folder: Path, scale: Scale) -> list[str]:
    """140 criteria, each listing 1,200 steps: `score --format json` (the plan of every criterion)."""
    questionnaires = _questionnaire(folder, "many-steps", 140, 1_200)
    answers = _answers(folder, "steps-answers.yaml", 'questionnaire_version: "many-steps-1"\nteam: T\n'
                       "date: 2026-11-01\nanswers:\n  q0: mostly\n")  # fmt: skip
    return ["score", "--questionnaires", str(questionnaires), "--format", "json", str(answers)]


def big_schema(folder: Path, scale: Scale) -> list[str]:
    """`schema` of a questionnaire of 8,000 criteria and questions."""
    return ["schema", "--questionnaires", str(_questionnaire(folder, "eight-thousand", 8_000, 1))]


def _evidence_file(folder: Path, name: str, source: Path, entries: list[str]) -> Path:
    """`source` with `entries` as the evidence of its first answer, in flow style (`[a, b, ...]`)."""
    import yaml

    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    question, given = next(iter(data["answers"].items()))
    answer = given["answer"] if isinstance(given, dict) else given
    data["answers"][question] = {"answer": answer, "evidence": "EVIDENCE"}
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)
    return _answers(folder, name, text.replace("evidence: EVIDENCE", "evidence: [" + ", ".join(entries) + "]"))


def combine_evidence(folder: Path, scale: Scale) -> list[str]:
    """`combine` of three respondents with 110,000 different evidence entries each (330,000; 900 KB a file)."""
    files = [
        str(_evidence_file(folder, f"respondent-{who}.yaml", EXAMPLE, [f"{who}{i:x}" for i in range(110_000)]))
        for who in "abc"
    ]
    return ["combine", *files, "-o", str(folder / "combined.yaml")]


def combine_same_evidence(folder: Path, scale: Scale) -> list[str]:
    """`combine` of two respondents with 330,000 evidence entries each, all `e` (990 KB a file)."""
    files = [str(_evidence_file(folder, f"same-{who}.yaml", EXAMPLE, ["e"] * 330_000)) for who in "ab"]
    return ["combine", *files, "-o", str(folder / "combined-same.yaml")]


def migrate_evidence(folder: Path, scale: Scale) -> list[str]:
    """`migrate` of a 2026.11 file with 330,000 evidence entries, to stdout."""
    return ["migrate", str(_evidence_file(folder, "old-evidence.yaml", OLD_EXAMPLE, ["e"] * 330_000)), "-o", "-"]


def _committed(folder: Path, scale: Scale) -> Path | None:
    """An answers file of about 950 KB (long notes) committed `scale.commits` times, one answer changed each time."""
    repository = folder / "history-repository"
    if (repository / "team.yaml").exists():
        return repository / "team.yaml"
    if shutil.which("git") is None:
        return None
    repository.mkdir()
    environment = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.com",
                   "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.com"}  # fmt: skip

    def git(*arguments: str) -> None:
        subprocess.run(["git", *arguments], cwd=repository, env=environment, check=True, capture_output=True)

    git("init", "-q")
    text = EXAMPLE.read_text(encoding="utf-8")
    note = "x" * 900_000
    path = repository / "team.yaml"
    for commit in range(scale.commits):
        answer = ("partially", "mostly")[commit % 2]
        body = text.replace("  experiment_tracking: fully\n", f"  experiment_tracking:\n    answer: {answer}\n"
                            f"    note: '{note[: 900_000 - commit]}'\n")  # fmt: skip
        path.write_text(body, encoding="utf-8")
        git("add", "team.yaml")
        git("commit", "-q", "-m", f"commit {commit}")
    return path


def history(folder: Path, scale: Scale) -> list[str]:
    """`history` of a 950 KB answers file over its commits (500; 50 with --quick)."""
    path = _committed(folder, scale)
    return ["history", str(path)] if path is not None else []


def html_report(folder: Path, scale: Scale) -> list[str]:
    """The HTML report of the same file: its git history drawn as a trend."""
    path = _committed(folder, scale)
    return ["report", str(path), "--format", "html", "-o", str(folder / "report.html")] if path is not None else []


def _batch(folder: Path, scale: Scale) -> list[str]:
    batch = folder / "batch"
    if not batch.exists():
        batch.mkdir()
        text = EXAMPLE.read_text(encoding="utf-8")
        for index in range(scale.batch):
            (batch / f"team{index:05}.yaml").write_text(text.replace("Card fraud", f"Team {index}"), encoding="utf-8")
    return sorted(str(path) for path in batch.iterdir())


def score_jsonl(folder: Path, scale: Scale) -> list[str]:
    """`score --format jsonl` over 10,000 answers files (1,000 with --quick)."""
    return ["score", "--format", "jsonl", *_batch(folder, scale)]


def portfolio(folder: Path, scale: Scale) -> list[str]:
    """`portfolio` of the same folder."""
    _batch(folder, scale)
    return ["portfolio", str(folder / "batch")]


def scan_hostile_gitignore(folder: Path, scale: Scale) -> list[str]:
    """`scan` of a tree whose .gitignore is `*a*a*a*a*a*a*a*a*a*a*a*a*a*b`, 200 names of 40 `a`s."""
    tree = folder / "hostile-gitignore"
    for index in range(20):
        inner = tree / ("a" * 40 + str(index))
        inner.mkdir(parents=True)
        for number in range(10):
            (inner / ("a" * 40 + f"{number}.py")).write_text("x = 1\n", encoding="utf-8")
    (tree / ".gitignore").write_text(HOSTILE_GITIGNORE, encoding="utf-8")
    return ["scan", str(tree), "--format", "json", "-o", os.devnull]


def scan_many_files(folder: Path, scale: Scale) -> list[str]:
    """`scan` of 200,000 small Python files (20,000 with --quick), in folders of 1,000, a usual .gitignore."""
    tree = folder / "many-files"
    tree.mkdir()
    (tree / ".gitignore").write_text("__pycache__/\n*.py[cod]\nbuild/\ndist/\n*.egg-info/\n.env\n.venv\n*.log\n")
    for index in range(scale.files):
        if index % 1000 == 0:
            inner = tree / f"package{index // 1000}"
            inner.mkdir()
        body = TRACKING if index % 5000 == 0 else f"VALUE = {index}\n"
        (inner / f"module{index % 1000}.py").write_text(body, encoding="utf-8")
    return ["scan", str(tree), "--format", "json", "-o", os.devnull]


def scan_deep_tree(folder: Path, scale: Scale) -> list[str]:
    """`scan` of a tree 1,000 folders deep (item 8: a RecursionError, exit 3, before)."""
    tree = folder / "deep"
    tree.mkdir()
    inner = tree
    for _ in range(1000):
        inner = inner / "d"
        os.mkdir(inner)
    (inner / "train.py").write_text(TRACKING, encoding="utf-8")
    return ["scan", str(tree), "--format", "json", "-o", os.devnull]


CASES: dict[str, Callable[[Path, Scale], list[str]]] = {
    "60,000 unknown question ids": unknown_ids,
    "80,000 unknown top-level keys": unknown_top_level_keys,
    "20,000 answers of the wrong type": wrong_types,
    "10,000-question questionnaire": big_questionnaire,
    "score: 40,000 nested lists (refused)": nested_lists,
    "score json: 140 criteria x 1,200 steps": many_steps,
    "schema: 8,000 criteria": big_schema,
    "combine: 3 x 110,000 evidence entries": combine_evidence,
    "combine: 2 x 330,000 evidence entries": combine_same_evidence,
    "migrate: 330,000 evidence entries": migrate_evidence,
    "history: 950 KB file, {commits} commits": history,
    "report html: 950 KB file, {commits} commits": html_report,
    "score jsonl: {batch:,} answers files": score_jsonl,
    "portfolio: {batch:,} answers files": portfolio,
    "scan: 14-star .gitignore pattern": scan_hostile_gitignore,
    "scan: {files:,} small files": scan_many_files,
    "scan: 1,000 folders deep": scan_deep_tree,
}


def run_once(arguments: list[str]) -> tuple[float, int, int, str]:
    """Wall time, exit code, peak memory in bytes (of that process alone) and first line on stderr."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "mlops_maturity", *arguments], stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        said = errors.read().decode("utf-8", "replace").partition("\n")[0]
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB on Linux
    return seconds, process.returncode, peak, said


def measure(arguments: list[str], runs: int) -> tuple[float, int, int, str]:
    """The fastest of `runs` runs, the highest peak memory, and the last run's exit code and first error line."""
    best, highest, code, said = float("inf"), 0, -1, ""
    for _ in range(runs):
        seconds, code, peak, said = run_once(arguments)
        best, highest = min(best, seconds), max(highest, peak)
    return best, code, highest, said


def input_size(arguments: list[str]) -> str:
    """The size of the files and folders named, outputs (after `-o`) aside; folders walked without recursion."""
    total = 0
    for previous, argument in zip(["", *arguments], arguments, strict=False):
        if previous == "-o" or argument == "-":
            continue
        folders = [argument] if os.path.isdir(argument) else []
        if os.path.isfile(argument):
            total += os.path.getsize(argument)
        while folders:
            with os.scandir(folders.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(entry.path)
                    elif entry.is_file(follow_symlinks=False):
                        total += entry.stat().st_size
    return f"{total / 1024:8.0f} KB"


def verdict(value: float, goal: float) -> str:
    return "ok" if value < goal else "OVER"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="scale the large trees and batches down by 10")
    parser.add_argument("--only", default="", help="run only the cases whose name contains this text")
    options = parser.parse_args()
    scale = Scale(files=20_000, batch=1_000, commits=50) if options.quick else Scale(200_000, 10_000, 500)
    folder = Path(tempfile.mkdtemp(prefix="worst-inputs-"))
    try:
        floor, _, floor_peak, _ = measure(["score", str(EXAMPLE)], options.runs)
        print(f"goal: under {TARGET_SECONDS:.0f} s and {TARGET_MB} MB; {options.runs} run(s): best time, highest peak")
        print(f"{'case':44} {'input':>11}  exit  {'time':>8}      {'peak memory':>11}")
        print(f"{'floor: score a shipped example':44} {'':11}  {0:4}  {floor:6.2f} s      {floor_peak / 2**20:7.0f} MB")
        failures = 0
        for name, make in CASES.items():
            if options.only not in name:
                continue
            shown = name.format(files=scale.files, batch=scale.batch, commits=scale.commits)
            arguments = make(folder, scale)
            if not arguments:
                print(f"{shown:44} skipped: git is not installed")
                continue
            seconds, code, peak, said = measure(arguments, options.runs)
            megabytes = peak / 2**20
            failures += seconds >= TARGET_SECONDS or megabytes >= TARGET_MB or code == 3
            print(
                f"{shown:44} {input_size(arguments)}  {code:4}  "
                f"{seconds:6.2f} s {verdict(seconds, TARGET_SECONDS):4} {megabytes:7.0f} MB {verdict(megabytes, TARGET_MB)}"
            )
            if said:
                print(f"    {said[-110:]}")
    finally:
        # NOTE: `rm -rf`, not shutil.rmtree, which recurses once per level of the 1,000-deep tree.
        subprocess.run(["rm", "-rf", "--", str(folder)], check=False)
    print(f"{failures} case(s) over a goal" if failures else "every case within the goals")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
