"""Each answer a criterion needs keeps one of its steps to do until it is reached.

Otherwise an unmet criterion could have every step "done", and the plan would be empty.
"""

from __future__ import annotations

from collections.abc import Iterator

from mlops_maturity.errors import Problem
from mlops_maturity.questionnaire.rules.folder_view import Folder
from mlops_maturity.yaml_document import key_path

ID = "steps-cover-requirements"


def check(folder: Folder) -> Iterator[Problem]:
    if not folder.done_when_by_step:
        return
    rank = folder.scale_rank
    done_ranks = folder.done_rank_by_step
    for entry in folder.criteria:
        requires = entry.data.get("requires")
        if not isinstance(requires, dict):
            continue
        # NOTE: looked up per required question, not merged per step: a step shared by
        # 10,000 criteria, done when 10,000 questions are answered, stays linear.
        steps = [done_ranks.get(str(step_id), {}) for step_id in entry.next_step_ids]
        covered = {
            question_id: max((step.get(question_id, -1) for step in steps), default=-1) for question_id in requires
        }
        for question_id, minimum in requires.items():
            if (
                question_id in folder.question_ids
                and isinstance(minimum, str)
                and minimum in rank
                and covered.get(question_id, -1) < rank[minimum]
            ):
                yield Problem(
                    entry.document.path,
                    entry.document.line_of((*entry.loc, "next_steps")),
                    key=f"{key_path(entry.loc)}.next_steps",
                    message=f"no step stays to do until '{question_id}' is at least '{minimum}'; "
                    "add one whose done_when names it at that answer or higher",
                )
