"""Per-document extraction: actors and mentions, claims (cue, content, source), relations."""
