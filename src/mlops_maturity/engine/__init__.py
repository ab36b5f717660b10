"""The truth: questionnaires + answers -> results, decided here and only here.

Scoring, thresholds, plans, diffs, history and portfolios turn the checked inputs into
result data (`assessment.py`): plain dataclasses with no wording, which the renderers of
`report/` present and never recompute. Scoring itself is pure, no I/O, and importing it
stays light: no YAML, terminal, template or CLI library (tests/test_layers.py).
"""
