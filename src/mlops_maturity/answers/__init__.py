"""Input: the answers files, one team's answers to the questionnaire, checked on the way in.

`model.py` is their content with no I/O (what the engine imports); `load.py` reads a
file and checks it against the questionnaire, every problem with file, line and key;
answers to an older questionnaire version come in through its migrations (`migrate.py`);
`write.py`, `schema.py`, `history.py` and `provenance.py` write them, describe them,
read their past versions from git and say where each answer came from. Scoring them is
the engine's: nothing here decides a level.
"""
