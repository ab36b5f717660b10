"""`mlops-maturity assess`: the interactive questionnaire, resumable at any point."""

import contextlib
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mlops_maturity.cli.common import (
    LanguageOption,
    ModelOption,
    QuestionnairesOption,
    handle_errors,
    load_questionnaires,
    refuse_overwriting,
    selected_models,
    speak,
    tell_migration,
)
from mlops_maturity.errors import ExitCode, UsageError
from mlops_maturity.messages import _

if TYPE_CHECKING:
    from mlops_maturity.answers.model import Answer
    from mlops_maturity.interactive.lock import FileChanged
    from mlops_maturity.interactive.opening import Opened
    from mlops_maturity.interactive.screens import Terminal
    from mlops_maturity.interactive.session import Session
    from mlops_maturity.questionnaire.model import QuestionnaireSet

DEFAULT_OUTPUT = Path("mlops-maturity-answers.yaml")


def command_help() -> str:
    """The command's --help text, in the language in use."""
    return _(
        "Answer the questionnaire in the terminal (30 to 45 minutes for a real team).\n"
        "\n"
        "Reading the questions and their help takes about 15 minutes; judging\n"
        "each answer for a real team, 30 to 45. Answers are saved as you go.\n"
        "\n"
        "One question at a time. Type a choice's number, its word or its first\n"
        "letters (m for mostly, n for no) and Enter to answer and move on.\n"
        "Keys: ? help · b back · s skip · + note and evidence · q save and quit.\n"
        "\n"
        "Every answer is saved to the answers file at once, so nothing is lost on\n"
        "Ctrl-C or a closed terminal. Run the same command again to resume: only\n"
        "the questions not answered yet are asked; --review goes through every\n"
        "answer again. One session at a time per file: a second one exits 2.\n"
        "At the end: each model's level and the first next steps (the full\n"
        "report: `mlops-maturity report FILE`, or --report).\n"
        "\n"
        "With --from-scan DRAFT (from `mlops-maturity scan`), each unanswered\n"
        "question starts from the scan's proposal and shows its evidence; an\n"
        "answer that confirms it keeps that evidence, marked as the scan's.\n"
        "\n"
        "    mlops-maturity assess --team Fraud -o fraud.yaml --report fraud.md\n"
        "\n"
        "Not for scripts: without a terminal, use `template` and `score`.\n"
        "\n"
        "With --lang es (or a Spanish locale), every screen and question is in\n"
        "Spanish; the answers file holds the same words as in English."
    )


def assess(
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help=_("Answers file to write after every answer; an existing one is resumed."),
            metavar="FILE",
        ),
    ] = DEFAULT_OUTPUT,
    model: ModelOption = None,
    team: Annotated[
        str | None,
        typer.Option(
            "--team",
            help=_("Team name (asked for when not given; on resume, renames the team)."),
            show_default=False,
            metavar="NAME",
        ),
    ] = None,
    assessor: Annotated[
        str | None,
        typer.Option(
            "--assessor", help=_("Who answers, optionally with their role."), show_default=False, metavar="NAME"
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", help=_("Also write the markdown report here at the end."), show_default=False, metavar="FILE"
        ),
    ] = None,
    restart: Annotated[
        bool,
        typer.Option(
            "--restart",
            help=_("Start over (same team unless --team); an existing answers file is kept as FILE.bak."),
            metavar="",
        ),
    ] = False,
    review: Annotated[
        bool,
        typer.Option(
            "--review",
            help=_("Go through every question of an existing file again; Enter keeps an answer."),
            metavar="",
        ),
    ] = False,
    from_scan: Annotated[
        Path | None,
        typer.Option(
            "--from-scan",
            help=_(
                "A draft from `mlops-maturity scan`: its proposed answers are the defaults of the questions "
                "still unanswered, shown with their evidence; Enter accepts one."
            ),
            show_default=False,
            metavar="DRAFT",
        ),
    ] = None,
    force_interactive: Annotated[bool, typer.Option("--force-interactive", hidden=True)] = False,
    questionnaires_option: QuestionnairesOption = None,
    language: LanguageOption = None,
) -> None:
    """Answer the questionnaire in the terminal: see `command_help` for --help."""
    with handle_errors():
        from mlops_maturity.language import chosen_language
        from mlops_maturity.messages import use_language

        # Chosen first, so that even the refusal below is in the person's language.
        use_language(chosen_language(language, os.environ))
        if not (sys.stdin.isatty() or force_interactive):
            raise UsageError(
                _(
                    "assess is interactive and needs a terminal on standard input; for a script or CI, "
                    "fill in `mlops-maturity template > answers.yaml` and run `mlops-maturity score answers.yaml`"
                )
            )
        from mlops_maturity.cli.consoles import print_result
        from mlops_maturity.engine.scoring import score
        from mlops_maturity.interactive.screens import Terminal
        from mlops_maturity.interactive.summary import short_summary

        team, assessor = _name_option(team, "--team"), _name_option(assessor, "--assessor")
        questionnaires = speak(language, load_questionnaires(questionnaires_option))
        model_ids = selected_models(questionnaires, model)
        refuse_overwriting(report, (output, from_scan), "--report")
        proposals = _proposals(from_scan, output, questionnaires)
        if report is not None:
            from mlops_maturity.files import check_writable

            check_writable(report)  # now, not after half an hour of questions
        session = _run(
            output,
            questionnaires,
            model_ids,
            team=team,
            assessor=assessor,
            restart=restart,
            review=review,
            proposals=proposals,
            resume_command=_resume_command(output, model, questionnaires_option, report, from_scan, language),
        )
        if session is None:
            return  # saved and quit with q
        answers = session.answers_file()
        assessment = score(questionnaires, answers, model_ids, answers_file=str(output))
        terminal = Terminal()
        terminal.new_screen()
        print_result(short_summary(assessment))
        # The same questionnaire folder, or the commands shown would refuse the file.
        folder = f" --questionnaires {shlex.quote(str(questionnaires_option))}" if questionnaires_option else ""
        saved = _("Answers saved in {file}. Score them again with: {command}").format(
            file=output, command=f"mlops-maturity score {output}{folder}"
        )
        terminal.say(f"\n{saved}")
        if report is not None:
            from mlops_maturity.files import write_text_atomic
            from mlops_maturity.report.markdown import render_markdown

            write_text_atomic(report, render_markdown(assessment))
            terminal.say(_("Report written to {file}: every gap, step and tool.").format(file=report))
        else:
            command = f"mlops-maturity report {shlex.quote(str(output))}{folder} -o report.md"
            terminal.say(_("Every gap, step and tool: {command}").format(command=command))


