"""The interactive questionnaire: one question at a time, saved after every answer.

Deciding (`session.py`: which question comes next, what the file holds; `replies.py`: what
a reply means) is apart from asking (`screens.py`: reading lines, drawing screens), joined by the
loop in `flow.py`; `opening.py` starts or resumes a run, `signals.py` keeps saves whole.
"""
