"""Load and validate the codebook (`data/codebook/*.yaml`): actors, roles, cues, lexicons.

The codebook is data, not code: every article-specific word lives there. Loading checks every
entry and raises `CodebookError` with one line naming the file, the entry and the problem.
Actors come in two kinds: curated ones (states.yaml, actors.yaml) and pattern-derived ones
built on demand from a state and a role (`AZE-MOD`, `ARM-SRC`, `AZE-PRO-SRC`).

Modules: `model` (the data classes and `Codebook`), `yaml_io` (the YAML loader that refuses a
repeated key), `load` (reading, validating and caching a codebook folder).
"""
from analysis.codebook.load import codebook_digest, load_codebook
from analysis.codebook.model import (
                                     ACTOR_TYPES,
                                     FILES,
                                     ISO3,
                                     ROLE_KINDS,
                                     Actor,
                                     ClaimType,
                                     ClusterParams,
                                     Codebook,
                                     CodebookError,
                                     Cue,
                                     Loaded,
                                     Office,
                                     Place,
                                     RelationType,
                                     Role,
                                     State,
)

__all__ = ["ACTOR_TYPES", "FILES", "ISO3", "ROLE_KINDS", "Actor", "ClaimType", "ClusterParams",
           "Codebook",
           "CodebookError", "Cue", "Loaded", "Office", "Place", "RelationType", "Role", "State",
           "codebook_digest", "load_codebook"]
