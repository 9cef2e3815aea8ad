"""Text utilities: normalisation, tokens, phrase indexes, quote spans (no codebook)."""
