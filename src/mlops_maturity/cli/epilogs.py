"""The root's help and the commands' --help epilogs, as functions: computed in the language
chosen (`main` chooses it before help is built), never at import."""

from mlops_maturity.messages import _


def epilog() -> str:
    return _(
        "Exit codes: 0 ok · 1 below a --fail-under level · 2 usage error, invalid input, or an output "
        "that cannot be written · 3 internal error (a bug) · 130 interrupted."
    )


def assess_epilog() -> str:
    return _(
        "Exit codes: 0 done or saved with q · 2 usage error or invalid input · 3 internal error (a bug) · "
        "130 interrupted (answers saved)."
    )


def write_epilog() -> str:
    """For the commands that only write a result (report, template, schema, models)."""
    return _(
        "Exit codes: 0 ok · 2 usage error, invalid input, or an output that cannot be written · "
        "3 internal error (a bug) · 130 interrupted."
    )


def lint_epilog() -> str:
    return _(
        "Exit codes: 0 no problems · 2 problems found, or a usage error · 3 internal error (a bug) · 130 interrupted."
    )


def diff_epilog() -> str:
    return _(
        "Exit codes: 0 ok · 1 a level went down, with --fail-on-regression · 2 usage error, invalid input, or an "
        "output that cannot be written · 3 internal error (a bug) · 130 interrupted."
    )


def portfolio_epilog() -> str:
    return _(
        "Exit codes: 0 ok · 1 a team below a --fail-under level · 2 usage error, or any file that could not be "
        "read (after every other team is shown) · 3 internal error (a bug) · 130 interrupted."
    )


def root_help() -> str:
    return _(
        "Where an ML team stands on Google's and Microsoft's MLOps maturity models, and what to do next.\n\n"
        "Start with `mlops-maturity assess` to answer the questionnaire in the terminal, or fill in "
        "`mlops-maturity template` and run `mlops-maturity score FILE` (in CI too)."
    )
