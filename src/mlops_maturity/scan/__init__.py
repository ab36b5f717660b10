"""Evidence from a repository: `mlops-maturity scan` proposes answers with the files and lines behind them.

An input layer beside `questionnaire/` and `answers/`: it reads a folder (nothing written
in it, nothing executed, no link followed out of it) against the detector catalogue
(`questionnaires/detectors/`) and produces data: findings, proposals, and a draft
answers file. `catalogue.py` is the catalogue, `walk.py` the walk, `detect.py` the
matching, `repository.py` a whole scan, `propose.py` findings to answers, `draft.py` the
answers file and `--merge`.
"""

from __future__ import annotations

from mlops_maturity.questionnaire.model import QuestionnaireSet
from mlops_maturity.scan.catalogue import DETECTORS_FOLDER, Catalogue, load_catalogue


def shipped_catalogue(questionnaires: QuestionnaireSet) -> Catalogue:
    """The detector catalogue shipped with the tool, checked against `questionnaires`.

    Raises:
        QuestionnaireError: the catalogue is missing or has problems.
    """
    from mlops_maturity.questionnaire.shipped import bundled_questionnaires_dir

    return load_catalogue(bundled_questionnaires_dir() / DETECTORS_FOLDER, questionnaires)
