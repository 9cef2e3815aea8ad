"""Load and validate every codebook file into a `Codebook` (one error line per problem)."""
from __future__ import annotations

import hashlib
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis import config
from analysis.codebook.model import (
    ClusterParams,
    ACTOR_TYPES,
    ISO3,
    FILES,
    GRAMMAR_SPEC,
    ROLE_KINDS,
    Actor,
    ClaimType,
    Codebook,
    NominalCue,
    CodebookError,
    Conflict,
    Cue,
    Grammar,
    Loaded,
    Office,
    Place,
    RelationType,
    Role,
    Shorthand,
    State,
)
from analysis.codebook.inflect import inflections
from analysis.codebook.yaml_io import _read


def _strs(value: Any, where: str, key: str, required: bool = False) -> tuple[str, ...]:
    """A list of non-empty strings (or a clear error)."""
    if value is None:
        if required:
            raise CodebookError(f"{where}: '{key}' is required")
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CodebookError(f"{where}: '{key}' must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _str(entry: dict, key: str, where: str, required: bool = False) -> str:
    """A string field (or a clear error)."""
    value = entry.get(key)
    if value is None or value == "":
        if required:
            raise CodebookError(f"{where}: '{key}' is required")
        return ""
    if not isinstance(value, (str, int)):
        raise CodebookError(f"{where}: '{key}' must be a string")
    return str(value).strip()


def _date(value: Any, where: str) -> date | None:
    """An ISO date or None."""
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise CodebookError(f"{where}: '{value}' is not an ISO date (YYYY-MM-DD)") from None


def _entries(data: Any, path: Path) -> list[dict]:
    """The top-level list of mappings of a file."""
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise CodebookError(f"{path}: expected a list of entries (mappings)")
    return data


def _plurals(forms: tuple[str, ...]) -> tuple[str, ...]:
    """Add the regular plural (+s) of every demonym not already ending in s/sh/ch/ese."""
    out = list(forms)
    for f in forms:
        if not re.search(r"(s|sh|ch|ese|ss)$", f) and f + "s" not in out:
            out.append(f + "s")
    return tuple(out)


def _load_states(path: Path) -> dict[str, State]:
    states: dict[str, State] = {}
    for i, e in enumerate(_entries(_read(path), path)):
        sid = _str(e, "id", f"{path}: entry {i + 1}", required=True)
        where = f"{path}: entry '{sid}'"
        if not ISO3.match(sid):
            raise CodebookError(f"{where}: id must be an ISO 3166-1 alpha-3 code")
        if sid in states:
            raise CodebookError(f"{where}: duplicate id")
        name = _str(e, "name", where, required=True)
        states[sid] = State(
            id=sid, name=name,
            aliases=tuple(dict.fromkeys((name,) + _strs(e.get("aliases"), where, "aliases"))),
            aliases_cs=_strs(e.get("aliases_cs"), where, "aliases_cs"),
            demonyms=_plurals(_strs(e.get("demonyms"), where, "demonyms")),
            capitals=_strs(e.get("capitals"), where, "capitals"),
            capitals_cs=_strs(e.get("capitals_cs"), where, "capitals_cs"),
        )
    return states


def _load_roles(path: Path) -> tuple[dict[str, Role], dict]:
    data = _read(path)
    if isinstance(data, dict):
        roles_list, extra = data.get("roles"), data
    else:  # a list of roles followed by top-level keys is not valid YAML; support both forms
        raise CodebookError(f"{path}: expected a mapping with 'roles' and settings")
    roles: dict[str, Role] = {}
    for i, e in enumerate(_entries(roles_list, path)):
        rid = _str(e, "role", f"{path}: entry {i + 1}", required=True)
        where = f"{path}: entry '{rid}'"
        kind = _str(e, "kind", where, required=True)
        if kind not in ROLE_KINDS:
            raise CodebookError(f"{where}: kind '{kind}' is not one of {sorted(ROLE_KINDS)}")
        rtype = _str(e, "type", where, required=True)
        if rtype not in ACTOR_TYPES:
            raise CodebookError(f"{where}: type '{rtype}' is not an actor type")
        if rid in roles:
            raise CodebookError(f"{where}: duplicate role")
        roles[rid] = Role(rid, kind, rtype, _str(e, "name", where, required=True),
                          _str(e, "parent", where), _strs(e.get("heads"), where, "heads"),
                          _strs(e.get("titles"), where, "titles"),
                          _strs(e.get("anaphors"), where, "anaphors"))
        if roles[rid].anaphors and kind != "body":
            raise CodebookError(f"{where}: only a body role (kind: body) has anaphors")
    for r in roles.values():
        if r.parent and r.parent not in roles:
            raise CodebookError(f"{path}: entry '{r.role}': parent role '{r.parent}' is not defined")
    return roles, extra


def _load_actors(path: Path, states: dict[str, State], roles: dict[str, Role]) -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    raw = _entries(_read(path), path)
    for i, e in enumerate(raw):
        aid = _str(e, "id", f"{path}: entry {i + 1}", required=True)
        where = f"{path}: entry '{aid}'"
        if aid in actors or aid in states:
            raise CodebookError(f"{where}: duplicate id")
        atype = _str(e, "type", where, required=True)
        if atype not in ACTOR_TYPES:
            raise CodebookError(f"{where}: type '{atype}' is not one of {sorted(ACTOR_TYPES)}")
        fields = {k: _str(e, k, where) for k in ("country", "backed_by", "located_in")}
        for k, v in fields.items():
            if v and v not in states:
                raise CodebookError(f"{where}: {k} '{v}' is not a known state (ISO3)")
        offices = []
        for o in e.get("offices") or []:
            if not isinstance(o, dict):
                raise CodebookError(f"{where}: offices must be mappings")
            start, end = _date(o.get("start"), where), _date(o.get("end"), where)
            if start and end and end < start:
                raise CodebookError(f"{where}: office ends ({end}) before it starts ({start})")
            offices.append(Office(_str(o, "office", where, True), _str(o, "title", where),
                                  start, end))
        cs = _strs(e.get("aliases_cs"), where, "aliases_cs")
        role = _str(e, "role", where)
        if role and role not in roles:
            raise CodebookError(f"{where}: role '{role}' is not defined in roles.yaml")
        actors[aid] = Actor(
            id=aid, name=_str(e, "name", where, required=True), type=atype,
            country=fields["country"], parent=_str(e, "parent", where),
            backed_by=fields["backed_by"], located_in=fields["located_in"], role=role,
            aliases=tuple(dict.fromkeys(
                ((_str(e, "name", where),) if _str(e, "name", where) not in cs else ())
                + _strs(e.get("aliases"), where, "aliases"))),
            aliases_cs=cs, offices=tuple(offices))
    return actors


def _load_places(path: Path, states: dict[str, State]) -> tuple[Place, ...]:
    places = []
    for i, e in enumerate(_entries(_read(path), path)):
        name = _str(e, "name", f"{path}: entry {i + 1}", required=True)
        where = f"{path}: entry '{name}'"
        country = _str(e, "country", where)
        if country and country not in states:
            raise CodebookError(f"{where}: country '{country}' is not a known state (ISO3)")
        places.append(Place(name, country, _str(e, "kind", where) or "place",
                            _strs(e.get("aliases"), where, "aliases")))
    return tuple(places)


#: cues.yaml's optional word lists, each read as it stands (what each means: cues.yaml).
_CUE_WORD_LISTS = ("according_outer", "speaker_stop", "speaker_lead", "ly_nouns",
                   "speaker_quantifiers", "parenthetical_openers", "attributive_determiners",
                   "attributive_modifiers", "attributive_prepositions", "evidence_nouns",
                   "passive_auxiliaries", "predicate_openers", "relative_pronouns",
                   "subject_pronouns", "share_links",
                   "associate_nouns", "as_openers", "as_verbs", "cue_auxiliaries")


def _load_cues(path: Path) -> dict[str, Any]:
    """cues.yaml: the verbs of saying (`_speech_cues`), their classes, and the word lists the
    attribution rules read."""
    data = _read(path)
    if not isinstance(data, dict):
        raise CodebookError(f"{path}: expected a mapping")
    classes = _cue_classes(data.get("classes"), path)
    release = data.get("release") or {}
    anon = data.get("anonymous") or {}
    return {
        "cues": _speech_cues(data.get("speech"), path, classes),
        "release": {k: _strs(release.get(k), f"{path}: release", k, True)
                    for k in ("verbs", "objects", "links")},
        "according": _strs(data.get("according"), f"{path}", "according", True),
        "anonymous_nouns": _strs(anon.get("nouns"), f"{path}: anonymous", "nouns", True),
        "anonymous_frames": _strs(anon.get("frames"), f"{path}: anonymous", "frames", True),
        "group_nouns": _strs(data.get("group_nouns"), f"{path}", "group_nouns", True),
        "pronouns": _strs(data.get("pronouns"), f"{path}", "pronouns", True),
        "cue_classes": classes,
        **{k: _strs(data.get(k), f"{path}", k) for k in _CUE_WORD_LISTS},
        "clause_complement": _clause_complement(data.get("clause_complement"), path),
        **_nominal(data.get("nominal"), path, classes),
        "view": _view(data.get("view"), f"{path}: view", classes),
        "to_view": _view(data.get("to_view"), f"{path}: to_view", classes, "openers"),
    }


def _view(data: Any, where: str, classes: dict[str, tuple[str, str, bool]],
          words: str = "nouns") -> dict[str, object]:
    """cues.yaml `view` / `to_view`: a holder's view set off by commas ("In Roe's view, C",
    "To Roe, C"): the cue, its class and its word list (`words`)."""
    base = _classed_cue(data, where, classes)
    return {**base, words: _strs(data.get(words), where, words, True)} if base else {}


def _classed_cue(data: Any, where: str, classes: dict[str, tuple[str, str, bool]]
                 ) -> dict[str, object]:
    """The `cue` and `class` of a cues.yaml mapping that names one cue (`view`, `to_view`,
    nominal `answering`), the class checked against `classes`; {} when absent."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CodebookError(f"{where}: must be a mapping")
    cls = _str(data, "class", where, required=True)
    if cls not in classes:
        raise CodebookError(f"{where}: class '{cls}' is not one of {sorted(classes)}")
    return {"cue": _str(data, "cue", where, required=True), "class": cls}


def _speech_cues(entries: Any, path: Path, classes: dict) -> tuple[Cue, ...]:
    """The verbs of saying of `cues.yaml` `speech`: each entry's forms, listed or inflected
    from its lemmas, less its `except` forms (mostly nouns), with its class and polarity.
    Apart from `_load_cues` because an entry is validated field by field."""
    cues = []
    for i, e in enumerate(_entries(entries, path)):
        cue = _str(e, "cue", f"{path}: speech entry {i + 1}", required=False) or \
            _str(e, "lemma", f"{path}: speech entry {i + 1}", required=True)
        where = f"{path}: speech entry '{cue}'"
        cls, pol = _class_and_polarity(e, where, classes)
        forms = _strs(e.get("forms"), where, "forms")
        lemmas = _strs(e.get("lemmas"), where, "lemmas") or \
            ((_str(e, "lemma", where),) if e.get("lemma") else ())
        for lemma in lemmas:
            forms += inflections(lemma, bool(e.get("double", False)))
        drop = set(_strs(e.get("except"), where, "except"))  # forms that are mostly nouns
        forms = tuple(f for f in forms if f not in drop)
        if not forms:
            raise CodebookError(f"{where}: needs 'forms' or 'lemma'")
        cues.append(Cue(cue, tuple(dict.fromkeys(forms)), pol,
                        bool(e.get("needs_that", False)), cls, bool(e.get("gerund", False)),
                        _only(e, where), _strs(e.get("not_before"), where, "not_before")))
    return tuple(cues)


def _only(e: dict, where: str) -> str:
    """A cue entry's `only`: the one complement it frames ("quote", "to", "as", "object",
    "reason") or "" (any)."""
    only = _str(e, "only", where) or ""
    if only not in {"", "quote", "to", "as", "object", "reason"}:
        raise CodebookError(f"{where}: only '{only}' is not quote, to, as, object or reason")
    return only


def _clause_complement(data: Any, path: Path) -> dict[str, Any]:
    """cues.yaml `clause_complement`: the word lists that make a cue's following words a
    clause without "that" (a nominative subject, or a finite verb after a short gap of
    words none of which is a blocker), and the longest gap."""
    if data is None:
        return {}
    where = f"{path}: clause_complement"
    if not isinstance(data, dict):
        raise CodebookError(f"{where}: expected a mapping")
    out: dict[str, Any] = {k: _strs(data.get(k), where, k, True)
                           for k in ("subjects", "finite", "blockers", "first_blockers",
                                     "that_gap_openers")}
    out["particles"] = _strs(data.get("particles"), where, "particles")
    gap = data.get("max_gap", 5)
    if not isinstance(gap, int) or not 0 <= gap <= 12:
        raise CodebookError(f"{where}: max_gap must be an integer from 0 to 12")
    out["max_gap"] = gap
    return out


def _plural(noun: str) -> str:
    """The regular plural of a cue noun ("claim" -> "claims", "policy" -> "policies")."""
    if noun.endswith(("s", "sh", "ch", "x", "z")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _class_and_polarity(e: dict, where: str, classes: dict) -> tuple[str, str]:
    """A cue entry's class (default assertion) and polarity (a denial's default is deny),
    checked against the cue classes: verb and noun cues share the rule."""
    cls = _str(e, "class", where) or "assertion"
    if cls not in classes:
        raise CodebookError(f"{where}: class '{cls}' is not one of the cue classes")
    pol = _str(e, "polarity", where) or ("deny" if cls == "denial" else "affirm")
    if pol not in {"affirm", "deny"}:
        raise CodebookError(f"{where}: polarity '{pol}' is not affirm or deny")
    return cls, pol


def _nominal(data: Any, path: Path, classes: dict[str, tuple[str, str, bool]]) -> dict[str, Any]:
    """cues.yaml `nominal`: the noun cues (each with its class, the links that open its
    content and its plural unless `forms` lists the forms) and the light verbs."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CodebookError(f"{path}: nominal must be a mapping")
    links = {"that", "to", "for", "of", "on", "about", "over", "against", "in"}
    nouns = []
    for i, e in enumerate(_entries(data.get("nouns"), path)):
        noun = _str(e, "noun", f"{path}: nominal entry {i + 1}", required=True)
        where = f"{path}: nominal entry '{noun}'"
        cls, pol = _class_and_polarity(e, where, classes)
        comp, obj = _strs(e.get("complements"), where, "complements"), \
            _strs(e.get("objects"), where, "objects")
        if not comp and not obj:
            raise CodebookError(f"{where}: needs 'complements' or 'objects'")
        if bad := sorted(set(comp + obj) - links):
            raise CodebookError(f"{where}: links {bad} are not among {sorted(links)}")
        forms = _strs(e.get("forms"), where, "forms") or (noun, _plural(noun))
        nouns.append(NominalCue(noun, forms, cls, pol, comp, obj))
    return {"nominal_cues": tuple(nouns),
            "light_verbs": _strs(data.get("light_verbs"), f"{path}: nominal", "light_verbs"),
            "receiving_verbs": _strs(data.get("receiving_verbs"), f"{path}: nominal",
                                     "receiving_verbs"),
            "answering": _answering(data.get("answering"), f"{path}: nominal answering",
                                    classes, {n.noun for n in nouns})}


