"""Speed of `mlops-maturity scan` on a 10,000-file repository, beside a floor measured in the same run.

Builds a synthetic repository in a temporary folder (Python packages, YAML manifests,
workflows, Markdown, JSON data, a few binaries, ignored build output, and 90 notebooks as
real ones are: code cells that train, with long training logs and a plot among their
outputs, 100 KB to 900 KB each), then prints the median over interleaved runs of:

* the floor: a bare `os.walk` of the same tree reading every file once,
* `scan_folder` in this process (the walk, .gitignore, matching; the catalogue loaded once),
* the whole command, `mlops-maturity scan DIR --format yaml`, start-up included.

and the command's peak memory (resident set size), beside the same on a tree a tenth the
size: memory stays flat when it does not grow with the tree.

Then one file of (just under) 1 MiB at a time, of contents made to make a backtracking
matcher slow (blank lines, runs of spaces, a key repeated on every line, a workflow's keys, one long
line, short JSON strings), as a workflow, a Python file and a notebook (the content as a cell's
output, and as a cell's code), and dense CI definitions (a Jenkinsfile, a workflow's `run: |`
block and a GitLab file of 100,000 commands, refused as larger than a CI definition is read with,
and the largest that are read): `scan_folder` on a folder holding only it,
beside reading it.

Targets: the command under 3 s for 10,000 files on this machine; each 1 MiB file under 0.1 s.

    python benchmarks/scan.py [--files 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_SECONDS = 3.0
WORST_TARGET_SECONDS = 0.1
MIB = 1 << 20
WORST_CONTENTS = {
    "blank lines": "\n" * MIB,
    "spaces and blank lines": (" " * 60 + "\n") * (MIB // 61),
    "'on:' on every line": "on:\n" * (MIB // 4),
    "a YAML key on every line": "jobs:\n" + "  k: v\n" * ((MIB - 6) // 7),
    "one long line": "x " * (MIB // 2),
    "short JSON strings": '"a", ' * (MIB // 5),
    "a step, then blank lines": "sh" + "\n" * (MIB - 2),
    "an unclosed list a line": "commands=[\n" * (MIB // 11),
    "a command continued on every line": "echo abcdef \\\n" * (MIB // 14),
}
# Dense CI definitions, each at its own place: ~100,000 commands in 1 MiB (each one read, none showing work)
# are refused as larger than a CI definition is read with (their text is still matched); the largest
# that are read, just under those bounds (`ci_yaml.MAX_DEFINITION_LINES`, `MAX_JENKINS_STEPS`), beside them.
_RUN_BLOCK = "on: [push]\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: |\n"
_READ = 19_990
DENSE_CI = {
    "95,000 `sh 'x'` lines": ("Jenkinsfile", "    sh 'x'\n" * (MIB // 11)),
    "130,000 `sh 'x';` on one line": ("Jenkinsfile", "sh 'x'; " * (MIB // 8)),
    "87,000 `sh 'x1'`, `sh 'x2'`...": ("Jenkinsfile", "".join(f"sh 'x{index}'\n" for index in range(1, 87_000))),
    "a `run: |` of 87,000 lines": (".github/workflows/ci.yml", _RUN_BLOCK + "          x\n" * ((MIB - 80) // 12)),
    "a `run: |` of 61,000 x1, x2...": (
        ".github/workflows/ci.yml",
        _RUN_BLOCK + "".join(f"          x{index}\n" for index in range(1, 61_000)),
    ),
    "131,000 GitLab script lines": (".gitlab-ci.yml", "t:\n  script:\n" + "    - x\n" * ((MIB - 20) // 8)),
    f"read: {_READ:,} `sh 'x1'`...": ("Jenkinsfile", "".join(f"sh 'x{index}'\n" for index in range(_READ))),
    f"read: a `run: |` of {_READ:,} x1...": (
        ".github/workflows/ci.yml",
        _RUN_BLOCK + "".join(f"          x{index}\n" for index in range(_READ)),
    ),
    f"read: {_READ:,} GitLab x1...": (
        ".gitlab-ci.yml",
        "t:\n  script: |\n" + "".join(f"    x{i}\n" for i in range(_READ)),
    ),
}
WORST_PLACES = (".github/workflows/ci.yml", "train.py", "outputs.ipynb", "code.ipynb", "Jenkinsfile")
NOTEBOOKS = 90

# Pieces of ordinary code; tool names are split so that this file is no evidence itself.
PY_BODY = "\n".join(
    [
        "import os",
        "import pandas as pd",
        "from sklearn.pipeline import Pipeline",
        "",
        "def load(path):",
        "    frame = pd.read_csv(path)",
        "    return frame.dropna()",
        "",
        "def features(frame):",
        "    # scale and encode",
        "    return frame.assign(total=frame.a + frame.b)",
        "",
    ]
    * 4
)
TRACKING = "import " + "mlflow\n\n" + "ml" + "flow.log_metric('auc', 0.91)\n"
WORKFLOW = (
    "on:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n"
)
MANIFEST = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n" * 3
MARKDOWN = "# Notes\n\nWe compared several tools for tracking experiments and pipelines.\n" * 10
TRAINING_CELLS = [
    ["import " + "ml" + "flow\n", "import pandas as pd\n", "from sklearn.ensemble import RandomForestClassifier\n"],
    [
        "frame = pd.read_csv('data/train.csv')\n",
        "# the target is the last column\n",
        "x, y = frame.iloc[:, :-1], frame.iloc[:, -1]\n",
    ],
    [
        "with " + "ml" + "flow.start_run():\n",
        "    model = RandomForestClassifier(n_estimators=300)\n",
        "    model.fit(x, y)\n",
    ],
]


def notebook(lines_of_log: int, generator: random.Random) -> str:
    """A notebook as Jupyter writes it: code cells, a long training log and a plot in their outputs."""
    log = [
        f"Epoch {epoch}/{lines_of_log} - loss: {generator.random():.4f} - val_auc: {generator.random():.4f}\n"
        for epoch in range(lines_of_log)
    ]
    cells = []
    for number, source in enumerate(TRAINING_CELLS):
        outputs: list[dict[str, object]] = []
        if number == len(TRAINING_CELLS) - 1:
            outputs.append({"name": "stdout", "output_type": "stream", "text": log})
            picture = {"image/png": "iVBORw0KGgo" + "A" * 20_000, "text/plain": ["<Figure size 640x480>"]}
            outputs.append({"data": picture, "metadata": {}, "output_type": "display_data"})
        cells.append({"cell_type": "code", "execution_count": number, "id": f"c{number}", "metadata": {},
                      "outputs": outputs, "source": source})  # fmt: skip
        cells.append({"cell_type": "markdown", "id": f"m{number}", "metadata": {}, "source": ["## Next step\n"]})
    document = {"cells": cells, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def build(root: Path, files: int) -> None:
    """A repository of `files` files (plus ignored build output) under `root`."""
    generator = random.Random(7)
    (root / ".gitignore").write_text("build/\n*.pyc\n.env\n", encoding="utf-8")
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "ci.yml").write_text(WORKFLOW, encoding="utf-8")
    build_output = root / "build"
    build_output.mkdir()
    for index in range(200):
        (build_output / f"artifact{index}.py").write_text(PY_BODY, encoding="utf-8")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    for index in range(min(NOTEBOOKS, files // 100)):
        (notebooks / f"experiment{index}.ipynb").write_text(notebook(generator.randrange(1_000, 11_000), generator))
    made = 2 + min(NOTEBOOKS, files // 100)
    package = 0
    while made < files:
        folder = root / f"services/service{package // 20}/pkg{package}"
        folder.mkdir(parents=True, exist_ok=True)
        package += 1
        for index in range(min(25, files - made)):
            kind = generator.random()
            if kind < 0.6:
                body = TRACKING + PY_BODY if generator.random() < 0.02 else PY_BODY
                (folder / f"module{index}.py").write_text(body, encoding="utf-8")
            elif kind < 0.7:
                (folder / f"test_module{index}.py").write_text(PY_BODY + "\ndef test_it():\n    assert True\n")
            elif kind < 0.8:
                (folder / f"deploy{index}.yaml").write_text(MANIFEST, encoding="utf-8")
            elif kind < 0.88:
                (folder / f"notes{index}.md").write_text(MARKDOWN, encoding="utf-8")
            elif kind < 0.96:
                (folder / f"data{index}.json").write_text('{"rows": [' + "1, " * 300 + "1]}", encoding="utf-8")
            else:
                (folder / f"weights{index}.bin").write_bytes(os.urandom(4096))
            made += 1


def peak_memory(command: list[str]) -> int:
    """The peak resident set size of one run of `command`, in bytes (Linux reports KiB, macOS bytes)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)


