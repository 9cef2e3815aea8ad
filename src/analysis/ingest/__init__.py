"""Ingest: read and check the manifest and the raw articles; analysts' corrections."""
