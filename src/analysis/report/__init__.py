"""The report layer: figures, report sections and the published notebooks.

It reads only what a build wrote (the processed tables and `balance.json`) and never
feeds back into a build, so nothing in the stages below imports it. Its modules import
in one direction, each only from those before it:

1. `safe_csv`  - spreadsheet-safe copies of CSV tables (formula injection);
2. `figures`   - deterministic PNG figures of the networks and the sourcing profile, each
   with the CSV of what it draws;
3. `sections`  - what the notebooks show: the processed tables read once, then DataFrames,
   sentences, escaped HTML and figures for each report section;
4. `notebooks` - execute the notebooks, export offline HTML and PDF, write the index.

Besides these it uses `analysis.config`, `schema`, `vocab`, `network` and `evaluate`.
`python -m analysis.report` runs `notebooks.main` (see `__main__`).
"""
