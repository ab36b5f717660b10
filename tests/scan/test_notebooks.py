"""Notebooks are read as notebooks: their code cells only, cited at the line of the .ipynb file that holds the code."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CliRun
from tests.scan.conftest import Scan, build

PROSE = "Track the run: mlflow.start_run(), then mlflow.log_metric('auc', auc).\n"
LOGGED = "mlflow.log_metric('auc', 0.91)\n"


def _cell(kind: str, source: list[str], outputs: list[str] | None = None) -> dict[str, object]:
    cell: dict[str, object] = {"cell_type": kind, "metadata": {}, "source": source}
    if kind == "code":
        cell["execution_count"] = 1
        cell["outputs"] = [{"name": "stdout", "output_type": "stream", "text": outputs or []}]
    return cell


def _notebook(*cells: dict[str, object]) -> dict[str, object]:
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _line_holding(text: str, code: str) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), start=1) if json.dumps(code)[1:-1] in line]


def test_a_one_line_notebook_is_read_by_its_code_cells_and_cited_at_line_1(scan_repo: Scan) -> None:
    prose_only = _notebook(_cell("markdown", [PROSE]), _cell("code", ["import pandas as pd\n"], [LOGGED]))
    assert scan_repo({"notebooks/explore.ipynb": json.dumps(prose_only)}).proposals == {}
    used = _notebook(_cell("markdown", [PROSE]), _cell("code", ["import mlflow\n", "with mlflow.start_run():\n"]))
    finding = scan_repo({"notebooks/train.ipynb": json.dumps(used)}).proposals["experiment_tracking"].findings[0]
    assert (finding.where, finding.excerpt) == ("notebooks/train.ipynb:1", "with mlflow.start_run():")


def test_a_notebook_as_jupyter_writes_it_cites_the_line_that_holds_the_code(scan_repo: Scan) -> None:
    # Keys sorted, as Jupyter writes them: a cell's outputs come before its source, and this log repeats the code.
    notebook = _notebook(
        _cell("code", ["import mlflow\n"], ["import mlflow\n", LOGGED]),
        _cell("code", ["auc = 0.91\n", LOGGED.rstrip("\n")], [LOGGED]),
    )
    text = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    finding = scan_repo({"train.ipynb": text}).proposals["experiment_tracking"].findings[0]
    holding = _line_holding(text, LOGGED.rstrip("\n"))
    assert len(holding) == 3  # two lines of logs before it, then the line of code
    assert finding.line == holding[-1] and finding.excerpt == LOGGED.rstrip("\n")
    assert text.splitlines()[finding.line - 1].strip() == json.dumps(LOGGED.rstrip("\n"), ensure_ascii=False)


def test_docstrings_are_not_code_and_one_left_open_stays_in_its_cell(scan_repo: Scan) -> None:
    described = _notebook(_cell("code", ['"""Notes:\n', "mlflow.start_run() is called by train.py\n", '"""\n']))
    assert scan_repo({"nb.ipynb": json.dumps(described, indent=1)}).proposals == {}
    # An unclosed docstring is an error of its own cell: it must not pair with a quote three cells down.
    notebook = _notebook(_cell("code", ['"""Notes\n']), _cell("code", [LOGGED]), _cell("code", ['x = 1  """\n']))
    text = json.dumps(notebook, indent=1)
    finding = scan_repo({"nb.ipynb": text}).proposals["experiment_tracking"].findings[0]
    assert finding.excerpt == LOGGED.strip() and finding.line == _line_holding(text, LOGGED.strip())[0]


def test_an_nbformat_3_notebook_is_read_by_its_code_cells(scan_repo: Scan) -> None:
    notebook = {
        "nbformat": 3,
        "worksheets": [
            {
                "cells": [
                    {"cell_type": "markdown", "source": [PROSE]},
                    {"cell_type": "code", "input": ["import wandb\n", "wandb.init(project='churn')\n"], "outputs": []},
                ]
            }
        ],
    }
    text = json.dumps(notebook, indent=1)
    finding = scan_repo({"old.ipynb": text}).proposals["experiment_tracking"].findings[0]
    assert finding.excerpt == "wandb.init(project='churn')"
    assert finding.line == _line_holding(text, "wandb.init(project='churn')")[0]


def test_a_notebook_that_is_not_json_is_never_read_as_text(cli: CliRun, tmp_path: Path) -> None:
    broken = json.dumps(_notebook(_cell("code", ["import mlflow\n", LOGGED])), indent=1)[:-2]  # cut short
    repo = build(tmp_path / "repo", {"notebooks/train.ipynb": broken, "src/app.py": "print('hello')\n"})
    done = cli("scan", repo, "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["proposals"] == {}
    [unreadable] = data["files"]["unreadable"]
    assert unreadable["path"] == "notebooks/train.ipynb"
    assert unreadable["why"].startswith("not a notebook: invalid JSON at line ")


def test_a_module_imported_under_an_alias_in_a_notebook_counts(scan_repo: Scan) -> None:
    notebook = _notebook(
        _cell("code", ["from google.cloud import aiplatform as vertex_ai\n"]),
        _cell(
            "code",
            ["job = vertex_ai.PipelineJob(display_name='train', template_path='pipeline.json')\n", "job.submit()"],
        ),
    )
    text = json.dumps(notebook, indent=1)
    finding = scan_repo({"run.ipynb": text}).proposals["training_pipeline"].findings[0]
    assert finding.excerpt.startswith("job = vertex_ai.PipelineJob(")  # quoted as written
    assert finding.line == _line_holding(text, "job = vertex_ai.PipelineJob(")[0]


def test_keys_named_source_outside_the_cells_do_not_shift_the_lines(scan_repo: Scan) -> None:
    cell = _cell("code", ["import mlflow\n", LOGGED])
    cell["metadata"] = {"source": "exported from Colab", "input": {"source": [LOGGED]}}
    plot = {"data": {"application/json": {"source": ["x"], "input": "y"}}, "output_type": "display_data"}
    first = _cell("code", ["x = 1\n"])
    first["outputs"] = [plot]
    text = json.dumps(_notebook(first, cell), indent=1, sort_keys=True)
    finding = scan_repo({"nb.ipynb": text}).proposals["experiment_tracking"].findings[0]
    assert finding.line == _line_holding(text, LOGGED.strip())[-1]
    # A key that ends in `"source` makes the keys ambiguous: every string is paired instead.
    odd = text.replace('"nbformat"', '"say \\"source": 1, "nbformat"', 1)
    finding = scan_repo({"nb.ipynb": odd}).proposals["experiment_tracking"].findings[0]
    assert finding.line == _line_holding(odd, LOGGED.strip())[-1]