def _answering(data: Any, where: str, classes: dict[str, tuple[str, str, bool]],
               nouns: set[str]) -> dict[str, object]:
    """cues.yaml nominal `answering`: the cue, its class, the verbs of answering and the
    request nouns (each a nominal noun, so the document's one scan finds it)."""
    base = _classed_cue(data, where, classes)
    if not base:
        return {}
    out = {**base, "verbs": _strs(data.get("verbs"), where, "verbs"),
           "nouns": _strs(data.get("nouns"), where, "nouns")}
    if not out["verbs"] or not out["nouns"]:
        raise CodebookError(f"{where}: needs 'verbs' and 'nouns'")
    if bad := sorted(set(out["nouns"]) - nouns):
        raise CodebookError(f"{where}: nouns {bad} are not nominal nouns")
    return out


def _cue_classes(data: Any, path: Path) -> dict[str, tuple[str, str, bool]]:
    """cue class -> (meaning, modality, whole_clause): what a cue of the class makes of its
    content (whole_clause: the claim keeps its source and cue, "X criticized Y")."""
    if data is None:
        return {"assertion": ("a statement of fact", "", False),
                "denial": ("a denial", "", False)}
    if not isinstance(data, dict):
        raise CodebookError(f"{path}: 'classes' must map a class to its meaning")
    out = {}
    for name, e in data.items():
        where = f"{path}: class '{name}'"
        if not isinstance(e, dict):
            raise CodebookError(f"{where}: expected a mapping with 'meaning'")
        mod = _str(e, "modality", where) or ""
        if mod not in {"", "asserted", "hedged", "forecast"}:
            raise CodebookError(f"{where}: modality '{mod}' is not asserted, hedged or forecast")
        out[str(name)] = (_str(e, "meaning", where, required=True),
                          "" if mod == "asserted" else mod, bool(e.get("whole_clause", False)))
    return out


