"""Dated offices: a title and a name that disagree with the codebook become a flag.

"Defense Minister Jane Doe" in an article published when the codebook has someone else in
that office is a reference-consistency problem the analyst should see (a `Flag`), not a
silent re-attribution.
"""
from __future__ import annotations

from analysis.extract.actor_doc import ActorDoc
from analysis.extract.actor_lexicon import ActorMatcher
from analysis.records import Flag


class OfficeCheck:
    """Compares a title + name with the offices the codebook dates for that person."""

    def __init__(self, m: ActorMatcher):
        self.m, self.cb = m, m.cb

    def check_office(self, d: ActorDoc, start: int, end: int, person_id: str, iso3: str, role: str) -> None:
        """Flag a title + name that disagrees with the codebook's dated offices."""
        office_id = self.cb.role_actor_id(iso3, role) if iso3 else ""
        person = self.cb.get(person_id) if person_id else None
        def in_state(o) -> bool:
            office = self.cb.get(o.office)
            return bool(office) and office.state == iso3

        surface = d.doc.text[start:end]
        if person is None:
            return
        if not person.offices:
            return
        expected = self.holder(d, iso3, role)
        ok = any(o.holds(d.when) and o.title == role and (not iso3 or in_state(o))
                 for o in person.offices)
        if ok:
            return
        title_name = self.cb.roles[role].titles[0] if self.cb.roles[role].titles else role
        held = [f"{self.cb.get(o.office).name if self.cb.get(o.office) else o.office} "
                f"({o.start or '?'} to {o.end or 'present'})" for o in person.offices]
        when = d.when.isoformat() if d.when else "the publication date"
        problem = (f"'{surface}': the codebook has {person.name} as {', '.join(held)}, not "
                   f"{title_name}" + (f" of {self.cb.states[iso3].name}" if iso3 in self.cb.states else "")
                   + f" on {when}")
        if expected:
            problem += f"; the holder then was {self.cb.get(expected).name}"
        d.flags.append(Flag(d.doc.doc_id, d.sent_of(start), start, end, surface,
                               person.id, office_id, expected, problem))

    def holder(self, d: ActorDoc, iso3: str, role: str) -> str:
        """The person holding `role` for state `iso3` on the publication date ('' when none
        or no state), looked up in the codebook once per document, state and role."""
        key = (iso3, role)
        if key not in d.holders:
            def in_state(o) -> bool:
                office = self.cb.get(o.office)
                return bool(office) and office.state == iso3

            d.holders[key] = next(
                (a.id for a in self.cb.actors.values() if a.type == "person" and any(
                    o.holds(d.when) and o.title == role and in_state(o) for o in a.offices)),
                "") if iso3 else ""
        return d.holders[key]

