"""The reviewer's reproductions (issue 22's review), each as what a user would notice."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mlops_maturity.scan.result import ScanResult
from tests.conftest import CliRun
from tests.scan.conftest import Scan, build, lines, scan_folder_of

# --- 1. the YAML draft stays valid whatever the repository's text ---------------------------

UNTRUSTED_DRAFTS = {
    "jenkins_stage_named_build": {
        "Jenkinsfile": lines(
            "pipeline {",
            "  agent any",
            "  stages {",
            "    stage('build') {",
            "      steps {",
            "        sh 'make'",
            "      }",
            "    }",
            "  }",
            "}",
        ),
    },
    "jenkins_stages_on_one_line": {
        "Jenkinsfile": lines(
            "pipeline {",
            "  agent any",
            "  stages {",
            "    stage('Build') { steps { sh 'npm run build' } }",
            "    stage('Test') { steps { sh 'pytest' } }",
            "  }",
            "}",
        ),
    },
    "reusable_workflow_target_with_a_line_break": {
        ".github/workflows/ci.yml": lines(
            "on: [push]",
            "jobs:",
            "  call:",
            '    uses: "org/repo/.github/workflows/deploy.yml@main\\nanswers: {}"',
            "    with:",
            '      "env\\nx": "prod\\ny"',
        ),
    },
    "trigger_with_a_line_separator": {
        ".github/workflows/ci.yml": lines(
            'on: {"push\\u2028answers: {}": {}, "x\\u0085team: y": {}}',
            "jobs:",
            "  t:",
            "    steps:",
            "      - run: pytest",
        ),
    },
    "jenkins_build_of_a_job_across_lines": {
        "Jenkinsfile": "pipeline { stages { stage('x') { steps { build job: 'deploy\u2028answers: {}' } } } }\n",
    },
}


@pytest.mark.parametrize("files", UNTRUSTED_DRAFTS.values(), ids=list(UNTRUSTED_DRAFTS))
def test_draft_from_untrusted_ci_text_stays_valid_yaml(cli: CliRun, tmp_path: Path, files: dict[str, str]) -> None:
    repo = build(tmp_path / "repo", files)
    scanned = cli("scan", repo, "-o", "draft.yaml")
    assert scanned.returncode == 0, scanned.stderr
    text = (tmp_path / "draft.yaml").read_text(encoding="utf-8")
    assert isinstance(yaml.safe_load(text)["answers"], dict)
    top = text.split("\nquestionnaire_version:", 1)[0].split("\n")
    assert all(line.startswith("#") for line in top if line), top
    scored = cli("score", "draft.yaml")
    assert scored.returncode == 0, scored.stderr


def test_jenkins_stage_named_build_is_no_call_of_a_job(scan_repo: Scan) -> None:
    result = scan_repo(UNTRUSTED_DRAFTS["jenkins_stage_named_build"])
    assert [call.target for definition in result.ci for call in definition.calls] == []
    result = scan_repo({"Jenkinsfile": lines("node {", "  build job: 'deploy-prod'", "  steps { build 'other' }", "}")})
    assert [(call.line, call.target) for definition in result.ci for call in definition.calls] == [
        (2, "deploy-prod"),
        (3, "other"),
    ]


# --- 2. no traceback: complex YAML keys, lone surrogates, deep Makefile chains ---------------

COMPLEX_KEYS = {
    "gitlab": {".gitlab-ci.yml": lines("? [a]", ": x", "test:", "  script:", "    - pytest")},
    "workflow_trigger": {
        ".github/workflows/ci.yml": lines(
            "on:",
            "  ? [push]",
            "  : {}",
            "jobs:",
            "  t:",
            "    runs-on: ubuntu-latest",
            "    steps:",
            "      - run: pytest",
        )
    },
    "workflow_filter": {
        ".github/workflows/ci.yml": lines(
            "on:",
            "  push:",
            "    ? [branches]",
            "    : [main]",
            "jobs:",
            "  t:",
            "    steps:",
            "      - run: pytest",
        )
    },
    "flow_mapping": {
        ".github/workflows/ci.yml": lines("on: {[push]: {}, pull_request: {}}", "jobs: {t: {steps: [{run: pytest}]}}")
    },
}


@pytest.mark.parametrize("files", COMPLEX_KEYS.values(), ids=list(COMPLEX_KEYS))
def test_complex_yaml_keys_are_read_as_absent(cli: CliRun, tmp_path: Path, files: dict[str, str]) -> None:
    scanned = cli("scan", build(tmp_path / "repo", files), "--format", "json")
    assert scanned.returncode == 0, scanned.stderr
    assert "Traceback" not in scanned.stderr


def test_complex_keys_leave_the_rest_of_the_definition_read(scan_repo: Scan) -> None:
    gitlab = scan_repo(COMPLEX_KEYS["gitlab"]).ci
    assert [(definition.path, definition.tests is not None) for definition in gitlab] == [(".gitlab-ci.yml", True)]
    flow = scan_repo(COMPLEX_KEYS["flow_mapping"]).ci
    assert [(definition.triggers, definition.automatic) for definition in flow] == [(("pull_request",), True)]


def test_notebook_with_a_lone_surrogate_is_scanned(cli: CliRun, tmp_path: Path) -> None:
    notebook = (
        '{"cells":[{"cell_type":"code","source":["label = \\"\\ud83d\\"  \\n","import mlflow\\n",'
        '"mlflow.log_metric(\\"auc\\", 0.9)\\n"]}],"nbformat":4,"nbformat_minor":5}'
    )
    repo = build(tmp_path / "repo", {"a.ipynb": notebook})
    scanned = cli("scan", repo, "--format", "text")
    assert scanned.returncode == 0, scanned.stderr
    assert "MLflow  a.ipynb:1" in scanned.stdout  # the cell was read (the notebook is one line)


def _chain(length: int, recipe: str) -> str:
    rules = [f"t{index}: t{index + 1}\n\techo {index}\n" for index in range(length)]
    return "".join(rules) + f"t{length}:\n\t{recipe}\n"


MAKE_WORKFLOW = lines("on: [push]", "jobs:", "  t:", "    runs-on: ubuntu-latest", "    steps:", "      - run: make t0")


def test_makefile_prerequisites_are_followed_three_steps_deep(scan_repo: Scan) -> None:
    deep = scan_repo({".github/workflows/ci.yml": MAKE_WORKFLOW, "Makefile": _chain(1000, "pytest tests")})
    assert [definition.tests for definition in deep.ci] == [None]
    near = scan_repo({".github/workflows/ci.yml": MAKE_WORKFLOW, "Makefile": _chain(1, "pytest tests")})
    assert [definition.tests is not None for definition in near.ci] == [True]


# --- 3. the shapes that were quadratic (their time: benchmarks/scan.py) ------------------------------------------


def test_makefile_fan_out_is_read_once(scan_repo: Scan) -> None:
    targets = 4000
    makefile = "all: " + " ".join(f"t{index}" for index in range(targets)) + "\n\n"
    makefile += "".join(f"t{index}:\n\techo {index}\n\n" for index in range(targets - 1))
    makefile += f"t{targets - 1}:\n\tpytest tests\n"
    files = {".github/workflows/ci.yml": MAKE_WORKFLOW.replace("make t0", "make all"), "Makefile": makefile}
    result = scan_repo(files)
    assert [definition.tests.via[-1][1] for definition in result.ci if definition.tests] == [3 * targets + 1]


def test_continued_commands_are_joined_at_their_first_line(scan_repo: Scan) -> None:
    workflow = lines(
        "on: [push]",
        "jobs:",
        "  t:",
        "    steps:",
        "      - run: |",
        "          python -m \\",
        "            \\",
        "            pytest tests",
    )
    result = scan_repo({".github/workflows/ci.yml": workflow})
    assert [(definition.tests.line, definition.tests.excerpt) for definition in result.ci if definition.tests] == [
        (6, "python -m pytest tests")
    ]


# --- 4. block comments and trailing `//` comments are not code ---------------------------------


def _work(result: ScanResult, field: str) -> list[tuple[str, int | None]]:
    return [
        (definition.path, evidence.line if (evidence := getattr(definition, field)) else None)
        for definition in result.ci
    ]


def test_trailing_slash_comment_in_a_jenkinsfile_is_no_deployment(scan_repo: Scan) -> None:
    jenkinsfile = lines(
        "pipeline {",
        "  stages {",
        "    stage('Release') {",
        "      steps {",
        "        sh 'make package'  // disabled: sh 'kubectl apply -f k8s/'",
        "      }",
        "    }",
        "  }",
        "}",
    )
    assert _work(scan_repo({"Jenkinsfile": jenkinsfile}), "deploy") == [("Jenkinsfile", None)]


def test_block_comments_in_jenkinsfile_and_cdk_are_not_read(scan_repo: Scan) -> None:
    jenkinsfile = lines(
        "pipeline {",
        "  stages {",
        "    stage('Build') { steps { sh 'make build' } }",
        "    /*",
        "    stage('Deploy') {",
        "      steps { sh 'kubectl apply -f k8s/' }",
        "    }",
        "    */",
        "    stage('Test') { steps { sh 'pytest' } }",
        "  }",
        "}",
    )
    cdk = lines(
        "/*",
        "import * as cdk from 'aws-cdk-lib';",
        "const p = new CodePipeline(this, 'P', { synth: new ShellStep('S', { commands: ['pytest'] }) });",
        "*/",
        "export const x = 1;",
    )
    result = scan_repo({"Jenkinsfile": jenkinsfile, "infra/app.ts": cdk})
    assert _work(result, "deploy") == [("Jenkinsfile", None)]
    assert _work(result, "tests") == [("Jenkinsfile", 9)]  # the line is kept after the block


def test_commented_out_terraform_trigger_starts_nothing(scan_repo: Scan) -> None:
    trigger = lines(
        "/*",
        'resource "google_cloudbuild_trigger" "deploy" {',
        '  filename = "build/release.yaml"',
        "  github {",
        "    push {",
        '      branch = "^main$"',
        "    }",
        "  }",
        "}",
        "*/",
    )
    build_file = lines("steps:", "  - name: gcr.io/cloud-builders/gcloud", "    args: ['run', 'deploy', 'svc']")
    result = scan_repo({"infra/triggers.tf": trigger, "build/release.yaml": build_file})
    assert all(definition.automatic is not True for definition in result.ci)


def test_slashes_in_strings_and_urls_are_kept(scan_repo: Scan) -> None:
    jenkinsfile = lines(
        "pipeline {",
        "  stages {",
        "    stage('T') { steps {",
        '      sh "curl https://example.com//x && pytest"',
        "      sh 'echo a//b; kubectl apply -f k8s/'",
        "    } }",
        "  }",
        "}",
    )
    result = scan_repo({"Jenkinsfile": jenkinsfile})
    assert _work(result, "tests") == [("Jenkinsfile", 4)]
    assert _work(result, "deploy") == [("Jenkinsfile", 5)]


# --- 5. switched-off and manual CI work is not automatic work ---------------------------------


def test_gitlab_manual_and_never_jobs_do_no_automatic_work(scan_repo: Scan) -> None:
    gitlab = lines(
        "stages: [test, deploy]",
        "unit:",
        "  stage: test",
        "  script:",
        "    - pytest tests",
        "deploy_prod:",
        "  stage: deploy",
        "  when: manual",
        "  script:",
        "    - kubectl apply -f k8s/",
        "retired:",
        "  rules:",
        "    - when: never",
        "  script:",
        "    - python train.py",
        "gated:",
        "  rules:",
        "    - if: $CI_COMMIT_TAG",
        "      when: manual",
        "    - when: never",
        "  script:",
        "    - kubectl apply -f k8s/",
    )
    result = scan_repo({".gitlab-ci.yml": gitlab})
    assert [(_work(result, field)) for field in ("tests", "training", "deploy")] == [
        [(".gitlab-ci.yml", 5)],
        [(".gitlab-ci.yml", None)],
        [(".gitlab-ci.yml", None)],
    ]


def test_azure_disabled_steps_and_jobs_do_no_work(scan_repo: Scan) -> None:
    azure = lines(
        "trigger:",
        "  - main",
        "jobs:",
        "  - job: test",
        "    steps:",
        "      - script: pytest tests/",
        "        enabled: false",
        "  - job: deploy",
        "    condition: false",
        "    steps:",
        "      - script: kubectl apply -f k8s/",
        "  - job: train",
        "    steps:",
        "      - script: python train.py",
    )
    result = scan_repo({"azure-pipelines.yml": azure})
    assert [_work(result, field) for field in ("tests", "deploy")] == [
        [("azure-pipelines.yml", None)],
        [("azure-pipelines.yml", None)],
    ]
    assert _work(result, "training") == [("azure-pipelines.yml", 14)]


def test_circleci_jobs_no_workflow_lists_do_not_run(scan_repo: Scan) -> None:
    config = lines(
        "version: 2.1",
        "jobs:",
        "  test:",
        "    steps:",
        "      - run: pytest tests",
        "  deploy:",
        "    steps:",
        "      - run: kubectl apply -f k8s/",
        "workflows:",
        "  main:",
        "    jobs:",
        "      - test",
    )
    result = scan_repo({".circleci/config.yml": config})
    assert _work(result, "tests") == [(".circleci/config.yml", 5)]
    assert _work(result, "deploy") == [(".circleci/config.yml", None)]


def test_disabled_cloud_build_trigger_starts_nothing(scan_repo: Scan) -> None:
    trigger = lines(
        'resource "google_cloudbuild_trigger" "deploy" {',
        "  disabled = true",
        '  filename = "build/release.yaml"',
        "  github {",
        "    push {",
        '      branch = "^main$"',
        "    }",
        "  }",
        "}",
    )
    build_file = lines("steps:", "  - name: gcr.io/cloud-builders/gcloud", "    args: ['run', 'deploy', 'svc']")
    result = scan_repo({"infra/triggers.tf": trigger, "build/release.yaml": build_file})
    assert all(definition.automatic is not True for definition in result.ci)
    enabled = scan_repo({"infra/triggers.tf": trigger.replace("true", "false"), "build/release.yaml": build_file})
    assert [definition.automatic for definition in enabled.ci] == [True]


def test_azure_template_is_not_a_pipeline_of_its_own(scan_repo: Scan) -> None:
    template = lines("parameters:", "  - name: env", "    default: prod", "steps:", "  - script: kubectl apply -f k8s/")
    release = lines(
        "trigger: none",
        "pr: none",
        "stages:",
        "  - stage: deploy",
        "    jobs:",
        "      - job: deploy",
        "        steps:",
        "          - template: templates/deploy.yml",
    )
    result = scan_repo({".azure-pipelines/templates/deploy.yml": template, ".azure-pipelines/release.yml": release})
    assert {definition.path: definition.automatic for definition in result.ci} == {
        ".azure-pipelines/release.yml": False,
        ".azure-pipelines/templates/deploy.yml": False,
    }


def test_issue_comment_is_a_manual_trigger(scan_repo: Scan) -> None:
    workflow = lines("on: [issue_comment]", "jobs:", "  t:", "    steps:", "      - run: kubectl apply -f k8s/")
    assert [definition.automatic for definition in scan_repo({".github/workflows/ci.yml": workflow}).ci] == [False]


# --- 6. small false positives -------------------------------------------------------------------


def test_release_tags_without_a_model_version_are_no_registry(scan_repo: Scan) -> None:
    refs = "a" * 40 + " refs/tags/web-ui@1.4.0\n" + "b" * 40 + " refs/tags/docs#preview\n"
    config = {".git/config": "[core]\n\tbare = false\n"}
    assert "model_registry" not in scan_repo({".git/packed-refs": refs, **config}).proposals
    gto = "a" * 40 + " refs/tags/churn@v1.4.0\n" + "b" * 40 + " refs/tags/churn#prod#2\n"
    assert "model_registry" in scan_repo({".git/packed-refs": gto, **config}).proposals


def test_running_a_test_of_training_is_no_training(scan_repo: Scan) -> None:
    workflow = lines(
        "on: [push]",
        "jobs:",
        "  t:",
        "    steps:",
        "      - run: python tests/test_train.py",
        "      - run: python test_training.py",
        "      - run: python src/train.py",
    )
    test_file = lines(
        "from sklearn.linear_model import LinearRegression", "def test_fit():", "    LinearRegression().fit([[1]], [1])"
    )
    files = {".github/workflows/ci.yml": workflow, "tests/test_train.py": test_file, "test_training.py": test_file}
    result = scan_repo(files)
    assert _work(result, "tests") == [(".github/workflows/ci.yml", 5)]
    assert _work(result, "training") == [(".github/workflows/ci.yml", 7)]
    result = scan_repo(
        {**files, ".github/workflows/ci.yml": workflow.replace("      - run: python src/train.py\n", "")}
    )
    assert _work(result, "training") == [(".github/workflows/ci.yml", None)]


def test_a_dry_run_is_no_deployment(scan_repo: Scan) -> None:
    workflow = lines(
        "on: [pull_request]",
        "jobs:",
        "  t:",
        "    steps:",
        "      - run: kubectl apply --dry-run=client -f k8s/",
        "      - run: helm upgrade --install api chart/ --dry-run",
    )
    assert _work(scan_repo({".github/workflows/ci.yml": workflow}), "deploy") == [(".github/workflows/ci.yml", None)]
    live = workflow.replace(" --dry-run=client", "")
    assert _work(scan_repo({".github/workflows/ci.yml": live}), "deploy") == [(".github/workflows/ci.yml", 5)]


def test_tags_are_never_read_through_a_linked_refs_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside" / "tags"
    outside.mkdir(parents=True)
    (outside / "churn@v1.4.0").write_text("a" * 40 + "\n")  # reads as a model version tag if followed
    repository = tmp_path / "repository"
    (repository / ".git").mkdir(parents=True)
    (repository / ".git" / "config").write_text("[core]\n\tbare = false\n")
    (repository / ".git" / "refs").symlink_to(tmp_path / "outside", target_is_directory=True)
    assert "model_registry" not in scan_folder_of(repository).proposals
    (repository / ".git" / "refs").unlink()
    (repository / ".git" / "refs").mkdir()
    (repository / ".git" / "refs" / "tags").mkdir()
    (repository / ".git" / "refs" / "tags" / "churn@v1.4.0").write_text("a" * 40 + "\n")
    assert "model_registry" in scan_folder_of(repository).proposals