def _flag(entry: dict, key: str, where: str) -> bool:
    """A true/false field (absent: false), or a clear error."""
    value = entry.get(key, False)
    if not isinstance(value, bool):
        raise CodebookError(f"{where}: '{key}' must be true or false")
    return value


def _load_claim_types(path: Path) -> tuple[ClaimType, ...]:
    out, seen = [], set()
    for i, e in enumerate(_entries(_read(path), path)):
        cid = _str(e, "id", f"{path}: entry {i + 1}", required=True)
        where = f"{path}: entry '{cid}'"
        if cid in seen:
            raise CodebookError(f"{where}: duplicate id")
        seen.add(cid)
        out.append(ClaimType(cid, _str(e, "definition", where, required=True),
                             _str(e, "cameo", where), _str(e, "plover", where),
                             bool(e.get("event", False)), _strs(e.get("triggers"), where, "triggers"),
                             _flag(e, "consequential", where)))
    for needed in ("assessment", "forecast", "denial"):
        if needed not in seen:
            raise CodebookError(f"{path}: the vocabulary needs a '{needed}' type")
    return tuple(out)


def _load_relations(path: Path) -> tuple[RelationType, ...]:
    out, seen = [], set()
    for i, e in enumerate(_entries(_read(path), path)):
        rid = _str(e, "relation", f"{path}: entry {i + 1}", required=True)
        where = f"{path}: entry '{rid}'"
        if rid in seen:
            raise CodebookError(f"{where}: duplicate relation")
        seen.add(rid)
        sign = e.get("sign")
        if sign not in (-1, 0, 1):
            raise CodebookError(f"{where}: sign must be -1, 0 or 1 (got {sign!r})")
        pos = _str(e, "pos", where) or "verb"
        if pos not in {"verb", "noun"}:
            raise CodebookError(f"{where}: pos must be verb or noun")
        out.append(RelationType(rid, int(sign), _str(e, "cameo", where), _str(e, "plover", where),
                                pos, bool(e.get("symmetric", False)),
                                _strs(e.get("triggers"), where, "triggers", True),
                                _str(e, "definition", where), bool(e.get("blocker", False)),
                                _strs(e.get("not_with"), where, "not_with"),
                                _str(e, "otherwise", where), bool(e.get("carrier", False)),
                                bool(e.get("limit", False)), bool(e.get("reverse", False)),
                                bool(e.get("past", False)), bool(e.get("others", False)),
                                _strs(e.get("events"), where, "events"),
                                bool(e.get("sides", False)), bool(e.get("reciprocal", False)),
                                bool(e.get("from_target", False))))
    names = {rt.relation for rt in out}
    for rt in out:
        if rt.otherwise and rt.otherwise not in names:
            raise CodebookError(f"{path}: entry '{rt.relation}': otherwise names an unknown "
                                f"relation '{rt.otherwise}'")
    return tuple(out)