def _run(
    output: Path,
    questionnaires: "QuestionnaireSet",
    model_ids: tuple[str, ...],
    *,
    team: str | None,
    assessor: str | None,
    restart: bool,
    review: bool,
    proposals: "dict[str, Answer]",
    resume_command: str,
) -> "Session | None":
    """The questions, with the answers file locked; the session, or None after `q`."""
    from mlops_maturity.interactive.flow import QuitRequested, run_questions
    from mlops_maturity.interactive.lock import FileChanged, session_lock
    from mlops_maturity.interactive.opening import check_answers_path, open_session
    from mlops_maturity.interactive.screens import Terminal
    from mlops_maturity.interactive.signals import StopSignals

    terminal = Terminal()
    with StopSignals() as signals:
        session = None
        backup = None
        try:
            check_answers_path(output)  # before its lock file is made beside it
            # NOTE: the lock is taken inside StopSignals: SIGTERM then unwinds and removes it.
            with session_lock(output):
                opened = open_session(
                    output,
                    questionnaires,
                    model_ids,
                    team=team,
                    assessor=assessor,
                    restart=restart,
                    review=review,
                    proposals=proposals,
                )
                session, backup = opened.session, opened.backup
                intro = _start(opened, terminal, output, changed=team is not None or assessor is not None)
                run_questions(session, terminal, intro=intro)
            return session
        except QuitRequested:
            resume = _("Resume with: {command}").format(command=resume_command)
            if output.exists():
                count = session.answered if session else 0
                said = _("Saved {count} answer(s) to {file}.").format(count=count, file=output) + f"\n{resume}"
            else:  # quit at the team name of a new file
                again = _("Start again with: {command}").format(command=resume_command)
                said = _("Quit before anything was saved.") + f"\n{again}"
                if backup is not None:  # a restart moved the old file away before asking
                    said += "\n" + _("The previous answers are kept in {file}.").format(file=backup)
            terminal.say(f"\n{said}")
            return None
        except FileChanged as error:
            raise _kept_elsewhere(error, session) from None
        except (KeyboardInterrupt, EOFError):  # Ctrl-C, end of input, SIGTERM, SIGHUP
            # NOTE: not contextlib.suppress: a signal can land while its constructor runs,
            # before the with-block guards anything; a try is in force at once.
            try:  # noqa: SIM105
                signals.stopping()  # from here on, further signals are ignored
            except KeyboardInterrupt:
                pass  # a closed terminal ends the input and sends SIGHUP, in either order
            if output.exists():
                interrupted = _("Interrupted. Your answers are saved in {file}.").format(file=output)
                then = _("Resume with: {command}").format(command=resume_command)
            else:
                interrupted = _("Interrupted before anything was saved.")
                then = _("Start again with: {command}").format(command=resume_command)
            message = f"\n{interrupted}\n{then}"
            # After SIGHUP the terminal is usually gone and writing to it fails: the file is safe anyway.
            with contextlib.suppress(OSError):
                terminal.say(message)
            # NOTE: every interruption (Ctrl-C, end of input, SIGTERM, a closed terminal) exits
            # 130, one of the five documented codes; the answers are saved in every case.
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None


