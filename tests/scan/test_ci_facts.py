"""CI facts: per CI definition, whether it runs tests, training, a deployment, with the line (and the script) that shows it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mlops_maturity.scan.result import CiDefinition, ScanResult
from tests.conftest import CliRun
from tests.scan.conftest import Scan, build, lines

ON_PUSH = lines("on:", "  push:", "    branches: [main]", "jobs:")


def _definition(result: ScanResult, path: str) -> CiDefinition:
    return next(definition for definition in result.ci if definition.path == path)


def test_tests_in_a_file_named_on_the_pytest_command_line_run(scan_repo: Scan) -> None:
    test = lines("def test_scores_a_row():", "    assert score({'a': 1}) == 0.5")
    named = lines(ON_PUSH, "  test:", "    steps:", "      - run: pytest checks/scoring_tests.py -q")
    result = scan_repo({"checks/scoring_tests.py": test, ".github/workflows/ci.yml": named})
    assert [finding.where for finding in result.proposals["app_unit_tests"].findings] == [
        ".github/workflows/ci.yml:8",
        "checks/scoring_tests.py:1",
    ]
    unnamed = named.replace("pytest checks/scoring_tests.py -q", "pytest -q")
    result = scan_repo({"checks/scoring_tests.py": test, ".github/workflows/ci.yml": unnamed})
    assert "python_files" in (result.inactive["app_unit_tests"][0].inactive or "")


def test_a_deployment_in_a_script_the_workflow_runs_is_cited_with_the_scripts_line(scan_repo: Scan) -> None:
    workflow = lines(
        ON_PUSH,
        "  release:",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "      - run: bash scripts/release.sh prod",
    )
    script = lines("#!/usr/bin/env bash", "set -euo pipefail", "# kubectl apply -f old/", "kubectl apply -f k8s/")
    result = scan_repo({".github/workflows/cd.yml": workflow, "scripts/release.sh": script})
    deploy = _definition(result, ".github/workflows/cd.yml").deploy
    assert deploy is not None
    assert (deploy.line, deploy.excerpt, deploy.via) == (
        9,
        "bash scripts/release.sh prod",
        (("scripts/release.sh", 4, "kubectl apply -f k8s/"),),
    )
    assert result.proposals["app_release_automation"].findings[0].where == ".github/workflows/cd.yml:9"


def test_training_started_by_a_python_file_or_a_make_target_not_named_train(scan_repo: Scan) -> None:
    runner = lines(
        "from google.cloud import aiplatform as vertex_ai",
        "",
        "def main():",
        "    job = vertex_ai.PipelineJob(display_name='churn', template_path='pipeline.json')",
        "    job.submit()",
    )
    makefile = lines(
        "all: features model", "", "features:", "\tpython src/features.py", "", "model:", "\t@python src/fit.py"
    )
    fit = lines("from sklearn.linear_model import LogisticRegression", "", "model = LogisticRegression().fit(x, y)")
    gitlab = lines(
        "retrain:", "  script:", "    - pip install -r requirements.txt", "    - python -m pipelines.run --region eu"
    )
    jenkins = lines("pipeline {", "  stages {", "    stage('Fit') {", "      steps {", "        sh 'make'", "}}}}")
    result = scan_repo(
        {
            ".gitlab-ci.yml": gitlab,
            "pipelines/run.py": runner,
            "Jenkinsfile": jenkins,
            "Makefile": makefile,
            "src/features.py": "print('features')\n",
            "src/fit.py": fit,
        }
    )
    gitlab_training = _definition(result, ".gitlab-ci.yml").training
    assert gitlab_training is not None and gitlab_training.line == 4
    assert gitlab_training.via == (
        ("pipelines/run.py", 4, "job = vertex_ai.PipelineJob(display_name='churn', template_path='pipeline.json')"),
    )
    jenkins_training = _definition(result, "Jenkinsfile").training
    assert jenkins_training is not None and jenkins_training.line == 5
    assert [place[:2] for place in jenkins_training.via] == [("Makefile", 7), ("src/fit.py", 3)]
    assert {finding.path for finding in result.proposals["training_pipeline"].findings} >= {
        ".gitlab-ci.yml",
        "Jenkinsfile",
    }


def test_a_reusable_workflow_of_another_repository_is_a_call_with_what_it_passes(scan_repo: Scan) -> None:
    workflow = lines(
        "on: [push]",
        "jobs:",
        "  train:",
        "    uses: acme/ml-templates/.github/workflows/train.yml@v2",
        "    with:",
        "      model: churn",
        "      epochs: 20",
        "    secrets: inherit",
    )
    result = scan_repo({".github/workflows/train.yml": workflow})
    definition = _definition(result, ".github/workflows/train.yml")
    [call] = definition.calls
    assert (call.line, call.kind, call.target) == (
        4,
        "reusable_workflow",
        "acme/ml-templates/.github/workflows/train.yml@v2",
    )
    assert call.passes == (("model", "churn"), ("epochs", "20"), ("secrets", "inherit"))
    # Judged by its name: training, in what it calls.
    assert definition.training is not None and (definition.training.line, definition.training.called) == (4, True)
    [finding] = result.proposals["training_pipeline"].findings
    assert finding.reason == "CI calls a training workflow or template of another repository (the work happens there)"
    lint = workflow.replace("train.yml@v2", "lint.yml@v2")
    assert _definition(scan_repo({".github/workflows/lint.yml": lint}), ".github/workflows/lint.yml").training is None


def test_work_in_this_repositorys_reusable_workflow_action_and_templates_is_seen(scan_repo: Scan) -> None:
    caller = lines("on: [pull_request]", "jobs:", "  checks:", "    uses: ./.github/workflows/checks.yml")
    called = lines("on: [workflow_call]", "jobs:", "  test:", "    steps:", "      - run: python -m pytest tests")
    azure = lines("trigger: [main]", "resources:", "  repositories:", "    - repository: shared", "      name: acme/pipelines",
                  "stages:", "  - template: ci/train.yml", "  - template: deploy.yml@shared", "    parameters: {env: prod}")  # fmt: skip
    template = lines("steps:", "  - task: PythonScript@0", "    inputs:", "      scriptPath: jobs/submit.py")
    submit = lines("from azure.ai.ml import MLClient", "ml_client.jobs.create_or_update(pipeline_job)")
    result = scan_repo(
        {
            ".github/workflows/pr.yml": caller,
            ".github/workflows/checks.yml": called,
            "azure-pipelines.yml": azure,
            "ci/train.yml": template,
            "jobs/submit.py": submit,
        }
    )
    tests = _definition(result, ".github/workflows/pr.yml").tests
    assert tests is not None and (tests.line, tests.via) == (
        4,
        ((".github/workflows/checks.yml", 5, "python -m pytest tests"),),
    )
    assert _definition(result, ".github/workflows/checks.yml").on_change is False
    azure_facts = _definition(result, "azure-pipelines.yml")
    assert azure_facts.training is not None and [place[0] for place in azure_facts.training.via] == [
        "ci/train.yml",
        "jobs/submit.py",
    ]
    assert [(call.kind, call.target, call.passes) for call in azure_facts.calls] == [
        ("template", "acme/pipelines:deploy.yml", (("env", "prod"),))
    ]


def test_services_read_as_their_own_definitions(scan_repo: Scan) -> None:
    cloudbuild = lines(
        "steps:",
        "  - name: gcr.io/cloud-builders/gcloud",
        "    args: ['ai', 'custom-jobs', 'create', '--region=europe-west4', '--config=job.yaml']",
        "  - name: gcr.io/cloud-builders/gcloud",
        "    entrypoint: bash",
        "    args:",
        "      - -c",
        "      - |",
        "        echo deploying",
        "        gcloud run deploy churn-api --image=$_IMAGE",
    )
    buildspec = lines("version: 0.2", "phases:", "  build:", "    commands:", "      - python -m pytest tests/")
    circleci = lines(
        "version: 2.1",
        "orbs:",
        "  aws-ecr: circleci/aws-ecr@9.0",
        "workflows:",
        "  release:",
        "    jobs:",
        "      - aws-ecr/build_and_push_image:",
        "          repo: churn",
    )
    result = scan_repo({"cloudbuild.yaml": cloudbuild, "buildspec.yml": buildspec, ".circleci/config.yml": circleci})
    build_facts = _definition(result, "cloudbuild.yaml")
    assert build_facts.training is not None and build_facts.training.line == 3
    assert build_facts.deploy is not None and build_facts.deploy.line == 10
    assert build_facts.on_change is None
    codebuild = _definition(result, "buildspec.yml").tests
    assert codebuild is not None and codebuild.line == 5
    assert result.proposals["app_unit_tests"].answer == "partially"  # what starts the build is not visible
    [orb] = _definition(result, ".circleci/config.yml").calls
    assert (orb.kind, orb.target, orb.passes) == (
        "orb",
        "circleci/aws-ecr@9.0 build_and_push_image",
        (("repo", "churn"),),
    )


def test_decoys_say_nothing(scan_repo: Scan, tmp_path: Path) -> None:
    workflow = lines(
        ON_PUSH,
        "  build:",
        "    steps:",
        '      - run: echo "then kubectl apply -f k8s/ and python train.py"',
        "      - run: bash ../outside.sh",
        "      - run: bash scripts/notes.sh",
        "      - run: python tools/lint.py",
    )
    files = {
        ".github/workflows/ci.yml": workflow,
        "scripts/notes.sh": lines("# helm upgrade --install api chart/", "echo 'run kubectl apply later'"),
        "tools/lint.py": lines('"""Calls model.fit() and endpoint.deploy() in the docs."""', "print('lint')"),
        "docs/.github/workflows/ci.yml": lines(ON_PUSH, "  t:", "    steps:", "      - run: pytest"),
        "examples/cloudbuild.yaml": lines(
            "steps:", "  - name: gcr.io/cloud-builders/gcloud", "    args: ['run', 'deploy', 'x']"
        ),
    }
    result = scan_repo(files)
    [definition] = result.ci
    assert (definition.tests, definition.training, definition.deploy) == (None, None, None)
    assert not {"app_release_automation", "training_pipeline", "app_unit_tests"} & set(result.proposals)


@pytest.mark.skipif(os.name == "nt", reason="symbolic links")
def test_a_script_behind_a_symbolic_link_is_not_followed(scan_repo: Scan, tmp_path: Path) -> None:
    outside = tmp_path / "outside.sh"
    outside.write_text("kubectl apply -f k8s/\n", encoding="utf-8")
    workflow = lines(ON_PUSH, "  release:", "    steps:", "      - run: bash scripts/release.sh")
    repo = build(tmp_path / "linked", {".github/workflows/cd.yml": workflow})
    (repo / "scripts").mkdir()
    (repo / "scripts" / "release.sh").symlink_to(outside)
    from tests.scan.conftest import scan_folder_of

    assert _definition(scan_folder_of(repo), ".github/workflows/cd.yml").deploy is None


def test_the_facts_in_every_format(cli: CliRun, tmp_path: Path) -> None:
    workflow = lines(
        ON_PUSH,
        "  test:",
        "    steps:",
        "      - run: pytest -q",
        "  train:",
        "    uses: acme/ml-templates/.github/workflows/train.yml@v2",
        "    with: {model: churn}",
    )
    repo = build(tmp_path / "repo", {".github/workflows/ci.yml": workflow})
    data = json.loads(cli("scan", repo, "--format", "json").stdout)
    [facts] = data["ci"]
    assert facts["runs_tests"] == {"line": 8, "excerpt": "pytest -q", "via": [], "called": False}
    assert facts["runs_training"]["called"] is True and facts["deploys"] is None and facts["on_change"] is True
    assert facts["calls"] == [
        {
            "line": 10,
            "kind": "reusable_workflow",
            "target": "acme/ml-templates/.github/workflows/train.yml@v2",
            "passes": {"model": "churn"},
        }
    ]
    assert list(data)[-1] == "answers"
    text = cli("scan", repo, "--format", "text").stdout
    assert "  .github/workflows/ci.yml (GitHub Actions; starts on push)\n    tests: line 8: pytest -q\n" in text
    assert (
        "line 10: calls acme/ml-templates/.github/workflows/train.yml@v2, a reusable workflow of another repository, passing model=churn: the work happens there"
        in text
    )
    markdown = cli("scan", repo, "--format", "markdown").stdout
    assert "| .github/workflows/ci.yml | GitHub Actions | starts on push | line 8 | line 10 (called) | - |" in markdown
    draft = cli("scan", repo).stdout
    assert (
        "#   .github/workflows/ci.yml (starts on push): tests line 8; training line 10 (called); calls acme/ml-templates/.github/workflows/train.yml@v2 (the work happens there)"
        in draft
    )


def test_a_ci_definition_too_large_to_read_as_yaml_is_unreadable_with_why(scan_repo: Scan) -> None:
    huge = "on: [push]\njobs:\n" + "".join(
        f"  job{index}: {{runs-on: x, steps: [{{run: pytest}}]}}\n" for index in range(6000)
    )
    result = scan_repo({".github/workflows/ci.yml": huge})
    [unreadable] = result.counts.unreadable_files
    assert unreadable.path == ".github/workflows/ci.yml" and "more than the 15,000" in unreadable.why
    assert result.ci == ()


def test_definitions_recognised_by_their_content_under_any_name(scan_repo: Scan) -> None:
    azure = lines(
        "trigger: [main]",
        "pr: none",
        "stages:",
        "  - stage: Train",
        "    jobs:",
        "      - job: Run",
        "        steps:",
        "          - task: ms-air-aiagility.vss-services-azureml.azureml-restApi-task.MLPublishedPipelineRestAPITask@0",
        "            displayName: 'Invoke ML pipeline'",
        "            inputs: {PipelineId: '$(AMLPIPELINE_ID)'}",
        "          - task: charleszipp.azure-pipelines-tasks-terraform.azure-pipelines-tasks-terraform-cli.TerraformCLI@0",
        "            inputs: {command: plan}",
        "          - task: HelmDeploy@0",
        "            inputs: {command: upgrade, chartType: FilePath}",
    )
    scoring = azure.replace("Invoke ML pipeline", "Invoke Batch Scoring pipeline").replace(
        "command: upgrade", "command: lint"
    )
    teardown = lines(
        "trigger: none", "steps:", "  - task: AzureResourceGroupDeployment@2", "    inputs: {action: DeleteRG}"
    )
    cloud_build = lines(
        "steps:",
        "  - name: 'gcr.io/cloud-builders/docker'",
        "    args: ['build', '-t', 'trainer', '.']",
        "  - name: 'python:3.10'",
        "    entrypoint: 'pytest'",
        "    args: ['src/tests/model_tests.py', '-s']",
    )
    result = scan_repo(
        {
            ".pipelines/ci.yml": azure,
            ".pipelines/batch.yml": scoring,
            "setup/remove-env.yml": teardown,
            "build/model-deployment.yaml": cloud_build,
            "src/tests/model_tests.py": "def test_fits():\n    assert fit() is not None\n",
            "k8s/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template: {}\n",
        }
    )
    assert [(definition.path, definition.service) for definition in result.ci] == [
        (".pipelines/batch.yml", "Azure Pipelines"),
        (".pipelines/ci.yml", "Azure Pipelines"),
        ("build/model-deployment.yaml", "Google Cloud Build"),
        ("setup/remove-env.yml", "Azure Pipelines"),
    ]
    ci = _definition(result, ".pipelines/ci.yml")
    assert ci.training is not None and ci.training.line == 8
    assert ci.deploy is not None and ci.deploy.line == 13  # terraform plan deploys nothing; helm upgrade does
    batch = _definition(result, ".pipelines/batch.yml")
    assert (batch.training, batch.deploy) == (None, None)  # a batch scoring pipeline started the same way
    assert _definition(result, "setup/remove-env.yml").deploy is None
    tests = _definition(result, "build/model-deployment.yaml").tests
    assert tests is not None and (tests.line, tests.excerpt) == (6, "pytest src/tests/model_tests.py -s")
    assert "src/tests/model_tests.py:1" in [finding.where for finding in result.proposals["app_unit_tests"].findings]


def test_codepipelines_in_cloudformation_and_cdk(scan_repo: Scan) -> None:
    template = lines(
        "AWSTemplateFormatVersion: '2010-09-09'",
        "Resources:",
        "  BuildProject:",
        "    Type: AWS::CodeBuild::Project",
        "    Properties:",
        "      Source:",
        "        Type: CODEPIPELINE",
        "        BuildSpec: |",
        "          version: 0.2",
        "          phases:",
        "            build:",
        "              commands:",
        "                - |",
        "                  run-pipeline \\",
        "                    --module-name pipelines.churn.pipeline",
        "  Pipeline:",
        "    Type: AWS::CodePipeline::Pipeline",
        "    Properties:",
        "      Stages:",
        "        - Name: Build",
        "          Actions:",
        "            - Name: BuildAndRun",
        "              ActionTypeId: {Category: Build, Owner: AWS, Provider: CodeBuild, Version: '1'}",
        "              Configuration: {ProjectName: !Ref BuildProject}",
        "        - Name: Release",
        "          Actions:",
        "            - Name: DeployStaging",
        "              ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: '1'}",
    )
    stack = lines(
        "from aws_cdk import aws_codepipeline as codepipeline, aws_codepipeline_actions as actions",
        "",
        "pipeline = codepipeline.Pipeline(self, 'Deploy')",
        "deploy = actions.CloudFormationCreateUpdateStackAction(",
        "    action_name='DeployProd', stack_name='churn-prod', admin_permissions=True)",
        "test = actions.CodeBuildAction(action_name='Smoke', type=actions.CodeBuildActionType.TEST, project=smoke)",
    )
    result = scan_repo({"infra/pipeline.yaml": template, "infra/deploy_stack.py": stack})
    cloudformation = _definition(result, "infra/pipeline.yaml")
    assert cloudformation.service == "AWS CodePipeline (CloudFormation)"
    assert cloudformation.training is not None and cloudformation.training.line == 14  # the command spans two lines
    assert cloudformation.deploy is not None and cloudformation.deploy.line == 27
    cdk = _definition(result, "infra/deploy_stack.py")
    assert cdk.deploy is not None and cdk.deploy.line == 4
    assert cdk.tests is not None and cdk.tests.line == 6
    assert cdk.on_change is None


def test_a_ci_definition_in_a_test_folder_is_read(scan_repo: Scan) -> None:
    buildspec = lines("version: 0.2", "phases:", "  build:", "    commands:", "      - python test/test.py")
    result = scan_repo({"model-deploy/test/buildspec.yml": buildspec, "model-deploy/test/test.py": "print(1)\n"})
    tests = _definition(result, "model-deploy/test/buildspec.yml").tests
    assert tests is not None and tests.line == 5


def test_cloud_build_files_named_by_a_terraform_trigger_or_a_submit_command(scan_repo: Scan) -> None:
    trigger = lines(
        'resource "google_cloudbuild_trigger" "train" {',
        "  github {",
        '    owner = "acme"',
        '    name  = "churn"',
        "    push {",
        '      branch = "^main$"',
        "    }",
        "  }",
        '  filename = "build/pipeline-run.yaml"',
        "}",
    )
    build_file = lines(
        "steps:",
        "  - name: python:3.11",
        "    entrypoint: python",
        "    args: ['-m', 'pytest', 'tests']",
        "  - name: python:3.11",
        "    entrypoint: python",
        "    args: ['pipelines/train.py']",
    )
    workflow = lines(
        ON_PUSH, "  release:", "    steps:", "      - run: gcloud builds submit --config=build/release.yaml ."
    )
    release = lines(
        "steps:",
        "  - name: python:3.11",
        "    entrypoint: bash",
        "    args: ['-c', 'helm upgrade --install churn chart/']",
    )
    files = {
        "infra/triggers.tf": trigger,
        "build/pipeline-run.yaml": build_file,
        ".github/workflows/release.yml": workflow,
        "build/release.yaml": release,
    }
    result = scan_repo(files)
    named = _definition(result, "build/pipeline-run.yaml")
    assert (named.service, named.triggers, named.on_change) == ("Google Cloud Build", ("push",), True)
    assert named.tests is not None and named.tests.line == 4
    assert named.training is not None and named.training.line == 7
    assert result.proposals["app_unit_tests"].answer == "mostly"  # a push starts it, as the trigger says
    deploy = _definition(result, ".github/workflows/release.yml").deploy
    assert deploy is not None and deploy.via == (("build/release.yaml", 4, "helm upgrade --install churn chart/"),)
    commented = scan_repo({**files, "infra/triggers.tf": trigger.replace("  filename = ", "  # filename = ")})
    assert "build/pipeline-run.yaml" not in [definition.path for definition in commented.ci]


def test_a_call_passed_an_environment_file_named_for_training_does_not_train(scan_repo: Scan) -> None:
    workflow = lines(
        "on: [push]",
        "jobs:",
        "  register-environment:",
        "    uses: acme/templates/.github/workflows/register-environment.yml@main",
        "    with:",
        "      environment_file: mlops/train/train-env.yml",
        "      conda_file: data-science/environment/train-conda.yml",
        "  run-training:",
        "    uses: acme/templates/.github/workflows/run-pipeline.yml@main",
        "    with: {parameters-file: mlops/train/pipeline.yml}",
    )
    definition = _definition(scan_repo({".github/workflows/train.yml": workflow}), ".github/workflows/train.yml")
    assert definition.training is not None and definition.training.line == 9
