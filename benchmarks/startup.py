"""Start-up time of the CLI, side by side with the floor the stack sets.

Prints, from one interleaved run, the median wall time of:

* `mlops-maturity score EXAMPLE --format json` (what CI runs),
* `mlops-maturity --help`,
* `python -c "import typer, pydantic, yaml"`: the import floor of the stack,
* a do-nothing typer command taking one argument (typer builds its adapters when a
  command runs, so this costs more than the bare imports).

Target: (score - do-nothing command) / floor <= 0.7, i.e. what this project adds beyond
a do-nothing typer command (its own modules, the data classes and pydantic models it
defines, YAML and the questionnaires read, scoring and the JSON written) stays within 70%
of the import floor. The start-up is kept low by importing lazily (each command loads only
what it uses), not by re-implementing the libraries.

The ratio is given from the medians, and as the median of each round's own ratio (the
four commands run back to back, so a machine that slows down for a while slows all of
them): on a shared machine the second moves less. With `--instructions` (needs valgrind),
the same ratio from instruction counts, which load does not change at all.

    python benchmarks/startup.py [--runs 15] [--instructions]

Measure an installed wheel, as CI and users run it: an editable install validates the
questionnaires on every start (so that edits to them are checked), a wheel does not.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "fraud-platform.yaml"
TARGET = 0.7

DO_NOTHING = """
import typer
app = typer.Typer()
@app.command()
def main(name: str) -> None:
    pass
app()
"""


def commands() -> dict[str, list[str]]:
    tool = shutil.which("mlops-maturity")
    cli = [tool] if tool else [sys.executable, "-m", "mlops_maturity"]
    return {
        "score --format json": [*cli, "score", str(EXAMPLE), "--format", "json"],
        "--help": [*cli, "--help"],
        "import floor": [sys.executable, "-c", "import typer, pydantic, yaml"],
        "do-nothing typer command": [sys.executable, "-c", DO_NOTHING, "argument"],
    }


def wall_time(command: list[str]) -> float:
    started = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    elapsed = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"failed ({completed.returncode}): {' '.join(command)}")
    return elapsed


def instructions(command: list[str]) -> int:
    """Instructions the command executes, counted by valgrind (deterministic, unlike time)."""
    completed = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    counted = re.search(r"Collected : (\d+)", completed.stderr)
    if completed.returncode != 0 or counted is None:
        raise SystemExit(f"valgrind failed ({completed.returncode}): {' '.join(command)}")
    return int(counted.group(1))


def _ratio(score: float, do_nothing: float, floor: float) -> float:
    return (score - do_nothing) / floor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (interleaved)")
    parser.add_argument("--instructions", action="store_true", help="also count instructions with valgrind")
    arguments = parser.parse_args()
    runs = arguments.runs
    to_time = commands()
    for command in to_time.values():  # warm the file cache and bytecode
        wall_time(command)
    times: dict[str, list[float]] = {name: [] for name in to_time}
    for _ in range(runs):
        for name, command in to_time.items():
            times[name].append(wall_time(command))
    medians = {name: statistics.median(values) for name, values in times.items()}

    print(f"median wall time over {runs} interleaved runs (Python {sys.version.split()[0]})")
    for name, median in medians.items():
        print(
            f"  {name:<26} {median * 1000:7.1f} ms   (min {min(times[name]) * 1000:.1f}, max {max(times[name]) * 1000:.1f})"
        )
    floor = medians["import floor"]
    added = medians["score --format json"] - medians["do-nothing typer command"]
    ratio = added / floor
    print(f"  do-nothing command / floor  {medians['do-nothing typer command'] / floor:.2f}x")
    print(f"  (score - do-nothing) / floor = {added * 1000:.1f} ms / {floor * 1000:.1f} ms = {ratio:.2f}")
    print(f"  target <= {TARGET}: {'met' if ratio <= TARGET else 'NOT met'}")
    per_round = sorted(
        _ratio(score, do_nothing, floor)
        for score, do_nothing, floor in zip(
            times["score --format json"], times["do-nothing typer command"], times["import floor"], strict=True
        )
    )
    quartiles = statistics.quantiles(per_round, n=4) if runs > 1 else per_round * 3
    print(
        f"  the same, median of each round's ratio: {statistics.median(per_round):.2f} "
        f"(middle half of the rounds {quartiles[0]:.2f} to {quartiles[2]:.2f})"
    )
    if arguments.instructions:
        if shutil.which("valgrind") is None:
            raise SystemExit("--instructions: valgrind is not installed (apt-get install valgrind)")
        counted = {
            name: instructions(to_time[name])
            for name in ("score --format json", "do-nothing typer command", "import floor")
        }
        for name, count in counted.items():
            print(f"  {name:<26} {count / 1e6:7.1f} M instructions")
        print(f"  (score - do-nothing) / floor in instructions = {_ratio(*counted.values()):.3f}")


if __name__ == "__main__":
    main()
