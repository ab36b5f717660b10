"""`mlops-maturity assess`: the interactive questionnaire, resumable at any point."""

import contextlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from mlops_maturity.cli.common import (
    ModelOption,
    QuestionnairesOption,
    handle_errors,
    load_questionnaires,
    refuse_overwriting,
    selected_models,
)
from mlops_maturity.errors import ExitCode, UsageError

DEFAULT_OUTPUT = Path("mlops-maturity-answers.yaml")


def assess(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Answers file to write after every answer; an existing one is resumed."),
    ] = DEFAULT_OUTPUT,
    model: ModelOption = None,
    team: Annotated[
        str | None, typer.Option("--team", help="Team name (asked for when not given).", show_default=False)
    ] = None,
    assessor: Annotated[
        str | None, typer.Option("--assessor", help="Who answers, optionally with their role.", show_default=False)
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Also write the markdown report here at the end.", show_default=False),
    ] = None,
    restart: Annotated[
        bool, typer.Option("--restart", help="Start over; an existing answers file is kept as FILE.bak.")
    ] = False,
    review: Annotated[
        bool,
        typer.Option("--review", help="Go through every question of an existing file again; Enter keeps an answer."),
    ] = False,
    force_interactive: Annotated[bool, typer.Option("--force-interactive", hidden=True)] = False,
    questionnaires_option: QuestionnairesOption = None,
) -> None:
    """Answer the questionnaire in the terminal (about 15 minutes).

    One question at a time. Type a choice's number (or its word) and Enter
    to answer and move on. Keys: ? help · b back · s skip · n note and
    evidence · q save and quit.

    Every answer is saved to the answers file at once, so nothing is lost on
    Ctrl-C or a closed terminal. Run the same command again to resume at the
    first unanswered question; --review goes through every answer again.
    At the end: both levels, the blocking gaps and the first next steps.

        mlops-maturity assess --team Fraud -o fraud.yaml --report fraud.md

    Not for scripts: without a terminal, use `template` and `score`.
    """
    with handle_errors():
        if not (sys.stdin.isatty() or force_interactive):
            raise UsageError(
                "assess is interactive and needs a terminal on standard input; for a script or CI, "
                "fill in `mlops-maturity template > answers.yaml` and run `mlops-maturity score answers.yaml`"
            )
        from mlops_maturity.cli.consoles import print_result
        from mlops_maturity.engine.scoring import score
        from mlops_maturity.interactive.flow import QuitRequested, run_questions
        from mlops_maturity.interactive.opening import open_session
        from mlops_maturity.interactive.screens import Terminal
        from mlops_maturity.interactive.signals import StopSignals
        from mlops_maturity.report.terminal import render_summary

        questionnaires = load_questionnaires(questionnaires_option)
        model_ids = selected_models(questionnaires, model)
        refuse_overwriting(report, output, "--report")
        if report is not None:
            from mlops_maturity.files import check_writable

            check_writable(report)  # now, not after fifteen minutes of questions
        opened = open_session(
            output, questionnaires, model_ids, team=team, assessor=assessor, restart=restart, review=review
        )
        session = opened.session
        terminal = Terminal()
        resume_command = _resume_command(output, model, questionnaires_option)
        with StopSignals() as signals:
            try:
                intro: list[str] = []
                if opened.backup is not None:
                    intro.append(f"Started over; the previous answers are kept in {opened.backup}.")
                if opened.resumed:
                    answered = f"{session.answered} of {len(session.questions)} questions answered"
                    if review:
                        intro.append(f"Reviewing {output}: {answered}; Enter keeps each answer.")
                    elif session.index < len(session.questions):
                        intro.append(f"Resuming {output}: {answered}; continuing at question {session.index + 1}.")
                    else:
                        intro.append(f"Resuming {output}: {answered}, all of them (--review to change some).")
                else:
                    intro.append(f"Answers are saved to {output} after every answer.")
                    if questionnaires.bank.instructions:
                        intro.append(questionnaires.bank.instructions)
                    if not session.team.strip():
                        terminal.say("\n".join(intro))  # seen while the team name is asked
                    while not session.team.strip():
                        session.team = terminal.ask("Team name: ").strip()
                    session.save()
                if session.index >= len(session.questions):
                    terminal.say("\n".join(intro))
                run_questions(session, terminal, intro="\n".join(intro))
            except QuitRequested:
                terminal.say(f"\nSaved {session.answered} answer(s) to {output}.\nResume with: {resume_command}")
                return
            except (KeyboardInterrupt, EOFError):  # Ctrl-C, end of input, SIGTERM, SIGHUP
                # NOTE: not contextlib.suppress: a signal can land while its constructor runs,
                # before the with-block guards anything; a try is in force at once.
                try:  # noqa: SIM105
                    signals.stopping()  # from here on, further signals are ignored
                except KeyboardInterrupt:
                    pass  # a closed terminal ends the input and sends SIGHUP, in either order
                message = (
                    f"\nInterrupted. Your answers are saved in {output}.\nResume with: {resume_command}"
                    if output.exists()
                    else f"\nInterrupted before anything was saved.\nStart again with: {resume_command}"
                )
                # After SIGHUP the terminal is usually gone and writing to it fails: the file is safe anyway.
                with contextlib.suppress(OSError):
                    terminal.say(message)
                # NOTE: every interruption (Ctrl-C, end of input, SIGTERM, a closed terminal) exits
                # 130, one of the five documented codes; the answers are saved in every case.
                raise typer.Exit(int(ExitCode.INTERRUPTED)) from None

        answers = session.answers_file()
        assessment = score(questionnaires, answers, model_ids, answers_file=str(output))
        terminal.new_screen()
        print_result(render_summary(assessment))
        terminal.say(f"\nAnswers saved in {output}. Score them again with: mlops-maturity score {output}")
        if report is not None:
            from mlops_maturity.files import write_text_atomic
            from mlops_maturity.report.markdown import render_markdown

            write_text_atomic(report, render_markdown(assessment))
            terminal.say(f"Report written to {report}.")


def _resume_command(output: Path, model: list[str] | None, questionnaires: Path | None) -> str:
    import shlex

    parts = ["mlops-maturity", "assess", "-o", shlex.quote(str(output))]
    if questionnaires is not None:
        # Without it, the shipped questionnaire would refuse a file answered against another one.
        parts += ["--questionnaires", shlex.quote(str(questionnaires))]
    for name in model or []:
        parts += ["--model", shlex.quote(name)]
    return " ".join(parts)
