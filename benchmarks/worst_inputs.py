"""The worst inputs within the documented limits, and the time to refuse or score each.

Issue 10 measured minutes for some of these (a check quadratic in the number of
mistakes). The target is that every input under the size limit (1 MiB) is refused or
scored in under 2 s. Each case runs the real entry point in a subprocess, beside a floor
measured in the same run: scoring a shipped example, which is start-up plus one file.

    python benchmarks/worst_inputs.py [--runs 3]

Prints, per case, the file size, the exit code and the best wall time of `--runs` runs.
Not a test: timings depend on the machine; the test suite checks the behaviour.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "fraud-platform.yaml"
TARGET_SECONDS = 2.0
VERSION = next(
    line for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if line.startswith("questionnaire_version")
)
HEADER = f"{VERSION}\nteam: Worst case\ndate: 2026-11-01\n"


def unknown_ids(folder: Path) -> list[str]:
    """60,000 unknown question ids (949 KB in the issue; here about 850 KB)."""
    lines = [f"  tr{index}: no\n" for index in range(60_000)]
    return _answers(folder, "unknown-ids.yaml", HEADER + "answers:\n" + "".join(lines))


def unknown_top_level_keys(folder: Path) -> list[str]:
    """80,000 unknown keys at the top of the file."""
    lines = [f"k{index}: 1\n" for index in range(80_000)]
    return _answers(folder, "unknown-keys.yaml", HEADER + "".join(lines))


def wrong_types(folder: Path) -> list[str]:
    """20,000 answers of the wrong type (lists where an answer belongs)."""
    import yaml

    ids = list(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["answers"])
    lines = [f"  {ids[index % len(ids)]}{'' if index < len(ids) else index}: [1]\n" for index in range(20_000)]
    return _answers(folder, "wrong-types.yaml", HEADER + "answers:\n" + "".join(lines))


def big_questionnaire(folder: Path) -> list[str]:
    """10,000 questions in 10,000 criteria sharing one step; `score` an answers file with it."""
    questionnaires = folder / "big-questionnaire"
    questionnaires.mkdir()
    count = 10_000
    questions = "".join(f"  - {{id: q{i}, dimension: d, text: 'Question {i}?', help: 'Help.'}}\n" for i in range(count))
    done_when = ", ".join(f"q{i}: mostly" for i in range(count))
    (questionnaires / "questions.yaml").write_text(
        'version: "big-1"\ntitle: Big\ninstructions: Answer.\nscale:\n'
        '  - {value: "no", label: "No", meaning: "No."}\n  - {value: mostly, label: Mostly, meaning: "Mostly."}\n'
        "not_applicable: {meaning: Does not apply.}\n"
        "dimensions:\n  - {id: d, name: D, description: The one dimension.}\n"
        f"questions:\n{questions}"
        f"steps:\n  - {{id: s, action: Do it., tools: a tool, done_when: {{{done_when}}}}}\n",
        encoding="utf-8",
    )
    # Two model files of 5,000 criteria each: one file of 10,000 would pass the size limit.
    for model, numbers in (("big", range(count // 2)), ("bigger", range(count // 2, count))):
        criteria = "".join(
            f"    - {{id: c{i}, title: T, requires: {{q{i}: mostly}}, gap: G, next_steps: [s],"
            " source: {section: S, item: I}}\n"
            for i in numbers
        )
        (questionnaires / f"{model}.yaml").write_text(
            f"id: {model}\nname: Big\nsource: {{title: Big, publisher: Me, url: 'https://example.com', version: '1'}}\n"
            "levels:\n  - {number: 0, name: Base, summary: Everyone., source: {section: L0, item: l0}}\n"
            "  - number: 1\n    name: One\n    summary: All.\n    source: {section: L1, item: l1}\n"
            f"    criteria:\n{criteria}",
            encoding="utf-8",
        )
    answers = folder / "big-answers.yaml"
    answers.write_text('questionnaire_version: "big-1"\nteam: T\ndate: 2026-11-01\nanswers:\n  q0: mostly\n')
    return ["score", "--questionnaires", str(questionnaires), str(answers)]


def _answers(folder: Path, name: str, text: str) -> list[str]:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return ["score", str(path)]


CASES: dict[str, Callable[[Path], list[str]]] = {
    "60,000 unknown question ids": unknown_ids,
    "80,000 unknown top-level keys": unknown_top_level_keys,
    "20,000 answers of the wrong type": wrong_types,
    "10,000-question questionnaire": big_questionnaire,
}


def best_time(arguments: list[str], runs: int) -> tuple[float, int, str]:
    """The fastest of `runs` runs of the entry point, its exit code and first line on stderr."""
    best, code, said = float("inf"), -1, ""
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "mlops_maturity", *arguments], capture_output=True, check=False)
        best, code = min(best, time.perf_counter() - started), done.returncode
        said = done.stderr.decode("utf-8", "replace").partition("\n")[0]
    return best, code, said


def input_size(arguments: list[str]) -> str:
    sizes = [Path(argument).stat().st_size for argument in arguments if Path(argument).is_file()]
    folders = [path for argument in arguments if (path := Path(argument)).is_dir()]
    sizes += [file.stat().st_size for folder in folders for file in folder.iterdir()]
    return f"{sum(sizes) / 1024:7.0f} KB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        floor, _, _ = best_time(["score", str(EXAMPLE)], options.runs)
        print(f"{'floor: score a shipped example':40} {'':10} exit 0  {floor:6.2f} s")
        slowest = 0.0
        for name, make in CASES.items():
            arguments = make(folder)
            seconds, code, said = best_time(arguments, options.runs)
            slowest = max(slowest, seconds)
            print(f"{name:40} {input_size(arguments)} exit {code}  {seconds:6.2f} s  ({seconds - floor:+.2f} s)")
            print(f"    {said[-100:]}")
    verdict = "within" if slowest < TARGET_SECONDS else "OVER"
    print(f"slowest {slowest:.2f} s: {verdict} the {TARGET_SECONDS:.0f} s target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