def _number(settings: dict, key: str, path: Path, kind: type, low: float,
            default: Any = None) -> Any:
    """A numeric setting of type `kind` (int or float) and at least `low`, or the default
    when absent (None: required); one error line naming the file and the key."""
    value = settings.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            (kind is int and not isinstance(value, int)) or value < low:
        raise CodebookError(f"{path}: '{key}' must be a {kind.__name__} >= {low}")
    return kind(value)


def _honorific_sex(data: Any, path: Path) -> dict[str, str]:
    """roles.yaml `honorific_sex`: {m: [...], f: [...]} -> {honorific (lowercase): sex}."""
    if data is None:
        return {}
    if not isinstance(data, dict) or set(data) - {"m", "f"}:
        raise CodebookError(f"{path}: honorific_sex must map m and f to lists of honorifics")
    return {h.lower(): sex for sex, words in data.items()
            for h in _strs(words, str(path), f"honorific_sex.{sex}")}


def _load_shorthands(data: Any, path: Path, states: dict[str, State]) -> tuple[Shorthand, ...]:
    """roles.yaml `shorthands`: a word naming a state in an article on it and its
    counterparts ("the South" in an article on the two Koreas)."""
    if data is None:
        return ()
    out = []
    for i, e in enumerate(_entries(data, path)):
        where = f"{path}: shorthands entry {i + 1}"
        state = _str(e, "state", where, required=True)
        with_ = _strs(e.get("with"), where, "with")
        not_with = _strs(e.get("not_with"), where, "not_with")
        for iso3 in (state,) + with_ + not_with:
            if iso3 not in states:
                raise CodebookError(f"{where}: '{iso3}' is not a state of states.yaml")
        out.append(Shorthand(state, _strs(e.get("forms"), where, "forms", True), with_,
                             bool(e.get("bare", False)), not_with))
    return tuple(out)


