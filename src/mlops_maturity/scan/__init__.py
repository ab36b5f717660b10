"""Evidence from a repository: `mlops-maturity scan` proposes answers with the files and lines behind them.

An input layer beside `questionnaire/` and `answers/`: it reads a folder (nothing written
in it, nothing executed, no link followed out of it) against the detector catalogue
(`questionnaires/detectors/`) and produces data: findings, CI facts, proposals, and a draft
answers file. `catalogue.py` (with `catalogue_model.py`) is the catalogue, `walk.py` the
walk, `code_text.py` and `notebooks.py` a file's code as the detectors see it, `detect.py`
the matching, `switches.py` what a switch turns off, `ci_*.py` the CI definitions and what
they run, `repository.py` a whole scan, `propose.py` findings to answers (and grades),
`draft.py` the answers file and `--merge`.
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
