"""Starting a questionnaire run: a new answers file, a resumed one, or a restart with a backup."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from mlops_maturity.answers.model import Answer, AnswersFile
from mlops_maturity.files import check_writable
from mlops_maturity.interactive.lock import fingerprint
from mlops_maturity.interactive.session import Session, session_questions
from mlops_maturity.messages import _
from mlops_maturity.questionnaire.model import QuestionnaireSet


@dataclass(frozen=True, slots=True)
class Opened:
    """A session ready to run, and how it came about."""

    session: Session
    resumed: bool
    backup: Path | None = None
    renamed_from: str | None = None
    """On resume with a new --team: the team name the file had."""


def check_answers_path(path: Path) -> None:
    """The answers file must be a regular file (or none yet) in an existing folder.

    Raises:
        OutputError: with the reason.
    """
    from mlops_maturity.errors import OutputError

    if path.exists() and not path.is_file():
        raise OutputError(
            _("{path}: is not a regular file (a folder or a device); choose another name with -o").format(path=path)
        )
    check_writable(path)


def free_name(path: Path, kind: str) -> Path:
    """A free name beside `path` that keeps its extension: `FILE.conflict.yaml`, then `FILE.conflict.1.yaml`, ..."""
    candidate = path.with_name(f"{path.stem}.{kind}{path.suffix}")
    number = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.{kind}.{number}{path.suffix}")
        number += 1
    return candidate


def backup_path(path: Path) -> Path:
    """A free name beside `path` for its backup: `FILE.bak`, then `FILE.bak.1`, ..."""
    candidate = path.with_name(path.name + ".bak")
    number = 1
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.bak.{number}")
        number += 1
    return candidate


def open_session(
    path: Path,
    questionnaires: QuestionnaireSet,
    model_ids: tuple[str, ...],
    *,
    team: str | None,
    assessor: str | None,
    restart: bool,
    review: bool = False,
    proposals: dict[str, Answer] | None = None,
) -> Opened:
    """Resume the answers file at `path`, or start a new one (backing up the old with `restart`).

    A team name is needed for a new file; pass None to have the caller ask for it. A
    restart keeps the old file's team and assessor unless new ones are given; a resume
    with --team or --assessor changes them (the caller saves). `proposals` (a scan's answers)
    are the defaults of the questions still unanswered.

    Raises:
        AnswersError: the existing file cannot be resumed (invalid, or another
            questionnaire version); it is left untouched.
        OutputError: the folder does not exist, or the path is not a regular file.
    """
    import os

    from mlops_maturity.answers.load import load_answers
    from mlops_maturity.errors import AnswersError, MaturityError

    questions = session_questions(questionnaires, model_ids)
    check_answers_path(path)
    backup = None
    identity = None
    if path.exists() and restart:
        team, assessor, identity = _kept_names(path, questionnaires, team, assessor)
        backup = backup_path(path)
        os.replace(path, backup)
    elif path.exists():
        seen = fingerprint(path)
        try:
            loaded = load_answers(path, questionnaires)
        except MaturityError as error:
            raise AnswersError(
                _("{path}: cannot resume this answers file, and it was not changed: {reason}").format(
                    path=path, reason=error.message
                ),
                problems=error.problems,
                hint=_(
                    "to keep it, choose another file with -o; to start over, add --restart "
                    "(the old file is kept as a backup)"
                ),
            ) from None
        previous = loaded.answers
        session = Session(
            path=path,
            questionnaires=questionnaires,
            questions=questions,
            team=previous.team if team is None else team,
            date=previous.date,
            assessor=previous.assessor if assessor is None else assessor,
            answers=dict(previous.answers),
            seen=seen,
            proposals=dict(proposals or {}),
            scope=dict(previous.scope),
            review=review,
            kept=previous,
            json_format=loaded.json_format,
        )
        session.find_skipped()
        session.index = session.first_question()
        renamed = previous.team if team is not None and team != previous.team else None
        return Opened(session=session, resumed=True, renamed_from=renamed)
    session = Session(
        path=path,
        questionnaires=questionnaires,
        questions=questions,
        team=team or "",
        date=datetime.date.today(),
        assessor=assessor,
        proposals=dict(proposals or {}),
        kept=identity,
    )
    return Opened(session=session, resumed=False, backup=backup)


def _kept_names(
    path: Path, questionnaires: QuestionnaireSet, team: str | None, assessor: str | None
) -> tuple[str | None, str | None, AnswersFile | None]:
    """What a restart keeps from the old file (when it can be read): the team and assessor,
    and the file with its entity, owner and labels but none of its answers."""
    from mlops_maturity.answers.load import load_answers
    from mlops_maturity.errors import MaturityError

    try:
        previous = load_answers(path, questionnaires).answers
    except MaturityError:
        return team, assessor, None  # an unreadable file is a reason to restart: the team is asked
    identity = previous.model_copy(update={"answers": {}, "retired_answers": {}, "scope": {}})
    return (
        (previous.team if team is None else team),
        (previous.assessor if assessor is None else assessor),
        identity,
    )
