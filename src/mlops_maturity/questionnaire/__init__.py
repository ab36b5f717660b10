"""Input: the questionnaires, what every team is assessed against, as checked models.

The question bank and the maturity models built on it are pydantic models with no I/O
(`model.py`); a folder is read and checked with every problem's file and line, never
just the first (`folder.py`, with lint's rules in `rules/`); the shipped folder has a
start-up fast path (`shipped.py`). What leaves this package is valid: the engine takes
these models as they are and never parses a questionnaire file.
"""
