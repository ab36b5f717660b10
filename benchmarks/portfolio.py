"""Batch speed: `portfolio` and `score --format jsonl` over many generated answers files.

Generates N answers files (default 10,000) from the shipped examples with random
variation (a fixed seed), then prints, side by side in one run:

* the floor: parsing the same files with PyYAML's C loader (`yaml.load(..., Loader=
  yaml.CSafeLoader)`) and nothing else, in one process, in CPU seconds;
* where the floor's budget goes before any scoring: the tool's own YAML reader
  (`yaml_document.load_yaml_file`) and reading plus checking an answers file
  (`answers.load.load_answers`), in this process;
* `portfolio DIR --format json --workers 1`: CPU seconds (user + sys, start-up included)
  and their ratio to the floor;
* `portfolio DIR --format json --workers 1 --group-by owner` (40 owners): CPU seconds, and
  their ratio to the same run without grouping;
* `portfolio DIR --format json` with the default workers: wall and CPU seconds;
* `score FILES --format jsonl`: the same;
* peak memory: the max RSS of any one process of a command (the command or a worker).

Targets: portfolio --workers 1 in <= 1.5x the floor's CPU time; <= 200 MB peak memory;
--group-by owner within 10% of the same run without it.
Figures only: the machine's load moves them, so `--repeat` keeps the best of several.

    python benchmarks/portfolio.py [--files 10000] [--repeat 1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SCALE = ["no", "partially", "mostly", "fully"]
TARGET_RATIO = 1.5
TARGET_MB = 200
GROUPING_BUDGET = 0.10
FIRST_RELEASE = "score over 10,000 files, one JSON document: 253 s, 8.8 GB peak (the first release, 0.1.0)"


def generate(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """`count` answers files: each an example with about a fifth of its answers moved one step."""
    rng = random.Random(seed)
    bases = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in EXAMPLES]
    paths = []
    for index in range(count):
        data = rng.choice(bases)
        answers = {}
        for question, given in data["answers"].items():
            value = given.get("answer") if isinstance(given, dict) else given
            value = "no" if value is False else value
            if value in SCALE and rng.random() < 0.2:
                value = SCALE[max(0, min(3, SCALE.index(value) + rng.choice((-1, 1))))]
            # Notes and evidence stay (an n/a keeps its reason); only the answer varies.
            answers[question] = {**given, "answer": value} if isinstance(given, dict) else value
        team = {
            **data,
            "team": f"Team {index:05d}",
            "entity": f"component:default/team-{index:05d}",  # each its own: one team per file
            "owner": f"group:default/unit-{index % 40:02d}",
            "labels": {"domain": f"domain-{index % 7}"},
            "answers": answers,
        }
        path = folder / f"team-{index:05d}.yaml"
        path.write_text(yaml.safe_dump(team, sort_keys=False, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths


@dataclass(frozen=True, slots=True)
class Measured:
    wall: float
    cpu: float
    """User + sys seconds of the command and every process it waited for (its workers)."""
    peak_mb: float
    """Max RSS of the largest single one of those processes."""


MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
with open(sys.argv[1], "w") as errors:
    code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=errors).returncode
elapsed = time.perf_counter() - started
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(elapsed, used.ru_utime + used.ru_stime, used.ru_maxrss, code)
"""
"""Runs one command in a fresh process, so that its CPU time and peak memory are its own."""


def run(command: list[str]) -> Measured:
    with tempfile.NamedTemporaryFile("r", suffix=".stderr") as errors:
        measured = subprocess.run(
            [sys.executable, "-c", MEASURE, errors.name, *command], capture_output=True, text=True, check=True
        )
        elapsed, cpu, peak, code = measured.stdout.split()
        if int(code) not in (0, 1):
            last = (errors.read().strip().splitlines() or [""])[-1]
            raise SystemExit(f"failed ({code}): {' '.join(command[:4])} ...: {last}")
    # NOTE: ru_maxrss of children is the largest single process, in KiB on Linux.
    return Measured(float(elapsed), float(cpu), int(peak) / 1024)


