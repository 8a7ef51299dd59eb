"""The default EST category checklist (DOMAIN.md), with demo harm weights."""

from __future__ import annotations

# code, Swedish name, English name, harm weight, publishable
DEFAULT_CATEGORIES: list[tuple[str, str, str, float, bool]] = [
    ("skadegorelse", "Skadegörelse", "Vandalism", 2.0, True),
    ("klotter", "Klotter", "Graffiti", 1.0, True),
    ("nedskrapning", "Nedskräpning", "Littering", 0.5, True),
    ("brand", "Brand/anlagd brand", "Fire/arson", 4.0, True),
    (
        "samlas-stor",
        "Ungdomar eller andra som samlas och stör",
        "Young people or others gathering and disturbing",
        1.5,
        True,
    ),
    (
        "narkotika",
        "Öppen eller misstänkt narkotikahantering",
        "Open or suspected drug dealing",
        4.0,
        True,
    ),
    ("hot-vald", "Hot och våld", "Threats and violence", 6.0, True),
    ("ran", "Rån", "Robbery", 6.0, True),
    ("inbrott-stold", "Inbrott/stöld", "Burglary/theft", 3.0, True),
    (
        "buskorning",
        "Buskörning och olovlig trafik",
        "Reckless driving and illegal traffic",
        2.0,
        True,
    ),
    (
        "otrygg-plats",
        "Otrygg plats (mörk, ödslig, skymd)",
        "Unsafe place (dark, deserted, hidden)",
        1.0,
        True,
    ),
    (
        "incident-anstalld",
        "Incident mot anställd (hot, hindrad i arbetet)",
        "Incident against staff (threats, obstruction)",
        4.0,
        False,
    ),
    ("ordningsstorning", "Ordningsstörning", "Public disorder", 2.0, True),
    (
        "ryktesspridning",
        "Ryktesspridning eller oro på sociala medier",
        "Rumours or unrest on social media",
        1.0,
        False,
    ),
    (
        "evenemang",
        "Arrangemang/evenemang som påverkar läget",
        "Event affecting the situation",
        0.5,
        True,
    ),
    ("ovrigt", "Övrigt", "Other", 1.0, True),
]
