"""The second round of issue 22's review: dense CI definitions in linear time, CI facts over text
patterns, untrusted CI text on one line in the text and Markdown formats."""

from __future__ import annotations

import pytest

from mlops_maturity.scan.ci_read import read_definition
from tests.scan.conftest import Scan, lines

# --- 1. a dense CI definition: each command's work found in one pass --------------------------

MIB = 1 << 20
PUSH_RUN_BLOCK = "on: [push]\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: |\n"


def _fill(line: str) -> str:
    return line * (MIB // len(line))


def test_the_same_test_command_in_every_step_is_found_at_its_first_line(scan_repo: Scan) -> None:
    files = {"Jenkinsfile": "sh 'pytest'\n" * 19_000}
    result = scan_repo(files)
    assert [(definition.tests.line, definition.tests.excerpt) for definition in result.ci if definition.tests] == [
        (1, "pytest")
    ]


def test_a_ci_definition_of_more_steps_or_lines_than_any_real_one_is_unreadable_with_why(scan_repo: Scan) -> None:
    result = scan_repo(
        {"Jenkinsfile": _fill("sh 'pytest'; "), ".gitlab-ci.yml": "t:\n  script: |\n" + "    pytest\n" * 21_000}
    )
    assert result.ci == ()
    whys = {item.path: item.why for item in result.counts.unreadable_files}
    assert "shell steps, more than the 20,000 a CI definition is read with" in whys["Jenkinsfile"]
    assert whys[".gitlab-ci.yml"].startswith("about 21,00") and "lines, more than the 20,000" in whys[".gitlab-ci.yml"]


def test_work_is_found_among_many_commands_that_show_none(scan_repo: Scan) -> None:
    block = "          echo x\n" * 19_000 + "          python -m \\\n            pytest tests\n" + "          echo y\n"
    result = scan_repo({".github/workflows/ci.yml": PUSH_RUN_BLOCK + block})
    assert [(definition.tests.line, definition.tests.excerpt) for definition in result.ci if definition.tests] == [
        (19_007, "python -m pytest tests")
    ]


def test_a_command_split_by_the_filter_pass_is_still_examined(scan_repo: Scan) -> None:
    # one text of all commands: `python` ends one command, `-m pytest` starts the next
    workflow = PUSH_RUN_BLOCK + "          python\n          -m pytest\n          pytest tests\n"
    result = scan_repo({".github/workflows/ci.yml": workflow})
    assert [(definition.tests.line, definition.tests.excerpt) for definition in result.ci if definition.tests] == [
        (9, "pytest tests")
    ]


def test_jenkins_steps_of_every_kind_keep_their_lines_and_order() -> None:
    jenkinsfile = lines(
        "pipeline {",
        "  steps {",
        "    sh 'echo one'; bat \"echo two\"",
        "    sh '''",
        "      make \\",
        "        build",
        "      echo three",
        "    '''",
        "    sh(script: 'echo four \\')",
        '    powershell """echo five"""',
        "    sh ''",
        "    pwsh",
        "      'echo six'",
        "  }",
        "}",
    )
    commands = read_definition("jenkins", "Jenkinsfile", jenkinsfile).commands
    assert [(command.line, command.text) for command in commands] == [
        (3, "echo one"),
        (3, "echo two"),
        (5, "make build"),
        (7, "echo three"),
        (9, "echo four"),
        (10, "echo five"),
        (13, "echo six"),
    ]


# --- 2. the text patterns of CI detectors never contradict the CI facts ------------------------

CONTRADICTED = {
    "pytest_inside_a_continued_pip_install": lines(
        "on: [push]",
        "jobs:",
        "  lint:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: |",
        "          pip install \\",
        "            pytest \\",
        "            flake8",
        "      - run: flake8 .",
    ),
    "pytest_ini_in_a_paths_filter": lines(
        "on:",
        "  push:",
        "    paths:",
        "      - src/**",
        "      - pytest.ini",
        "jobs:",
        "  lint:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: ruff check .",
    ),
    "pytest_in_a_step_switched_off": lines(
        "on:",
        "  push:",
        "    branches: [main]",
        "jobs:",
        "  test:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - name: Tests (disabled while flaky)",
        "        if: false",
        "        run: pytest tests/",
        "      - run: echo done",
    ),
    "manual_workflow_with_keys_named_push": lines(
        "on:",
        "  workflow_dispatch:",
        "    inputs:",
        "      push:",
        "        description: push image",
        "env:",
        '  pull_request: "no"',
        "jobs:",
        "  build:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - run: docker build -t app .",
        "      - run: pytest",
    ),
}


@pytest.mark.parametrize("workflow", CONTRADICTED.values(), ids=list(CONTRADICTED))
def test_text_patterns_never_propose_mostly_against_the_ci_facts(scan_repo: Scan, workflow: str) -> None:
    result = scan_repo({".github/workflows/ci.yml": workflow, "tests/test_a.py": "def test_a():\n    assert True\n"})
    for question in ("app_ci_builds", "app_unit_tests"):
        proposal = result.proposals.get(question)
        assert proposal is None or proposal.answer != "mostly", (question, proposal)


def test_a_manual_workflow_is_reported_inactive_not_on_push(scan_repo: Scan) -> None:
    result = scan_repo({".github/workflows/ci.yml": CONTRADICTED["manual_workflow_with_keys_named_push"]})
    assert "app_ci_builds" not in result.proposals
    reasons = {(finding.detector, finding.inactive) for finding in result.inactive["app_ci_builds"]}
    assert ("github_actions", "no push or pull_request trigger, so no change starts it") in reasons


def test_text_evidence_moves_to_the_first_line_the_workflow_runs(scan_repo: Scan) -> None:
    workflow = CONTRADICTED["pytest_ini_in_a_paths_filter"] + "      - run: docker build -t app .\n"
    result = scan_repo({".github/workflows/ci.yml": workflow})
    proposal = result.proposals["app_ci_builds"]
    assert proposal.answer == "mostly"
    assert [
        (finding.line, finding.excerpt) for finding in proposal.findings if finding.detector == "ci_builds_or_tests"
    ] == [(11, "- run: docker build -t app .")]


# --- 3. the text and Markdown CI sections: repository text never starts a line -----------------

BREAKS = ("\u2028", "\u2029", "\r", "\x85", "\x0b", "\x0c", "\x1c")


def _untrusted_ci() -> dict[str, str]:
    workflow = lines(
        "on:",
        "  push:",
        '  "evil\\u2028FAKE: trigger":',
        "jobs:",
        "  call:",
        '    uses: "org/repo/.github/workflows/x.yml@main\\u2028FAKE target"',
        "    with:",
        '      "k\\u2029FAKE pass": "v\\rFAKE value"',
        "  t:",
        "    runs-on: x",
        "    steps:",
        '      - run: "pytest tests\\u2028FAKE excerpt"',
        '      - run: "bash scripts/go.sh"',
    )
    return {
        ".github/workflows/ci.yml": workflow,
        ".github/workflows/c\u2028FAKE path.yml": "on: [push]\njobs:\n  t:\n    steps:\n      - run: pytest\n",
        "scripts/go.sh": "kubectl apply -f k8s/ \u2028FAKE via\n",
        "Jenkinsfile": "build 'job\u2028FAKE jenkins'\nsh 'pytest\u2028FAKE sh'\n",
    }


def test_ci_sections_keep_untrusted_text_on_one_line(scan_repo: Scan) -> None:
    from mlops_maturity.report.scan_ci import ci_markdown_lines, ci_text_lines

    result = scan_repo(_untrusted_ci())
    for section in (ci_text_lines(result.ci), ci_markdown_lines(result.ci)):
        joined = "\n".join(section)
        assert "FAKE jenkins" in joined and "FAKE target" in joined and "FAKE: trigger" in joined
        assert not [line for line in section if any(mark in line for mark in BREAKS)]
        assert len(joined.splitlines()) == len(section)
    assert "pytest FAKE sh" in "\n".join(ci_text_lines(result.ci))