def _start(opened: "Opened", terminal: "Terminal", output: Path, *, changed: bool) -> str:
    """What heads the first screen; a new file gets its team name and a first save here.

    Raises:
        QuitRequested: `q` at the team name: nothing is saved.
    """
    from mlops_maturity.interactive.flow import QuitRequested

    session = opened.session
    intro: list[str] = []
    if opened.backup is not None:
        intro.append(_("Started over; the previous answers are kept in {file}.").format(file=opened.backup))
    if opened.resumed:
        answered = _("{count} of {total} questions answered").format(
            count=session.answered, total=len(session.questions)
        )
        if opened.renamed_from is not None:
            intro.append(
                _("Team name changed from '{old}' to '{new}'.").format(old=opened.renamed_from, new=session.team)
            )
        if session.review:
            intro.append(
                _("Reviewing {file}: {answered}; Enter keeps each answer.").format(file=output, answered=answered)
            )
        elif session.index < len(session.questions):
            intro.append(
                _("Resuming {file}: {answered}; continuing at question {number}.").format(
                    file=output, answered=answered, number=session.index + 1
                )
            )
        else:
            intro.append(
                _("Resuming {file}: {answered}, all of them (--review to change some).").format(
                    file=output, answered=answered
                )
            )
        if changed:
            session.save()  # a new --team or --assessor is kept even if the user quits at once
    else:
        intro.append(_("Answers are saved to {file} after every answer.").format(file=output))
        if session.questionnaires.bank.instructions:
            intro.append(session.questionnaires.bank.instructions)
        # NOTE: asked before the first screen, which then shows the instructions once, wrapped.
        while not session.team.strip():
            typed = terminal.ask(_("Team name (q to quit): ")).strip()
            if typed.lower() == "q":  # as at every question; a team named q is given with --team
                raise QuitRequested
            session.team = typed
        session.save()
    if session.index >= len(session.questions):
        terminal.say("\n".join(intro))
    return "\n".join(intro)


def _kept_elsewhere(error: "FileChanged", session: "Session | None") -> "FileChanged":
    """Write this session's answers beside the changed file, so that none is lost; the error to show."""
    from mlops_maturity.answers.write import render_answers
    from mlops_maturity.files import write_text_atomic
    from mlops_maturity.interactive.lock import FileChanged
    from mlops_maturity.interactive.opening import free_name

    if session is None:
        return error
    kept = free_name(session.path, "conflict")
    text = render_answers(session.answers_file(), session.questionnaires, session.questions, with_help=False)
    write_text_atomic(kept, text)
    return FileChanged(
        error.message,
        hint=_("this session's answers are in {file}: compare the two, keep one, and resume it with -o").format(
            file=kept
        ),
    )


def _name_option(value: str | None, option: str) -> str | None:
    """--team or --assessor as one clean line; refused when it cannot be saved as typed."""
    from mlops_maturity.interactive.screens import clean_line

    if value is None:
        return None
    if any("\ud800" <= character <= "\udfff" for character in value):
        raise UsageError(_("{option}: is not valid UTF-8 text; type the name again").format(option=option))
    cleaned = clean_line(value).strip()
    if not cleaned:
        raise UsageError(_("{option}: is empty").format(option=option))
    return cleaned


def _proposals(draft: Path | None, output: Path, questionnaires: "QuestionnaireSet") -> "dict[str, Answer]":
    """The answers a scan's draft proposes, by question; none without --from-scan.

    Raises:
        UsageError: the draft is the answers file itself.
        InputFileError, AnswersError: the draft cannot be read (nothing else has happened yet).
    """
    if draft is None:
        return {}
    from mlops_maturity.answers.load import load_answers

    if output.exists() and draft.exists() and draft.resolve() == output.resolve():
        raise UsageError(_("--from-scan: {file} is the answers file itself; name the scan's draft").format(file=draft))
    loaded = load_answers(draft, questionnaires)
    tell_migration(loaded.migration, loaded.path)
    return {question_id: answer for question_id, answer in loaded.answers.answers.items() if answer.answer is not None}


def _resume_command(
    output: Path,
    model: list[str] | None,
    questionnaires: Path | None,
    report: Path | None,
    from_scan: Path | None,
    language: str | None,
) -> str:
    parts = ["mlops-maturity", "assess", "-o", shlex.quote(str(output))]
    if questionnaires is not None:
        # Without it, the shipped questionnaire would refuse a file answered against another one.
        parts += ["--questionnaires", shlex.quote(str(questionnaires))]
    for name in model or []:
        parts += ["--model", shlex.quote(name)]
    if report is not None:
        parts += ["--report", shlex.quote(str(report))]
    if from_scan is not None:
        parts += ["--from-scan", shlex.quote(str(from_scan))]
    if language:  # the session goes on in the language it was started in
        parts += ["--lang", shlex.quote(language)]
    return " ".join(parts)
