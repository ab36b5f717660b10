"""Fixtures of the detectors added for issue 22: where each finds its practice, and its switched-off variant."""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.scan.conftest import lines


@dataclass(frozen=True)
class Case:
    """A repository where a detector finds its practice (`question` at `where`), and its variant switched off."""

    name: str
    detector: str
    question: str
    files: dict[str, str]
    where: str
    """`path:line` of the evidence."""
    inactive: dict[str, str] = field(default_factory=dict)
    """The same repository with the practice switched off (empty: the tool has no switch)."""
    inactive_reason: str = ""


SAM_CANARY = lines(
    "Transform: AWS::Serverless-2016-10-31",
    "Resources:",
    "  PredictFunction:",
    "    Type: AWS::Serverless::Function",
    "    Properties:",
    "      Handler: app.handler",
    "      AutoPublishAlias: live",
    "      DeploymentPreference:",
    "        Type: Canary10Percent5Minutes",
    "        Alarms: [!Ref ErrorsAlarm]",
)
CFN_ENDPOINT = lines(
    "AWSTemplateFormatVersion: '2010-09-09'",
    "Resources:",
    "  EndpointConfig:",
    "    Type: AWS::SageMaker::EndpointConfig",
    "    Properties:",
    "      ProductionVariants: [{ModelName: !Ref Model, VariantName: AllTraffic, InitialInstanceCount: 1}]",
    "      DataCaptureConfig:",
    "        EnableCapture: true",
    "        InitialSamplingPercentage: 100",
    "  Endpoint:",
    "    Type: AWS::SageMaker::Endpoint",
    "    Properties: {EndpointConfigName: !GetAtt EndpointConfig.EndpointConfigName}",
    "  Monitor:",
    "    Type: AWS::SageMaker::MonitoringSchedule",
    "    Properties: {MonitoringScheduleName: churn-drift}",
)
CFN_RULES = lines(
    "Resources:",
    "  RetrainNightly:",
    "    Type: AWS::Events::Rule",
    "    Properties:",
    "      ScheduleExpression: cron(0 3 * * ? *)",
    "      State: ENABLED",
    "      Targets:",
    "        - Arn: !Sub arn:aws:sagemaker:${AWS::Region}:${AWS::AccountId}:pipeline/churn-train",
    "          SageMakerPipelineParameters: {PipelineParameterList: []}",
    "  RetrainOnDrift:",
    "    Type: AWS::Events::Rule",
    "    Properties:",
    "      EventPattern:",
    "        source: [aws.cloudwatch]",
    "        detail-type: [CloudWatch Alarm State Change]",
    "      Targets:",
    "        - Arn: !Sub arn:aws:sagemaker:${AWS::Region}:${AWS::AccountId}:pipeline/churn-train",
)
CDK_STACK = lines(
    "from aws_cdk import Stack, aws_sagemaker as sagemaker, aws_events as events",
    "from aws_cdk import aws_stepfunctions_tasks as tasks",
    "",
    "class ChurnStack(Stack):",
    "    def __init__(self, scope, name):",
    "        super().__init__(scope, name)",
    "        train = tasks.SageMakerCreateTrainingJob(self, 'Train', training_job_name='churn')",
    "        config = sagemaker.CfnEndpointConfig(",
    "            self,",
    "            'Config',",
    "            data_capture_config=sagemaker.CfnEndpointConfig.DataCaptureConfigProperty(",
    "                enable_capture=True,",
    "                initial_sampling_percentage=100,",
    "            ),",
    "        )",
    "        endpoint = sagemaker.CfnEndpoint(self, 'Endpoint', endpoint_config_name=config.attr_endpoint_config_name)",
    "        sagemaker.CfnMonitoringSchedule(self, 'Drift', monitoring_schedule_name='churn-drift')",
    "        rule = events.Rule(",
    "            self,",
    "            'Retrain',",
    "            schedule=events.Schedule.rate(Duration.days(7)),",
    "            targets=[targets.SageMakerPipeline(pipeline)],",
    "        )",
)
CDK_TYPESCRIPT = lines(
    "import * as cdk from 'aws-cdk-lib';",
    "import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';",
    "",
    "new codedeploy.LambdaDeploymentGroup(this, 'Predict', {",
    "  alias,",
    "  deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,",
    "});",
)
TERRAFORM = lines(
    'resource "aws_sagemaker_endpoint" "churn" {',
    '  name                 = "churn"',
    "  endpoint_config_name = aws_sagemaker_endpoint_configuration.churn.name",
    "}",
    "",
    'resource "google_cloud_scheduler_job" "retrain" {',
    '  schedule = "0 3 * * 1"',
    "  pubsub_target {",
    "    topic_name = google_pubsub_topic.retrain.id",
    "  }",
    "}",
)
STEP_FUNCTIONS = lines(
    "from stepfunctions.steps import Chain, TrainingStep, ModelStep",
    "from stepfunctions.workflow import Workflow",
    "",
    "training = TrainingStep('Train', estimator=estimator, data=inputs, job_name=job_name)",
    "workflow = Workflow(name='churn', definition=Chain([training, ModelStep('Save', model=training.get_expected_model())]), role=role)",
    "workflow.create()",
)
PREFECT = lines(
    "from prefect import flow",
    "",
    "@flow",
    "def train_churn_model():",
    "    fit()",
    "",
    "if __name__ == '__main__':",
    "    train_churn_model.serve(",
    "        name='nightly-training',",
    "        cron='0 3 * * *',",
    "    )",
)
AIRFLOW = lines(
    "from datetime import timedelta",
    "from airflow import DAG",
    "from airflow.operators.python import PythonOperator",
    "",
    "with DAG('retrain', schedule=timedelta(days=1), catchup=False) as dag:",
    "    PythonOperator(task_id='train', python_callable=train)",
)
DAGSTER = lines(
    "from dagster import ScheduleDefinition, define_asset_job",
    "",
    "train_job = define_asset_job('train_model')",
    "nightly = ScheduleDefinition(job=train_job, cron_schedule='0 3 * * *')",
)
KUBEFLOW = lines(
    "import kfp",
    "",
    "client = kfp.Client()",
    "client.create_recurring_run(",
    "    experiment_id=experiment.experiment_id,",
    "    job_name='weekly-train',",
    "    cron_expression='0 0 3 * * 1',",
    "    pipeline_package_path='train_pipeline.yaml',",
    ")",
)
PUBSUB = lines(
    "from google.cloud import aiplatform",
    "",
    "def trigger_pipeline(event, context):",
    "    job = aiplatform.PipelineJob(display_name='retrain', template_path='gs://bucket/pipeline.json')",
    "    job.submit()",
)
ZENML = lines(
    "from zenml import Model, pipeline",
    "",
    "@pipeline(enable_cache=False, model=Model(name='churn', license='MIT'))",
    "def training_pipeline():",
    "    model = trainer(data_loader())",
)
DVC_REGISTRY = lines(
    "stages:",
    "  train:",
    "    cmd: python src/train.py",
    "artifacts:",
    "  churn-model:",
    "    path: models/model.pkl",
    "    type: model",
)
DVCLIVE = lines(
    "from dvclive import Live",
    "",
    "with Live('eval', dvcyaml=False) as live:",
    "    live.summary['auc'] = auc",
    "    live.log_sklearn_plot('roc', y, scores)",
)
FLASK = lines(
    "import joblib",
    "from flask import Flask, jsonify, request",
    "",
    "app = Flask(__name__)",
    "model = joblib.load('model.joblib')",
    "",
    "@app.route('/predict', methods=['POST'])",
    "def predict():",
    "    return jsonify(model.predict([request.json['features']]).tolist())",
)
LAMBDA = lines(
    "import mlflow",
    "",
    "model = mlflow.pyfunc.load_model('s3://models/churn/1')",
    "",
    "def lambda_handler(event, context):",
    "    return {'prediction': model.predict(event['features']).tolist()}",
)
ALIASED = lines(
    "from google.cloud import aiplatform as vertex_ai",
    "import mlflow as mf",
    "",
    "vertex_ai.init(project='churn', experiment='tuning')",
    "vertex_ai.start_run('run-1')",
    "mf.log_metric('auc', 0.91)",
)