def _load_conflicts(path: Path) -> tuple[Conflict, ...]:
    """Analyst-defined conflict systems (optional file: without it, systems are found from
    the relations)."""
    if not path.exists():
        return ()
    data = _read(path)
    if data is None:
        return ()
    out, seen = [], set()
    for i, e in enumerate(_entries(data, path)):
        cid = _str(e, "id", f"{path}: entry {i + 1}", required=True)
        where = f"{path}: entry '{cid}'"
        if cid in seen:
            raise CodebookError(f"{where}: duplicate id")
        seen.add(cid)
        out.append(Conflict(cid, _str(e, "name", where) or cid,
                            _strs(e.get("docs"), where, "docs", True),
                            _str(e, "definition", where)))
    return tuple(out)


def _load_clusters(path: Path) -> ClusterParams:
    """Read and check `clusters.yaml` (one error line naming the file and the problem)."""
    if not path.is_file():
        raise CodebookError(f"{path}: missing (clustering parameters of claim_clusters.csv)")
    data = _read(path)
    if not isinstance(data, dict):
        raise CodebookError(f"{path}: expected a mapping")

    def num(key: str, kind: type, low: float) -> Any:
        return _number(data, key, path, kind, low)

    def words(key: str) -> frozenset[str]:
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise CodebookError(f"{path}: '{key}' must be a list of words")
        return frozenset(v.strip().lower() for v in value)

    if data.get("claim_types") not in ("event", "all"):
        raise CodebookError(f"{path}: 'claim_types' must be 'event' or 'all'")
    if not isinstance(data.get("numbers_must_agree"), bool):
        raise CodebookError(f"{path}: 'numbers_must_agree' must be true or false")
    overlap = num("min_overlap", float, 0.0)
    if overlap > 1:
        raise CodebookError(f"{path}: 'min_overlap' must be between 0 and 1")
    return ClusterParams(
        claim_types=data["claim_types"], window_days=num("window_days", int, 0),
        max_candidates=num("max_candidates", int, 1), min_documents=num("min_documents", int, 2),
        min_word_length=num("min_word_length", int, 1),
        min_shared_words=num("min_shared_words", int, 1), min_overlap=overlap,
        numbers_must_agree=data["numbers_must_agree"], own_voice=words("own_voice"),
        shift_modalities=words("shift_modalities"),
        attributed=words("attributed"), stopwords=words("stopwords"))


