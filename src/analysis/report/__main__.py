"""`python -m analysis.report`: execute the notebooks and publish the reports."""
from analysis.report.notebooks import main

if __name__ == "__main__":
    raise SystemExit(main())
