"""The structure-aware fuzzer (benchmarks/fuzz.py), a few cases of each family: no crash, no traceback.

The full run (`python benchmarks/fuzz.py`, 2,000 cases) is the release check; this keeps the
fuzzer itself working and catches a regression on the cases it draws with its fixed seed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

FUZZER = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz.py"
CASES = 100
"""25 per family, run in this process (about 20 s)."""


def _fuzzer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("mlops_fuzz", FUZZER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fuzz() -> ModuleType:
    return _fuzzer()


def test_the_cases_depend_only_on_the_seed(fuzz: ModuleType) -> None:
    first = [fuzz.make_case(fuzz.SEED, index) for index in range(8)]
    again = [fuzz.make_case(fuzz.SEED, index) for index in range(8)]
    assert [(case.args, case.files, case.links) for case in first] == [
        (case.args, case.files, case.links) for case in again
    ]
    assert [case.family for case in first] == list(fuzz.FAMILIES) * 2


def test_a_crash_is_reported_as_a_failure(fuzz: ModuleType) -> None:
    assert fuzz.problem_of(["score", "x"], 3, 0.1, "") == "exit 3"
    assert fuzz.problem_of(["score", "x"], 2, 0.1, "Traceback (most recent call last):") == "traceback"
    assert fuzz.problem_of(["report", "x"], 1, 0.1, "") == "undocumented exit 1"
    assert fuzz.problem_of(["score", "x", "--fail-under", "google=1"], 1, 0.1, "") is None
    assert fuzz.problem_of(["scan", "x"], 0, fuzz.SLOW_SECONDS + 1, "") is not None


def test_every_family_runs_without_a_crash(fuzz: ModuleType) -> None:
    run = fuzz.fuzz(CASES, seed=fuzz.SEED, jobs=1)
    assert {case.family for case in run.cases.values()} == set(fuzz.FAMILIES)
    assert len(run.outcomes) >= CASES
    exit_codes = {outcome.exit_code for outcome in run.outcomes}
    assert {0, 2} <= exit_codes, "the cases should reach both valid and refused inputs"
    failures = [
        f"{failure.family} #{failure.index}: {failure.problem}: {fuzz.command_line(run.cases[failure.index])}\n"
        + "\n".join(fuzz.error_lines(failure))
        for failure in run.failures
    ]
    assert not failures, "\n\n".join(failures)
