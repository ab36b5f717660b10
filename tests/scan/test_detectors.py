"""One test per detector family: a positive case and the decoys that must not count."""

from __future__ import annotations

from tests.scan.conftest import Scan, lines

PUSH_WORKFLOW = lines(
    "name: build",
    "on:",
    "  push:",
    "    branches: [main]",
    "  pull_request:",
    "jobs:",
    "  test:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - run: python -m pytest -q",
)
TRACKING = lines(
    "import mlflow", "", "def train():", "    with mlflow.start_run():", "        mlflow.log_metric('auc', 0.9)"
)


def test_a_workflow_triggered_by_changes_proposes_ci_with_its_place(scan_repo: Scan) -> None:
    result = scan_repo({".github/workflows/build and test.yml": PUSH_WORKFLOW})
    ci = result.proposals["app_ci_builds"]
    assert (ci.answer, ci.confidence) == ("mostly", "medium")
    assert ci.findings[0].where == ".github/workflows/build and test.yml:11"  # a file name with spaces
    assert ci.findings[0].reason == "CI builds or tests on every change"
    assert result.proposals["app_unit_tests"].answer == "mostly"  # CI runs pytest
    assert result.proposals["app_unit_tests"].findings[0].line == 11


def test_a_commented_out_or_never_triggered_workflow_is_not_ci(scan_repo: Scan) -> None:
    commented = "".join(f"# {line}\n" for line in PUSH_WORKFLOW.splitlines())
    manual = PUSH_WORKFLOW.replace("  push:\n    branches: [main]\n  pull_request:\n", "  workflow_dispatch:\n")
    result = scan_repo(
        {
            ".github/workflows/old.yml": commented,
            ".github/workflows/manual.yml": manual,
            "README.md": "We use GitHub Actions and pytest in CI.\n",
            "Makefile": "ci:\n\tpytest\n\tmlflow ui\n",
        }
    )
    assert "app_ci_builds" not in result.proposals
    assert "app_unit_tests" not in result.proposals
    inactive = result.inactive["app_ci_builds"]
    assert {finding.path for finding in inactive} == {".github/workflows/manual.yml"}
    assert "no push or pull_request trigger" in (inactive[0].inactive or "")


def test_ci_defined_in_cdk_code_counts(scan_repo: Scan) -> None:
    stack = lines(
        "from aws_cdk import Stack, pipelines",
        "",
        "class PipelineStack(Stack):",
        "    def __init__(self, scope, name):",
        "        super().__init__(scope, name)",
        "        pipelines.CodePipeline(self, 'Pipeline', synth=pipelines.ShellStep(",
        "            'Synth', input=source, commands=['pip install -r requirements.txt', 'pytest', 'cdk synth']))",
    )
    result = scan_repo({"infra/pipeline_stack.py": stack})
    assert result.proposals["app_ci_builds"].findings[0].where == "infra/pipeline_stack.py:6"
    assert result.proposals["app_unit_tests"].answer == "mostly"
    assert result.proposals["model_environments"].findings[0].detector == "aws_cdk"


def test_gitlab_ci_counts_at_the_root_only(scan_repo: Scan) -> None:
    job = lines("test:", "  image: python:3.11", "  script:", "    - pytest")
    assert "app_ci_builds" not in scan_repo({"templates/ml.gitlab-ci.yml": job}).proposals
    assert scan_repo({".gitlab-ci.yml": job}).proposals["app_ci_builds"].answer == "mostly"


def test_tests_pytest_collects_count_and_unconventional_names_are_inactive(scan_repo: Scan) -> None:
    test = lines("def test_scores_a_row():", "    assert score({'a': 1}) == 0.5")
    found = scan_repo({"tests/test_scoring.py": test})
    assert found.proposals["app_unit_tests"].answer == "partially"
    assert found.proposals["app_unit_tests"].findings[0].where == "tests/test_scoring.py:1"
    unusual = scan_repo({"checks/scoring_tests.py": test})
    assert "app_unit_tests" not in unusual.proposals
    assert "python_files" in (unusual.inactive["app_unit_tests"][0].inactive or "")


def test_integration_tests(scan_repo: Scan) -> None:
    test = lines("def test_the_api_answers(client):", "    assert client.get('/predict').status_code == 200")
    result = scan_repo({"tests/integration/test_api.py": test, "docs/testing.md": "integration tests with pytest\n"})
    assert result.proposals["app_integration_tests"].findings[0].where == "tests/integration/test_api.py:1"
    assert "app_integration_tests" not in scan_repo({"tests/test_unit.py": test}).proposals


