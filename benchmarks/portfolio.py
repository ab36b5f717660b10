"""Batch speed: `portfolio` and `score --format jsonl` over many generated answers files.

Generates N answers files (default 10,000) from the shipped examples with random
variation (a fixed seed), then prints, side by side:

* `portfolio DIR --format json`: files/s and peak memory (max RSS of the process and its workers),
* `score FILES --format jsonl` (when the tool has it): the same,
* the floor, measured in the same run: parsing the same files with PyYAML's C loader and
  nothing else, in one process.

Targets: portfolio over 10,000 files in <= 10 s wall on a 2-core machine, peak memory
<= 200 MB.

    python benchmarks/portfolio.py [--files 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SCALE = ["no", "partially", "mostly", "fully"]
TARGET_SECONDS = 10.0
TARGET_MB = 200
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
        team = {**data, "team": f"Team {index:05d}", "answers": answers}
        path = folder / f"team-{index:05d}.yaml"
        path.write_text(yaml.safe_dump(team, sort_keys=False, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths


MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
elapsed = time.perf_counter() - started
print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""
"""Runs one command in a fresh process, so that its peak memory is its own, not an earlier run's."""


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and the peak RSS (MB) of the command or its largest worker process."""
    measured = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True)
    elapsed, peak, code = measured.stdout.split()
    if int(code) not in (0, 1):
        raise SystemExit(f"failed ({code}): {' '.join(command[:4])} ...")
    # NOTE: ru_maxrss of children is the largest single process, in KiB on Linux.
    return float(elapsed), int(peak) / 1024


def floor(paths: list[Path]) -> float:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    started = time.perf_counter()
    for path in paths:
        yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    arguments = parser.parse_args()
    folder = arguments.keep or Path(tempfile.mkdtemp(prefix="mlops-maturity-portfolio-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        paths = generate(folder, arguments.files)
        tool = shutil.which("mlops-maturity")
        cli = [tool] if tool else [sys.executable, "-m", "mlops_maturity"]
        print(f"{len(paths)} generated answers files in {folder} (Python {sys.version.split()[0]})")
        base = floor(paths)
        print(
            f"  floor: parse every file with PyYAML's C loader, one process   {base:6.2f} s   {len(paths) / base:8.0f} files/s"
        )
        seconds, peak = run([*cli, "portfolio", str(folder), "--format", "json"])
        verdict = "met" if seconds <= TARGET_SECONDS and peak <= TARGET_MB else "NOT met"
        print(
            f"  portfolio --format json                                        {seconds:6.2f} s   {len(paths) / seconds:8.0f} files/s   peak {peak:6.0f} MB"
        )
        print(f"  target <= {TARGET_SECONDS:.0f} s and <= {TARGET_MB} MB for 10,000 files: {verdict}")
        help_text = subprocess.run([*cli, "score", "--help"], capture_output=True, text=True, check=False).stdout
        if "jsonl" in help_text:
            seconds, peak = run([*cli, "score", *map(str, paths), "--format", "jsonl"])
            print(
                f"  score --format jsonl                                           {seconds:6.2f} s   {len(paths) / seconds:8.0f} files/s   peak {peak:6.0f} MB"
            )
    finally:
        if arguments.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
