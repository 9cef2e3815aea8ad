"""The build: run the per-document stages (in parallel, cached), the corpus stage, and write the tables."""