def test_experiment_tracking_in_code_and_notebooks_not_in_prose_locks_or_checkpoints(scan_repo: Scan) -> None:
    notebook = '{"cells": [{"cell_type": "code", "source": [\n    "import wandb\\n",\n    "wandb.init(project=\\"churn\\")\\n"\n]}]}\n'
    decoys: dict[str, str | bytes] = {
        "README.md": "Experiments are tracked with MLflow: mlflow.log_metric('auc', 0.9)\n",
        "docs/tracking.py": TRACKING,
        "course/lesson3.py": TRACKING,
        ".gitignore": "mlruns/\nwandb/\n",
        "poetry.lock": '[[package]]\nname = "mlflow"\n',
        "requirements.txt": "mlflow==2.9\n",
        "Makefile": "ui:\n\tmlflow ui\n",
        "notebooks/.ipynb_checkpoints/explore-checkpoint.ipynb": notebook,
        "src/old.py": "".join(f"# {line}\n" for line in TRACKING.splitlines()),
        "tests/test_train.py": TRACKING,
    }
    assert "experiment_tracking" not in scan_repo(decoys).proposals
    assert scan_repo({"src/train.py": TRACKING}).proposals["experiment_tracking"].findings[0].where == "src/train.py:4"
    from_notebook = scan_repo({"notebooks/explore.ipynb": notebook}).proposals["experiment_tracking"]
    assert from_notebook.findings[0].where == "notebooks/explore.ipynb:3"


def test_an_orchestrator_counts_and_a_scikit_learn_pipeline_does_not(scan_repo: Scan) -> None:
    sklearn = lines(
        "from sklearn.pipeline import Pipeline",
        "model = Pipeline([('scale', StandardScaler()), ('fit', LogisticRegression())])",
    )
    assert "training_pipeline" not in scan_repo({"src/model.py": sklearn}).proposals
    kfp = lines("from kfp import dsl", "", "@dsl.pipeline(name='train')", "def pipeline():", "    train_op()")
    assert (
        scan_repo({"pipelines/train.py": kfp}).proposals["training_pipeline"].findings[0].detector
        == "kubeflow_pipelines"
    )
    dvc = lines("stages:", "  train:", "    cmd: python train.py", "    deps: [data]")
    assert scan_repo({"dvc.yaml": dvc}).proposals["training_pipeline"].findings[0].where == "dvc.yaml:1"


def test_a_model_registry_in_code_or_git_tags_not_a_feature_store_registry(scan_repo: Scan) -> None:
    feast = lines("project: churn", "registry: data/registry.db", "provider: local")
    result = scan_repo({"features/feature_store.yaml": feast})
    assert "model_registry" not in result.proposals
    assert result.proposals["feature_store"].findings[0].where == "features/feature_store.yaml:1"  # in a subfolder
    registered = lines("import mlflow", "mlflow.register_model(f'runs:/{run_id}/model', 'churn')")
    assert scan_repo({"src/register.py": registered}).proposals["model_registry"].findings[0].line == 2
    tags = "# pack-refs with: peeled fully-peeled sorted\n" + "a" * 40 + " refs/tags/churn@v1.2.0\n"
    tagged = scan_repo({".git/packed-refs": tags, ".git/config": "[core]\n\tbare = false\n"})
    assert tagged.proposals["model_registry"].findings[0].where == ".git/packed-refs:2"
    plain_tags = scan_repo({".git/packed-refs": "a" * 40 + " refs/tags/v1.2.0\n"})
    assert "model_registry" not in plain_tags.proposals


def test_data_validation_and_a_validation_that_does_not_stop_the_run(scan_repo: Scan) -> None:
    validate = lines(
        "import great_expectations as gx",
        "context = gx.get_context()",
        "result = context.run_checkpoint(checkpoint_name='training_data')",
    )
    assert scan_repo({"pipeline/validate.py": validate}).proposals["data_validation"].findings[0].line == 2
    lenient = validate.replace("'training_data')", "'training_data', raise_on_failure=False)")
    result = scan_repo({"pipeline/validate.py": lenient})
    assert "data_validation" not in result.proposals
    assert result.inactive["data_validation"][0].line == 3
    # A lenient checkpoint beside a strict one: the strict one still stops the run.
    both = validate + "context.run_checkpoint(checkpoint_name='x', raise_on_failure=False)\n"
    assert scan_repo({"pipeline/validate.py": both}).proposals["data_validation"].findings[0].line == 3


def test_model_validation_gates_and_gates_switched_off(scan_repo: Scan) -> None:
    gate = lines(
        "from sagemaker.workflow.condition_step import ConditionStep",
        "from sagemaker.workflow.conditions import ConditionGreaterThanOrEqualTo",
        "step = ConditionStep(name='AucGate', conditions=[ConditionGreaterThanOrEqualTo(auc, 0.8)], if_steps=[register])",
    )
    assert scan_repo({"pipelines/gate.py": gate}).proposals["model_validation"].findings[0].line == 3
    skipped = lines(
        "from sagemaker.workflow.quality_check_step import QualityCheckStep",
        "check = QualityCheckStep(name='ModelQuality', quality_check_config=model_quality_config, skip_check=True)",
    )
    result = scan_repo({"pipelines/check.py": skipped})
    assert "model_validation" not in result.proposals
    assert "skip_check=True" in (result.inactive["model_validation"][0].inactive or "")
    forced = lines(
        "FORCE_PROMOTE = True",
        "def promote(metrics):",
        "    if metrics['auc'] < 0.8 and not FORCE_PROMOTE:",
        "        raise SystemExit('model below threshold, not promoted')",
        "    register(model)",
    )
    forced_result = scan_repo({"src/promote.py": forced})
    assert "model_validation" not in forced_result.proposals
    assert forced_result.inactive["model_validation"][0].where == "src/promote.py:1"
    kept = forced.replace("FORCE_PROMOTE = True", "FORCE_PROMOTE = False")
    assert scan_repo({"src/promote.py": kept}).proposals["model_validation"].findings[0].line == 3