def _load_loaded(path: Path) -> tuple[Loaded, ...]:
    out = []
    for i, e in enumerate(_entries(_read(path), path)):
        label = _str(e, "label", f"{path}: entry {i + 1}", required=True)
        where = f"{path}: entry '{label}'"
        target = _str(e, "target", where) or "np"
        if target not in {"np", "left", "right"}:
            raise CodebookError(f"{where}: target must be np, left or right")
        out.append(Loaded(label, _str(e, "device", where) or "label", target,
                          _strs(e.get("phrases"), where, "phrases")))
    return tuple(out)


def _load_boilerplate(path: Path) -> dict[str, dict[str, tuple[str, ...]]]:
    data = _read(path)
    if not isinstance(data, dict):
        raise CodebookError(f"{path}: expected a mapping of outlet -> lines/patterns")
    out = {}
    for outlet, spec in data.items():
        where = f"{path}: entry '{outlet}'"
        if not isinstance(spec, dict):
            raise CodebookError(f"{where}: expected 'lines' and/or 'patterns'")
        pats = _strs(spec.get("patterns"), where, "patterns")
        for p in pats:
            try:
                re.compile(p)
            except re.error as exc:
                raise CodebookError(f"{where}: pattern {p!r} is not a valid regex ({exc})") from None
        out[str(outlet).lower()] = {"lines": _strs(spec.get("lines"), where, "lines"),
                                    "patterns": pats}
    return out


