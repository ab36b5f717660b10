"""Start-up time of the CLI, side by side with the floor the stack sets.

Prints, from one interleaved run, the median wall time of:

* `mlops-maturity score EXAMPLE --format json` (what CI runs),
* `mlops-maturity --help`,
* `python -c "import typer, pydantic, yaml"`: the import floor of the stack,
* a do-nothing typer command taking one argument (typer builds its adapters when a
  command runs, so this costs more than the bare imports).

Target: (score - do-nothing command) / floor <= 0.3, i.e. what this project adds beyond
a do-nothing typer command stays within 30% of the import floor.

    python benchmarks/startup.py [--runs 15]

Measure an installed wheel, as CI and users run it: an editable install validates the
questionnaires on every start (so that edits to them are checked), a wheel does not.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "fraud-platform.yaml"
TARGET = 0.3

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (interleaved)")
    runs = parser.parse_args().runs
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
    fastest = {name: min(values) for name, values in times.items()}
    best = (fastest["score --format json"] - fastest["do-nothing typer command"]) / fastest["import floor"]
    print(f"  the same from the fastest runs (less noise from other load): {best:.2f}")


if __name__ == "__main__":
    main()