CASES = [
    Case("SAM canary", "codedeploy_traffic_shifting", "online_validation", {"template.yaml": SAM_CANARY}, "template.yaml:9",
         {"template.yaml": SAM_CANARY.replace("Minutes\n", "Minutes\n        Enabled: false\n")}, "Enabled: false"),
    Case("CDK TypeScript linear deployment", "codedeploy_traffic_shifting", "zero_downtime_releases",
         {"infra/stack.ts": CDK_TYPESCRIPT}, "infra/stack.ts:6"),
    Case("CloudFormation endpoint", "endpoints_as_code", "scoring_code_versioned", {"infra/model.yaml": CFN_ENDPOINT},
         "infra/model.yaml:11"),
    Case("CloudFormation data capture", "data_capture_as_code", "prediction_logging", {"infra/model.yaml": CFN_ENDPOINT},
         "infra/model.yaml:7", {"infra/model.yaml": CFN_ENDPOINT.replace("EnableCapture: true", "EnableCapture: false")},
         "EnableCapture: false"),
    Case("CloudFormation monitoring schedule", "monitoring_schedule_as_code", "drift_monitoring",
         {"infra/model.yaml": CFN_ENDPOINT}, "infra/model.yaml:14"),
    Case("EventBridge schedule", "cloud_rule_retraining", "continuous_training", {"infra/rules.yaml": CFN_RULES},
         "infra/rules.yaml:3", {"infra/rules.yaml": CFN_RULES.replace("State: ENABLED", "State: DISABLED")}, "DISABLED"),
    Case("EventBridge rule on a drift alarm", "drift_alarm_retraining", "retraining_triggered_by_monitoring",
         {"infra/rules.yaml": CFN_RULES}, "infra/rules.yaml:15",
         {"infra/rules.yaml": CFN_RULES.replace("      EventPattern:", "      State: DISABLED\n      EventPattern:")}, "DISABLED"),
    Case("CDK training job", "training_jobs_as_code", "managed_compute", {"infra/stack.py": CDK_STACK}, "infra/stack.py:7"),
    Case("CDK endpoint", "endpoints_as_code", "scoring_code_versioned", {"infra/stack.py": CDK_STACK}, "infra/stack.py:16"),
    Case("CDK data capture", "data_capture_as_code", "prediction_logging", {"infra/stack.py": CDK_STACK}, "infra/stack.py:11",
         {"infra/stack.py": CDK_STACK.replace("enable_capture=True", "enable_capture=False")}, "enable_capture"),
    Case("CDK monitoring schedule", "monitoring_schedule_as_code", "drift_monitoring", {"infra/stack.py": CDK_STACK},
         "infra/stack.py:17"),
    Case("CDK scheduled rule", "cloud_rule_retraining", "continuous_training", {"infra/stack.py": CDK_STACK},
         "infra/stack.py:21", {"infra/stack.py": CDK_STACK.replace("'Retrain',", "'Retrain',\n            enabled=False,")},
         "disabled"),
    Case("Terraform endpoint", "endpoints_as_code", "scoring_code_versioned", {"infra/main.tf": TERRAFORM}, "infra/main.tf:1",
         {"infra/main.tf": TERRAFORM.replace('  name                 = "churn"', '  count = 0')}, "count = 0"),
    Case("Terraform scheduler", "cloud_scheduled_runs", "continuous_training", {"infra/main.tf": TERRAFORM},
         "infra/main.tf:6", {"infra/main.tf": TERRAFORM.replace('  schedule = "0 3 * * 1"', '  paused = true')}, "paused"),
    Case("Step Functions Data Science SDK", "step_functions_workflow", "training_pipeline", {"pipelines/sfn.py": STEP_FUNCTIONS},
         "pipelines/sfn.py:1", {"pipelines/sfn.py": STEP_FUNCTIONS.replace("workflow.create()", "print(workflow.definition)")},
         "never created"),
    Case("Prefect deployment", "orchestrator_schedule", "continuous_training", {"flows/train.py": PREFECT}, "flows/train.py:8",
         {"flows/train.py": PREFECT.replace("cron='0 3 * * *',", "cron='0 3 * * *', paused=True,")}, "paused"),
    Case("Airflow schedule", "orchestrator_schedule", "continuous_training", {"dags/retrain.py": AIRFLOW}, "dags/retrain.py:5",
         {"dags/retrain.py": AIRFLOW.replace("schedule=timedelta(days=1)", "schedule=None")}, "schedule=None"),
    Case("Dagster schedule", "orchestrator_schedule", "continuous_training", {"jobs/schedules.py": DAGSTER},
         "jobs/schedules.py:4",
         {"jobs/schedules.py": DAGSTER.replace("'0 3 * * *')", "'0 3 * * *', default_status=DefaultScheduleStatus.STOPPED)")},
         "stopped"),
    Case("Kubeflow recurring run", "orchestrator_schedule", "continuous_training", {"pipelines/schedule.py": KUBEFLOW},
         "pipelines/schedule.py:4",
         {"pipelines/schedule.py": KUBEFLOW.replace("job_name='weekly-train',", "job_name='weekly-train', enabled=False,")},
         "disabled"),
    Case("Pub/Sub-triggered run", "cloud_scheduled_runs", "continuous_training", {"functions/main.py": PUBSUB},
         "functions/main.py:3"),
    Case("ZenML model registry", "zenml_model_registry", "model_registry", {"pipelines/training.py": ZENML},
         "pipelines/training.py:3",
         {"pipelines/training.py": "REGISTER_MODEL = False\n" + ZENML}, "registration is switched off"),
    Case("DVC model registry", "git_tag_registry", "model_registry", {"dvc.yaml": DVC_REGISTRY}, "dvc.yaml:4"),
    Case("DVCLive beyond log_metric", "dvclive", "experiment_tracking", {"src/evaluate.py": DVCLIVE}, "src/evaluate.py:1"),
    Case("Flask prediction service", "model_service_code", "scoring_code_versioned", {"service/app.py": FLASK},
         "service/app.py:7",
         {"service/app.py": FLASK.replace("joblib.load('model.joblib')", "DummyClassifier().fit([[0]], [0]); joblib.load('x')")},
         "stand-in model"),
    Case("Lambda prediction handler", "model_service_code", "scoring_code_versioned", {"lambda_function.py": LAMBDA},
         "lambda_function.py:5",
         {"lambda_function.py": LAMBDA.replace("model = mlflow", "model = MagicMock()\nunused = mlflow")}, "stand-in model"),
    Case("SDKs under an alias", "cloud_experiments", "experiment_tracking", {"src/tune.py": ALIASED}, "src/tune.py:5"),
    Case("MLflow under an alias", "mlflow_tracking", "experiment_tracking", {"src/track.py": ALIASED.replace("vertex_ai.start_run('run-1')\n", "")},
         "src/track.py:5"),
]  # fmt: skip