def _role_ids(value: Any, path: Path, key: str, roles: dict[str, Role],
              required: bool = False) -> tuple[str, ...]:
    """A roles.yaml list of role ids (or one id), each a role the file defines."""
    ids = _strs(value, str(path), key, required)
    unknown = [r for r in ids if r not in roles]
    if unknown:
        raise CodebookError(f"{path}: {key}: '{unknown[0]}' is not a role (roles: "
                            f"{', '.join(roles)})")
    return ids


def _check_references(cb: Codebook, path: Path) -> None:
    """Every parent and office points to a known or derivable actor; aliases are unique."""
    for a in cb.actors.values():
        where = f"{path}: entry '{a.id}'"
        if a.parent and cb.get(a.parent) is None:
            raise CodebookError(f"{where}: parent '{a.parent}' is not a known actor")
        for o in a.offices:
            if cb.get(o.office) is None:
                raise CodebookError(f"{where}: office '{o.office}' is not a known actor")
    owner: dict[str, str] = {}
    for s in cb.states.values():
        for alias in s.aliases + s.capitals:
            owner.setdefault(alias.lower(), s.id)
    for a in cb.actors.values():
        for alias in a.aliases:
            key = alias.lower()
            if key in owner and owner[key] != a.id:
                raise CodebookError(f"{path}: entry '{a.id}': alias '{alias}' is already used "
                                    f"by '{owner[key]}'")
            owner[key] = a.id


def codebook_digest(folder: Path | str) -> str:
    """sha256 over the codebook files (names and bytes), for caches and reports."""
    return _digest(Path(folder))


def _load_grammar(path: Path) -> Grammar:
    """grammar.yaml: the English words the extraction reads, checked against `GRAMMAR_SPEC`
    (every section and key present, no other, each of its kind; one error line)."""
    data = _read(path)
    if not isinstance(data, dict):
        raise CodebookError(f"{path}: expected a mapping of sections")
    unknown = sorted(set(data) - set(GRAMMAR_SPEC))
    if unknown:
        raise CodebookError(f"{path}: unknown section '{unknown[0]}' (sections: "
                            f"{', '.join(GRAMMAR_SPEC)})")
    sections: dict[str, dict[str, Any]] = {}
    for name, spec in GRAMMAR_SPEC.items():
        where = f"{path}: {name}"
        body = data.get(name)
        if not isinstance(body, dict):
            raise CodebookError(f"{where}: expected a mapping with {', '.join(spec)}")
        unknown = sorted(set(body) - set(spec))
        if unknown:
            raise CodebookError(f"{where}: unknown key '{unknown[0]}'")
        sections[name] = {key: _grammar_entry(body.get(key), kind, where, key)
                          for key, kind in spec.items()}
    _disjoint(sections["stop_names"], f"{path}: stop_names")
    return Grammar(sections)


def _disjoint(groups: dict[str, tuple[str, ...]], where: str) -> None:
    """Each word in one group only (a group says which readers read it)."""
    seen: dict[str, str] = {}
    for key, words in groups.items():
        for w in words:
            if seen.setdefault(w, key) != key:
                raise CodebookError(f"{where}: '{w}' is in both '{seen[w]}' and '{key}'")


def _grammar_entry(value: Any, kind: str, where: str, key: str) -> Any:
    """One grammar.yaml entry of its kind: a tuple of lower-case words, or word -> int."""
    if kind == "numbers":
        if not isinstance(value, dict) or not value or not all(
                isinstance(k, str) and k.strip() and type(v) is int and v >= 0
                for k, v in value.items()):
            raise CodebookError(f"{where}: '{key}' must map words to non-negative integers")
        return {k.strip().lower(): v for k, v in value.items()}
    words = _strs(value, where, key, True)
    bad = [w for w in words if w != w.lower()]
    if bad:
        raise CodebookError(f"{where}: '{key}': '{bad[0]}' must be lower case")
    return words


