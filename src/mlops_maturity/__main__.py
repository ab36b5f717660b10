"""Run the command line with `python -m mlops_maturity`."""

from mlops_maturity.cli import main

if __name__ == "__main__":
    main()
