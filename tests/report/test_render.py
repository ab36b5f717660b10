"""The one seam for `score`'s formats, and the JSON result read back as it was written."""

from __future__ import annotations

import copy
import io
import json
from typing import Any

import pytest
from rich.console import Console

from mlops_maturity.engine.assessment import Assessment
from mlops_maturity.engine.batch import Scored, score_file
from mlops_maturity.engine.result_data import ResultDataError, from_data
from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.report import OutputFormat, render
from mlops_maturity.report.json import assessment_data, render_json

from ..conftest import EXAMPLES, CliRun

EXAMPLE_NAMES = sorted(path.name for path in EXAMPLES.glob("*.yaml"))


def _scored(shipped: QuestionnaireSet, name: str) -> Scored:
    model_ids = tuple(model.id for model in shipped.models)
    return score_file(EXAMPLES / name, shipped, model_ids, [])


def _as_text(rendered: object) -> str:
    if isinstance(rendered, str):
        return rendered
    console = Console(file=io.StringIO(), width=100)
    console.print(rendered)
    output = console.file
    assert isinstance(output, io.StringIO)
    return output.getvalue()


def _round_trip(data: dict[str, Any]) -> dict[str, Any]:
    return assessment_data(from_data(Assessment, data))


def test_there_are_examples_to_render() -> None:
    assert len(EXAMPLE_NAMES) >= 6


@pytest.mark.parametrize("output_format", list(OutputFormat), ids=str)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_format_renders_every_example(shipped: QuestionnaireSet, name: str, output_format: OutputFormat) -> None:
    scored = _scored(shipped, name)
    text = _as_text(render([scored], output_format))
    assert text.strip(), f"{name} rendered as {output_format} is empty"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_json_result_reads_back_as_it_was_written(shipped: QuestionnaireSet, name: str) -> None:
    scored = _scored(shipped, name)
    data = json.loads(render_json([scored], as_list=False))
    assert _round_trip(data) == data


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_the_json_of_the_real_cli_reads_back_as_it_was_written(cli: CliRun, name: str) -> None:
    result = cli("score", EXAMPLES / name, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert _round_trip(data) == data


@pytest.fixture(scope="module")
def fraud_data(shipped: QuestionnaireSet) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render_json([_scored(shipped, "fraud-platform.yaml")], as_list=False))
    assert data["plan"] and data["models"], "the example should have models and a plan"
    return data


def _first_model(data: dict[str, Any]) -> dict[str, Any]:
    model: dict[str, Any] = next(iter(data["models"].values()))
    return model


@pytest.mark.parametrize(
    "where",
    [
        pytest.param(lambda data: data, id="top"),
        pytest.param(_first_model, id="model"),
        pytest.param(lambda data: _first_model(data)["levels"][0], id="level"),
        pytest.param(lambda data: data["plan"][0], id="plan-step"),
    ],
)
def test_a_result_with_an_unknown_key_is_refused(fraud_data: dict[str, Any], where: Any) -> None:
    data = copy.deepcopy(fraud_data)
    where(data)["surprise"] = 1
    with pytest.raises(ResultDataError, match="unknown key 'surprise'"):
        from_data(Assessment, data)


@pytest.mark.parametrize(
    ("where", "key"),
    [
        pytest.param(lambda data: data, "team", id="top"),
        pytest.param(_first_model, "level", id="model"),
        pytest.param(lambda data: _first_model(data)["levels"][0], "holds", id="level"),
        pytest.param(lambda data: data["plan"][0], "action", id="plan-step"),
    ],
)
def test_a_result_with_a_missing_key_is_refused(fraud_data: dict[str, Any], where: Any, key: str) -> None:
    data = copy.deepcopy(fraud_data)
    del where(data)[key]
    with pytest.raises(ResultDataError, match=f"missing key '{key}'"):
        from_data(Assessment, data)


def test_the_fixture_data_itself_reads_back(fraud_data: dict[str, Any]) -> None:
    # The refusals above come from the change made, not from the data they start with.
    assert _round_trip(copy.deepcopy(fraud_data)) == fraud_data
