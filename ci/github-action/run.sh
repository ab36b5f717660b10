#!/usr/bin/env bash
# The work of the GitHub action (action.yml at the repository root), in one script that a
# test runs with fake GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
#
# Scores the answers files with annotations on the pull request's diff (`--format github`),
# appends the short report to the job summary, writes the JSON result and the reports to
# the report folder, and sets the outputs. It exits with score's exit code (1: a gate
# failed, 2: an answers file is invalid) only after all of that is written.
#
# Inputs, from the environment:
#   INPUT_ANSWERS     answers files or globs (`**` too), separated by spaces or new lines
#   INPUT_FAIL_UNDER  thresholds such as "microsoft=3 google=1" (spaces or commas)
#   INPUT_REPORT      "true": the markdown and HTML reports of each file scored
#   INPUT_SUMMARY     "true": the short report in the job summary
#   REPORT_DIR        where the result and the reports go
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}"
report_dir="${REPORT_DIR:-${RUNNER_TEMP:-/tmp}/mlops-maturity-report}"

fail() {  # an annotation that fails the step, for inputs the tool never sees
  local message="${1//%/%25}"
  message="${message//$'\r'/%0D}"
  echo "::error title=mlops-maturity action::${message//$'\n'/%0A}"
  [[ -z ${GITHUB_OUTPUT:-} ]] || echo "exit-code=2" >>"$GITHUB_OUTPUT"
  exit 2
}

# Answers files: each word of the input, a glob expanded here (bash 3.2 on macOS has no
# globstar: there `**` matches like `*`).
shopt -s nullglob
shopt -s globstar 2>/dev/null || true
files=()
set -f
words=(${INPUT_ANSWERS:-})
set +f
for word in ${words[@]+"${words[@]}"}; do
  if [[ $word == *[*?[]* ]]; then
    matches=($word)
    [[ ${#matches[@]} -gt 0 ]] || fail "answers: no file matches '$word'"
    files+=("${matches[@]}")
  else
    files+=("$word")
  fi
done
[[ ${#files[@]} -gt 0 ]] || fail "answers: name at least one answers file (the 'answers' input)"

gates=()
fail_under="${INPUT_FAIL_UNDER:-}"
set -f
for threshold in ${fail_under//,/ }; do
  gates+=(--fail-under "$threshold")
done
set +f

summary=()
[[ ${INPUT_SUMMARY:-true} != true ]] || summary=(--github-summary)

status=0
worst() {  # the run's exit code is the worst of its steps'
  [[ $status -ge $1 ]] || status=$1
}

mkdir -p "$report_dir"
code=0
# NOTE: `--` before the files: a file a glob matched may be named like an option (`--format=x-answers.yaml`).
mlops-maturity score ${gates[@]+"${gates[@]}"} --format github ${summary[@]+"${summary[@]}"} -- "${files[@]}" || code=$?
worst "$code"

# The result, for the outputs and the artifact; its messages were shown by the run above.
result="$report_dir/result.json"
scored_list="$(mktemp)"
trap 'rm -f "$scored_list"' EXIT
code=0
mlops-maturity score ${gates[@]+"${gates[@]}"} --format json --array -- "${files[@]}" >"$result" 2>/dev/null || code=$?
if [[ $code -gt 2 ]]; then
  worst "$code"
  echo "::error title=mlops-maturity action::the JSON result could not be made (score exited $code)"
elif [[ ! -s $result ]]; then
  rm -f "$result"  # nothing was scored: a usage error, which the first run showed
elif ! python "$action_path/ci/github-action/outputs.py" "$result" >"$scored_list"; then
  worst 3
  echo "::error title=mlops-maturity action::the outputs could not be set from $result"
elif [[ ${INPUT_REPORT:-true} == true ]]; then
  # Each file scored and its reports' name, unique and accepted by upload-artifact (report_names.py).
  while IFS= read -r -d '' path && IFS= read -r -d '' name; do
    code=0
    mlops-maturity report --format markdown -o "$report_dir/$name.md" -- "$path" || code=$?
    worst "$code"
    code=0
    mlops-maturity report --format html -o "$report_dir/$name.html" -- "$path" || code=$?
    worst "$code"
  done <"$scored_list"
fi

echo "report-dir=$report_dir" >>"$GITHUB_OUTPUT"
echo "exit-code=$status" >>"$GITHUB_OUTPUT"
exit "$status"
