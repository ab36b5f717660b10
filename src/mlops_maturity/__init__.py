"""mlops-maturity: where an ML team stands on Google's and Microsoft's MLOps maturity models."""

__version__ = "0.1.0"