def _digest(folder: Path) -> str:
    """sha256 over the codebook files (names and bytes), for caches and reports."""
    h = hashlib.sha256()
    for name in FILES:
        p = folder / name
        if p.exists():
            h.update(name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def load_codebook(folder: Path | str | None = None) -> Codebook:
    """Load and validate the codebook folder.

    Args:
        folder: the codebook folder (default `config.CODEBOOK`).
    Returns:
        The validated `Codebook`.
    Raises:
        CodebookError: one line naming the file, the entry and the problem.
    """
    folder = Path(folder or config.CODEBOOK)
    return _load_cached(str(folder.resolve()), _digest(folder))


@lru_cache(maxsize=4)
def _load_cached(folder_s: str, digest: str) -> Codebook:
    folder = Path(folder_s)
    states = _load_states(folder / "states.yaml")
    roles, settings = _load_roles(folder / "roles.yaml")
    actors = _load_actors(folder / "actors.yaml", states, roles)
    cues = _load_cues(folder / "cues.yaml")
    mod = _read(folder / "modality.yaml")
    if not isinstance(mod, dict):
        raise CodebookError(f"{folder / 'modality.yaml'}: expected a mapping")
    modality = {k: _strs(mod.get(k), f"{folder / 'modality.yaml'}", k, True)
                for k in ("conditional", "hedged", "forecast")}
    rp = folder / "roles.yaml"
    cb = Codebook(
        states=states, actors=actors, roles=roles,
        nationals=_strs((settings.get("nationals") or {}).get("heads"), f"{rp}: nationals", "heads"),
        agent_nouns=_strs(settings.get("agent_nouns"), str(rp), "agent_nouns"),
        place_prepositions=_strs(settings.get("place_prepositions"), str(rp), "place_prepositions"),
        pro_prefix=_strs(settings.get("pro_prefix"), str(rp), "pro_prefix", True)[0],
        backed_suffix=_strs(settings.get("backed_suffix"), str(rp), "backed_suffix", True)[0],
        led_suffix=_strs(settings.get("led_suffix"), str(rp), "led_suffix", True)[0],
        backed_role=_role_ids(settings.get("backed_role"), rp, "backed_role", roles, True)[0],
        led_role=_role_ids(settings.get("led_role"), rp, "led_role", roles, True)[0],
        honorifics=_strs(settings.get("honorifics"), str(rp), "honorifics"),
        honorific_sex=_honorific_sex(settings.get("honorific_sex"), rp),
        agentive_from=_strs(settings.get("agentive_from"), str(rp), "agentive_from"),
        place_modifiers=_strs(settings.get("place_modifiers"), str(rp), "place_modifiers"),
        places=_load_places(folder / "places.yaml", states),
        modality=modality,
        scare_quote_max_words=int(mod.get("scare_quote_max_words") or 3),
        negators=_strs(mod.get("negators"), f"{folder / 'modality.yaml'}", "negators"),
        denial_predicates=_strs(mod.get("denial_predicates"), f"{folder / 'modality.yaml'}",
                                "denial_predicates"),
        claim_types=_load_claim_types(folder / "claim_types.yaml"),
        relation_types=_load_relations(folder / "relations.yaml"),
        loaded=_load_loaded(folder / "loaded.yaml"),
        boilerplate=_load_boilerplate(folder / "boilerplate.yaml"),
        digest=digest,
        conflicts=_load_conflicts(folder / "conflicts.yaml"),
        clusters=_load_clusters(folder / "clusters.yaml"),
        person_roles=_strs(settings.get("person_roles"), str(rp), "person_roles"),
        affiliation_preps=_strs(settings.get("affiliation_preps"), str(rp), "affiliation_preps"),
        not_state_of=_strs(settings.get("not_state_of"), str(rp), "not_state_of"),
        not_in_state=_role_ids(settings.get("not_in_state"), rp, "not_in_state", roles),
        name_particles=_strs(settings.get("name_particles"), str(rp), "name_particles"),
        shorthands=_load_shorthands(settings.get("shorthands"), rp, states),
        anaphor_window=_number(settings, "anaphor_window", rp, int, 0, 3),
        grammar=_load_grammar(folder / "grammar.yaml"),
        **cues,
    )
    _check_references(cb, folder / "actors.yaml")
    return cb