def floor(root: Path) -> None:
    for folder, _, names in os.walk(root):
        for name in names:
            with open(os.path.join(folder, name), "rb") as handle:
                handle.read()


def median_time(action: object, runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000, help="files in the synthetic repository")
    parser.add_argument("--runs", type=int, default=5, help="runs of each measurement (interleaved)")
    arguments = parser.parse_args()

    from mlops_maturity.questionnaire.shipped import load_shipped_questionnaires
    from mlops_maturity.scan import shipped_catalogue
    from mlops_maturity.scan.repository import scan_folder

    questionnaires = load_shipped_questionnaires()
    catalogue = shipped_catalogue(questionnaires)
    tool = shutil.which("mlops-maturity")
    cli = [tool] if tool else [sys.executable, "-m", "mlops_maturity"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repository"
        root.mkdir()
        build(root, arguments.files)
        command = [*cli, "scan", str(root), "--format", "yaml"]

        def run_command() -> None:
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

        measured = {
            "floor: os.walk + read": lambda: floor(root),
            "scan_folder (in process)": lambda: scan_folder(root, catalogue, questionnaires),
            "mlops-maturity scan": run_command,
        }
        for action in measured.values():  # warm the file cache
            action()
        times: dict[str, list[float]] = {name: [] for name in measured}
        for _ in range(arguments.runs):
            for name, action in measured.items():
                times[name].append(median_time(action, 1)[0])
        result = scan_folder(root, catalogue, questionnaires)
        peak = peak_memory(command)
        small = Path(folder) / "small"
        small.mkdir()
        build(small, arguments.files // 10)
        small_peak = peak_memory([*cli, "scan", str(small), "--format", "yaml"])
    print(
        f"{arguments.files} files ({result.counts.read} read by detectors), median of {arguments.runs} interleaved runs"
    )
    for name, values in times.items():
        print(f"  {name:<26} {statistics.median(values):6.3f} s   (min {min(values):.3f}, max {max(values):.3f})")
    total = statistics.median(times["mlops-maturity scan"])
    verdict = "ok" if total < TARGET_SECONDS else "over target"
    print(f"target: the command under {TARGET_SECONDS:.1f} s: {verdict}")
    print(
        f"peak memory of the command: {peak / MIB:.0f} MiB for {arguments.files} files, "
        f"{small_peak / MIB:.0f} MiB for {arguments.files // 10}"
    )
    worst(catalogue, questionnaires, arguments.runs)


def _as_notebook(text: str, as_code: bool) -> str:
    """`text` in a notebook, as a code cell's output or as its source, cut to fit under 1 MiB."""

    def written(part: str) -> str:
        lines = part.splitlines(keepends=True) or [part]
        cell = {"cell_type": "code", "source": lines if as_code else ["x = 1\n"], "outputs": []}
        if not as_code:
            cell["outputs"] = [{"output_type": "stream", "text": lines}]
        return json.dumps({"cells": [cell], "nbformat": 4}, indent=1)

    size = len(text)
    while len(written(text[:size]).encode()) > MIB:
        size = size * MIB // len(written(text[:size]).encode()) - 64
    return written(text[:size])


def _timed_scan(scan_folder: Any, root: Path, catalogue: object, questionnaires: object) -> float:
    started = time.perf_counter()
    scan_folder(root, catalogue, questionnaires)
    return time.perf_counter() - started


def worst(catalogue: object, questionnaires: object, runs: int) -> None:
    """Each 1 MiB file alone: `scan_folder`'s time beside reading the file (best of `runs`)."""
    from mlops_maturity.scan.repository import scan_folder

    print(f"1 MiB files, one at a time (best of {runs}; target under {WORST_TARGET_SECONDS} s each):")
    slowest = 0.0
    for name, content in WORST_CONTENTS.items():
        for place in WORST_PLACES:
            with tempfile.TemporaryDirectory() as folder:
                root = Path(folder)
                path = root / place
                path.parent.mkdir(parents=True, exist_ok=True)
                body = _as_notebook(content, place == "code.ipynb") if place.endswith(".ipynb") else content
                path.write_text(body, encoding="utf-8")
                assert path.stat().st_size <= MIB, f"{place} is over 1 MiB: skipped, not scanned"
                read = min(median_time(path.read_bytes, 1)[0] for _ in range(runs))
                scanned = min(_timed_scan(scan_folder, root, catalogue, questionnaires) for _ in range(runs))
            slowest = max(slowest, scanned)
            print(f"  {name:<24} {place:<26} scan {scanned:6.3f} s   read {read:6.4f} s")
    for name, (place, content) in DENSE_CI.items():
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            path = root / place
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            assert path.stat().st_size <= MIB, f"{place} is over 1 MiB: skipped, not scanned"
            read = min(median_time(path.read_bytes, 1)[0] for _ in range(runs))
            scanned = min(_timed_scan(scan_folder, root, catalogue, questionnaires) for _ in range(runs))
        slowest = max(slowest, scanned)
        print(f"  {name:<30} {place:<26} scan {scanned:6.3f} s   read {read:6.4f} s")
    verdict = "ok" if slowest < WORST_TARGET_SECONDS else "over target"
    print(f"target: each under {WORST_TARGET_SECONDS} s: slowest {slowest:.3f} s, {verdict}")


if __name__ == "__main__":
    main()
