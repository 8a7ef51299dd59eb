"""The demo's joint bodies (docs/joint.md): the LokBrå that Karlskoga and Degerfors share,
and the lokalpolisområde Katrineholm–Flen–Vingåker, of which only Flen uses Trygg.

Made through the places services by the coordinators themselves (create, invite, accept), so
the audit log shows the consent as it would happen. Idempotent: a body that already has
members is left alone; one left without members by ``seed_demo --reset`` is removed first."""

from __future__ import annotations

from trygg.accounts.models import User
from trygg.places import joint
from trygg.places.choices import JointKind
from trygg.places.models import JointBody, Municipality

#: name, kind, the founding municipality, the municipalities it invites (who accept)
BODIES: list[tuple[str, str, str, list[str]]] = [
    ("LokBrå Karlskoga–Degerfors", JointKind.COUNCIL, "1883", ["1862"]),
    ("LPO Katrineholm–Flen–Vingåker", JointKind.POLICE_AREA, "0482", []),
]


def _coordinator(municipality: Municipality) -> User | None:
    return (
        User.objects.filter(
            memberships__municipality=municipality,
            memberships__role="coordinator",
            memberships__active=True,
            username__startswith="samordnare.",
        )
        .order_by("pk")
        .first()
    )


def build_joint_bodies() -> int:
    """Create the demo's joint bodies whose municipalities exist; returns how many were made."""
    made = 0
    for name, kind, founder_code, invited_codes in BODIES:
        existing = JointBody.objects.filter(name=name).first()
        if existing is not None:
            if existing.memberships.exists():
                continue
            existing.delete()
        codes = [founder_code, *invited_codes]
        found = {m.code: m for m in Municipality.objects.filter(code__in=codes, is_demo=True)}
        if len(found) != len(codes):
            continue
        founder = found[founder_code]
        actor = _coordinator(founder)
        if actor is None:
            continue
        body = joint.joint_body_create(actor=actor, municipality=founder, name=name, kind=kind)
        for code in invited_codes:
            invited = found[code]
            answering = _coordinator(invited)
            if answering is None:
                continue
            membership = joint.joint_invite(actor=actor, body=body, municipality=founder, code=code)
            joint.joint_accept(actor=answering, membership=membership)
        made += 1
    return made