def test_serving_definitions_not_docs(scan_repo: Scan) -> None:
    kserve = lines("apiVersion: serving.kserve.io/v1beta1", "kind: InferenceService", "metadata:", "  name: churn")
    assert scan_repo({"deploy/isvc.yaml": kserve}).proposals["scoring_code_versioned"].findings[0].line == 2
    assert "scoring_code_versioned" not in scan_repo({"docs/serving.yaml": kserve}).proposals


def test_drift_monitoring_not_a_dependency_list(scan_repo: Scan) -> None:
    drift = lines(
        "from evidently.report import Report",
        "from evidently.metric_preset import DataDriftPreset",
        "report = Report(metrics=[DataDriftPreset()])",
    )
    assert scan_repo({"monitoring/drift.py": drift}).proposals["drift_monitoring"].findings[0].line == 1
    assert (
        "drift_monitoring"
        not in scan_repo({"requirements.txt": "evidently\n", "pyproject.toml": "evidently\n"}).proposals
    )


def test_scheduled_retraining_not_any_schedule(scan_repo: Scan) -> None:
    nightly = lines(
        "on:",
        "  schedule:",
        "    - cron: '0 3 * * 1'",
        "jobs:",
        "  train:",
        "    steps:",
        "      - run: python train.py",
    )
    assert scan_repo({".github/workflows/retrain.yml": nightly}).proposals["continuous_training"].findings[0].line == 3
    deps = lines(
        "on:", "  schedule:", "    - cron: '0 3 * * 1'", "jobs:", "  update:", "    steps:", "      - run: pip-compile"
    )
    assert "continuous_training" not in scan_repo({".github/workflows/deps.yml": deps}).proposals


def test_a_canary_split_counts_and_blue_at_100_percent_does_not(scan_repo: Scan) -> None:
    split = lines(
        "apiVersion: networking.istio.io/v1beta1",
        "kind: VirtualService",
        "spec:",
        "  http:",
        "    - route:",
        "        - destination: {host: churn-v1}",
        "          weight: 90",
        "        - destination: {host: churn-v2}",
        "          weight: 10",
    )
    assert scan_repo({"deploy/split.yaml": split}).proposals["online_experiments"].findings[0].line == 7
    blue = {
        "deploy/endpoint.py": "endpoint.traffic = {'blue': 100}\nml_client.online_endpoints.begin_create_or_update(endpoint)\n",
        "deploy/release.sh": 'az ml online-endpoint update --name churn --traffic "blue=100"\n',
        "deploy/vs.yaml": split.replace("weight: 10", "weight: 0").replace("weight: 90", "weight: 100"),
    }
    assert "online_experiments" not in scan_repo(blue).proposals
    green = {"deploy/endpoint.py": "endpoint.traffic = {'blue': 90, 'green': 10}\n"}
    assert scan_repo(green).proposals["online_experiments"].findings[0].where == "deploy/endpoint.py:1"


def test_infrastructure_and_data_versioning(scan_repo: Scan) -> None:
    result = scan_repo(
        {
            "infra/main.tf": 'resource "aws_s3_bucket" "data" {\n  bucket = "churn-data"\n}\n',
            "data/raw.csv.dvc": "outs:\n- md5: 3f2a\n  path: raw.csv\n",
            "serving/Dockerfile": "# the scoring image\nFROM python:3.11-slim\n",
        }
    )
    containers = next(practice for practice in result.practices if practice.id == "containers")
    assert [finding.where for finding in containers.findings] == ["serving/Dockerfile:2"]
    assert result.proposals["model_environments"].findings[0].where == "infra/main.tf:1"
    assert result.proposals["deployment_traceability"].findings[0].where == "data/raw.csv.dvc:1"
    decoys = scan_repo(
        {".terraform.lock.hcl": 'provider "aws" {}\n', ".dvcignore": "*.tmp\n", "Dockerfile": "# FROM x\n"}
    )
    assert not decoys.proposals
    assert not any(practice.findings for practice in decoys.practices)


def test_a_canary_rollout_proposes_online_validation_apart_from_an_ab_test(scan_repo: Scan) -> None:
    rollout = lines(
        "apiVersion: argoproj.io/v1alpha1",
        "kind: Rollout",
        "metadata: {name: churn}",
        "spec:",
        "  strategy:",
        "    canary:",
        "      steps: [{setWeight: 10}, {pause: {duration: 10m}}]",
    )
    proposals = scan_repo({"deploy/rollout.yaml": rollout}).proposals
    # Google's online validation: the new model goes to part of the traffic first.
    assert proposals["online_validation"].answer == "partially"
    assert proposals["online_validation"].findings[0].where == "deploy/rollout.yaml:2"
    # Microsoft's A/B test of model performance: a person must say whether performance decides.
    assert proposals["online_experiments"].confidence == "low"