def best_run(command: list[str], repeat: int) -> Measured:
    runs = [run(command) for _ in range(repeat)]
    return Measured(min(r.wall for r in runs), min(r.cpu for r in runs), max(r.peak_mb for r in runs))


def cpu_seconds(work: Callable[[], None], repeat: int) -> float:
    """The least CPU time of `repeat` runs of `work` in this process."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def floor(paths: list[Path]) -> None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in paths:
        yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def reader(paths: list[Path]) -> None:
    from mlops_maturity.yaml_document import load_yaml_file

    for path in paths:
        load_yaml_file(path, what="an answers file")


def loader(paths: list[Path]) -> Callable[[], None]:
    from mlops_maturity.answers.load import load_answers
    from mlops_maturity.questionnaire.shipped import load_shipped_questionnaires

    questionnaires = load_shipped_questionnaires()

    def load() -> None:
        for path in paths:
            load_answers(path, questionnaires)

    return load


def line(what: str, cpu: float, base: float | None = None, measured: Measured | None = None, files: int = 0) -> str:
    ratio = f"{cpu / base:5.2f}x" if base else " " * 6
    text = f"  {what:<44} {cpu:7.2f} s CPU  {ratio}"
    if measured is not None:
        text += f"  {measured.wall:7.2f} s wall  {files / measured.wall:6.0f} files/s  peak {measured.peak_mb:5.0f} MB"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1, help="keep the best of this many runs of each")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    arguments = parser.parse_args()
    repeat = max(1, arguments.repeat)
    folder = arguments.keep or Path(tempfile.mkdtemp(prefix="mlops-maturity-portfolio-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        paths = generate(folder, arguments.files)
        count = len(paths)
        tool = shutil.which("mlops-maturity")
        cli = [tool] if tool else [sys.executable, "-m", "mlops_maturity"]
        print(f"{count} generated answers files in {folder} (Python {sys.version.split()[0]}, {os.cpu_count()} cores)")
        base = cpu_seconds(lambda: floor(paths), repeat)
        print(line("floor: PyYAML's C loader, one process", base, base))
        print(line("  the tool's YAML reader alone", cpu_seconds(lambda: reader(paths), repeat), base))
        print(line("  load_answers: reader + checks, no scoring", cpu_seconds(loader(paths), repeat), base))
        one = best_run([*cli, "portfolio", str(folder), "--format", "json", "--workers", "1"], repeat)
        print(line("portfolio --format json --workers 1", one.cpu, base, one, count))
        grouped = best_run(
            [*cli, "portfolio", str(folder), "--format", "json", "--workers", "1", "--group-by", "owner"], repeat
        )
        print(line("portfolio --format json --workers 1 --group-by owner", grouped.cpu, base, grouped, count))
        extra = grouped.cpu / one.cpu - 1
        print(
            f"  target: --group-by owner within {GROUPING_BUDGET:.0%} of the run without it: {extra:+.1%}, "
            + ("met" if extra <= GROUPING_BUDGET else "NOT met")
        )
        pooled = best_run([*cli, "portfolio", str(folder), "--format", "json"], repeat)
        print(line("portfolio --format json (default workers)", pooled.cpu, base, pooled, count))
        peak = max(one.peak_mb, pooled.peak_mb)
        ratio = one.cpu / base
        print(
            f"  target: portfolio --workers 1 CPU <= {TARGET_RATIO}x the floor: {ratio:.2f}x, "
            + ("met" if ratio <= TARGET_RATIO else "NOT met")
            + f"; peak <= {TARGET_MB} MB: {peak:.0f} MB, "
            + ("met" if peak <= TARGET_MB else "NOT met")
        )
        help_text = subprocess.run([*cli, "score", "--help"], capture_output=True, text=True, check=False).stdout
        if "jsonl" in help_text:
            scored = best_run([*cli, "score", *map(str, paths), "--format", "jsonl"], repeat)
            print(line("score --format jsonl (default workers)", scored.cpu, base, scored, count))
        print(f"  for reference: {FIRST_RELEASE}")
    finally:
        if arguments.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
