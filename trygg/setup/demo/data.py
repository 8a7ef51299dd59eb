"""The static description of the demo world: areas, places, organisations, users, patterns.

Everything here is invented for demonstration. Coordinates are approximate centres of real
places so the map looks familiar; names of people are deliberately fictional.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trygg.setup.demo.signals import SignalSpec

# the documented password of every demo account (demo mode only)
DEMO_PASSWORD = "trygg-demo"
DEMO_SUFFIX = " [Demo]"


@dataclass(frozen=True)
class AreaSpec:
    name: str
    lat: float
    lon: float
    radius_m: float
    #: areas of one cluster are split between them (Voronoi) so that they touch, not overlap
    cluster: str = ""
    #: relative number of events, and extra weight for evening/night categories
    weight: float = 1.0
    evening_boost: float = 1.0
    code: str = ""


@dataclass(frozen=True)
class PlaceSpec:
    name: str
    lat: float
    lon: float
    description: str = ""
    #: relative pull of events in the area towards this place
    weight: float = 1.0


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    type: str
    frequency: str = "weekly"
    contact_name: str = ""
    contact_email: str = ""
    #: category code -> relative weight of this organisation reporting such events
    affinity: dict[str, float] = field(default_factory=dict)
    #: area name -> extra factor (e.g. a housing company owns buildings in some areas)
    area_factor: dict[str, float] = field(default_factory=dict)
    #: probability of missing a week in which it is expected to report (before holidays)
    missing_rate: float = 0.04


@dataclass(frozen=True)
class UserSpec:
    username: str
    org: str
    role: str
    first_name: str
    last_name: str


@dataclass(frozen=True)
class MunicipalitySpec:
    code: str
    areas: list[AreaSpec]
    places: list[PlaceSpec]
    organisations: list[OrgSpec]
    users: list[UserSpec]
    #: mean counted reports per week at season factor 1
    weekly_mean: float
    #: the coordinator org (created directly: the first actor must exist before services)
    coordinator_org: str = "samordning"
    #: planted changes the weekly picture should find (trygg.setup.demo.signals)
    signals: tuple[SignalSpec, ...] = ()


# ---------------------------------------------------------------------------------------------
# Category behaviour (codes from trygg.reports.defaults)

#: base share of events per category
CATEGORY_WEIGHTS: dict[str, float] = {
    "skadegorelse": 14,
    "klotter": 9,
    "nedskrapning": 10,
    "brand": 3,
    "samlas-stor": 13,
    "narkotika": 6,
    "hot-vald": 4,
    "ran": 1,
    "inbrott-stold": 7,
    "buskorning": 4,
    "otrygg-plats": 5,
    "incident-anstalld": 2,
    "ordningsstorning": 8,
    "ryktesspridning": 2,
    "evenemang": 1,
    "ovrigt": 2,
}

#: which categories happen in the evening and at night (the rest mostly in daytime)
EVENING_CATEGORIES = {
    "skadegorelse",
    "brand",
    "samlas-stor",
    "narkotika",
    "hot-vald",
    "ran",
    "buskorning",
    "ordningsstorning",
}

#: categories whose time is typically a window (discovered afterwards)
WINDOW_PRONE = {"skadegorelse", "klotter", "inbrott-stold", "nedskrapning", "brand"}

#: seasonal multiplier per category (month 1..12 -> factor); missing = 1
CATEGORY_SEASON: dict[str, list[float]] = {
    "samlas-stor": [0.6, 0.6, 0.8, 1.0, 1.3, 1.5, 1.4, 1.5, 1.2, 1.0, 0.8, 0.7],
    "buskorning": [0.4, 0.4, 0.7, 1.1, 1.5, 1.6, 1.5, 1.4, 1.1, 0.8, 0.5, 0.5],
    "nedskrapning": [0.5, 0.5, 0.8, 1.2, 1.4, 1.5, 1.5, 1.3, 1.0, 0.8, 0.6, 0.6],
    "brand": [0.8, 0.6, 0.8, 1.3, 1.2, 1.1, 1.0, 1.0, 0.9, 1.0, 0.9, 1.2],
    "otrygg-plats": [1.5, 1.3, 1.0, 0.8, 0.6, 0.5, 0.5, 0.7, 1.0, 1.3, 1.6, 1.6],
    "inbrott-stold": [1.0, 0.9, 0.9, 0.9, 1.0, 1.1, 1.3, 1.2, 1.0, 1.0, 1.1, 1.2],
}

#: overall seasonality of the volume (month 1..12): summer and autumn peaks, quiet Jan-Feb
SEASON = [0.68, 0.70, 0.82, 0.95, 1.08, 1.22, 1.12, 1.22, 1.18, 1.20, 0.98, 0.90]

#: impact distribution per category (P(1), P(2), P(3)); missing = (0.4, 0.45, 0.15)
IMPACT: dict[str, tuple[float, float, float]] = {
    "nedskrapning": (0.8, 0.18, 0.02),
    "klotter": (0.65, 0.3, 0.05),
    "skadegorelse": (0.3, 0.55, 0.15),
    "brand": (0.1, 0.45, 0.45),
    "narkotika": (0.1, 0.5, 0.4),
    "hot-vald": (0.0, 0.3, 0.7),
    "ran": (0.0, 0.15, 0.85),
    "inbrott-stold": (0.15, 0.6, 0.25),
    "incident-anstalld": (0.1, 0.5, 0.4),
    "otrygg-plats": (0.45, 0.45, 0.1),
    "evenemang": (0.7, 0.25, 0.05),
}

#: number of people involved: (P(given), min low, min high, spread)
PEOPLE: dict[str, tuple[float, int, int, int]] = {
    "samlas-stor": (0.9, 3, 15, 10),
    "ordningsstorning": (0.7, 1, 6, 5),
    "hot-vald": (0.9, 1, 3, 2),
    "ran": (0.9, 1, 3, 2),
    "narkotika": (0.6, 1, 4, 3),
    "skadegorelse": (0.35, 1, 4, 3),
    "buskorning": (0.6, 1, 4, 3),
    "incident-anstalld": (0.8, 1, 3, 2),
    "brand": (0.2, 1, 3, 2),
    "evenemang": (0.6, 20, 150, 100),
}

POLICE_CONTACT: dict[str, float] = {
    "hot-vald": 0.75,
    "ran": 0.95,
    "narkotika": 0.5,
    "inbrott-stold": 0.6,
    "brand": 0.35,
    "skadegorelse": 0.2,
    "ordningsstorning": 0.3,
    "buskorning": 0.25,
    "incident-anstalld": 0.4,
}

#: generic Swedish descriptions per category: no names, no numbers that could identify anyone
DESCRIPTIONS: dict[str, list[str]] = {
    "skadegorelse": [
        "Krossad ruta vid entrén.",
        "Sönderslagen belysning längs gångvägen.",
        "Papperskorg och bänk förstörda under kvällen.",
        "Uppbrutet förråd, dörren skadad.",
        "Sparkade sönder skyltar vid busshållplatsen.",
        "Skadad cykelställning och krossat glas på marken.",
    ],
    "klotter": [
        "Nytt klotter på fasaden.",
        "Taggar på elskåp och skyltar.",
        "Stort klotter på bullerplanket, behöver saneras.",
        "Klotter i trapphuset.",
    ],
    "nedskrapning": [
        "Mycket skräp och glas efter helgen.",
        "Nedskräpat vid bänkarna, tomma burkar och förpackningar.",
        "Överfulla papperskorgar och skräp i buskarna.",
        "Dumpade sopsäckar vid återvinningen.",
    ],
    "brand": [
        "Brand i papperskorg, släckt av räddningstjänsten.",
        "Anlagd brand i container.",
        "Brand i soprum, begränsad skada.",
        "Eldat på lekplatsen, brännmärken på utrustningen.",
        "Bilbrand på parkeringen.",
    ],
    "samlas-stor": [
        "Grupp ungdomar samlades och spelade hög musik sent på kvällen.",
        "Återkommande samling vid entrén, boende upplever otrygghet.",
        "Större grupp samlades, kastade saker mot förbipasserande.",
        "Grupp i trappuppgången, stökigt och högljutt.",
    ],
    "narkotika": [
        "Misstänkt narkotikaförsäljning, bilar som stannar kort.",
        "Hittade använda sprutor i buskaget.",
        "Tydlig lukt av cannabis, flera personer samlade.",
        "Misstänkt langning vid gångtunneln.",
    ],
    "hot-vald": [
        "Bråk mellan flera personer, en person skadad.",
        "Hot mot förbipasserande.",
        "Slagsmål utanför entrén, polis tillkallad.",
        "Personal hotad när de bad gruppen lämna platsen.",
    ],
    "ran": [
        "Rån mot ungdom, mobil och jacka tagna.",
        "Personrån på gångvägen sent på kvällen.",
    ],
    "inbrott-stold": [
        "Inbrott i källarförråd, flera förråd uppbrutna.",
        "Stöld av cyklar från cykelrummet.",
        "Inbrottsförsök i lokal, dörren skadad.",
        "Stöld ur bilar på parkeringen.",
    ],
    "buskorning": [
        "Mopeder kör på gång- och cykelbanan.",
        "Buskörning med moped i parken.",
        "Bilar som kör fort och spinner på parkeringen.",
        "Crossar kör i området, boende oroliga.",
        "Epa-traktorer och mopeder kör runt i området sent på kvällen.",
    ],
    "otrygg-plats": [
        "Trasig belysning, mörkt och otryggt längs gångvägen.",
        "Igenvuxen buskage skymmer sikten vid gångtunneln.",
        "Boende upplever platsen som ödslig och otrygg kvällstid.",
        "Flera lampor släckta i gångtunneln.",
    ],
    "incident-anstalld": [
        "Personal hindrad i arbetet av grupp på platsen.",
        "Anställd utsatt för verbala hot under arbetspasset.",
        "Personal fick avbryta uppdraget på grund av stökig stämning.",
    ],
    "ordningsstorning": [
        "Högljutt och stökigt sent på natten.",
        "Berusade personer stör ordningen.",
        "Smällare kastades mot förbipasserande.",
        "Störande fest med många personer.",
    ],
    "ryktesspridning": [
        "Rykten i sociala medier om bråk i helgen, oro bland ungdomar.",
        "Uppmaningar i sociala medier att samlas i centrum.",
        "Oro bland föräldrar efter inlägg i sociala medier.",
    ],
    "evenemang": [
        "Evenemang med många besökare, lugnt men mycket folk.",
        "Marknad i centrum, trafikstörningar under dagen.",
        "Konsert i parken, viss nedskräpning efteråt.",
    ],
    "ovrigt": [
        "Övergiven cykel och skräp vid entrén.",
        "Lös hund i parken, skrämde barn.",
        "Vattenläcka i gångtunneln gör den svår att passera.",
    ],
}

REJECTION_REASONS = [
    "Händelsen gäller inte trygghet i området.",
    "Dubbelrapporterad händelse som inte gick att koppla ihop.",
    "Händelsen inträffade utanför kommunen.",
    "Felaktig kategori och för lite information för att bedöma.",
]

#: holiday name -> categories with extra events that day (the dates are computed per year)
HOLIDAY_CATEGORIES: dict[str, dict[str, float]] = {
    "valborg": {
        "ordningsstorning": 3,
        "skadegorelse": 2,
        "brand": 2,
        "nedskrapning": 2,
        "samlas-stor": 2,
    },
    "skolavslutning": {"samlas-stor": 3, "ordningsstorning": 2, "nedskrapning": 1},
    "midsommar": {"ordningsstorning": 3, "nedskrapning": 2, "hot-vald": 1},
    "halloween": {"skadegorelse": 3, "ordningsstorning": 2, "brand": 1},
    "nyar": {"brand": 3, "skadegorelse": 3, "ordningsstorning": 3},
}


# ---------------------------------------------------------------------------------------------
# Flens kommun (0482)

# hour weights (0..23) for evening/night events and for daytime events
# fmt: off
EVENING_HOURS_WEIGHTS = (
    5, 4, 3, 2, 1, 0.5, 0.3, 0.3, 0.3, 0.4, 0.5, 0.6,
    0.8, 1, 1.2, 1.6, 2, 2.6, 3.5, 4.5, 5.5, 6.5, 7, 6.5,
)
DAY_HOURS_WEIGHTS = (
    0.3, 0.2, 0.1, 0.1, 0.2, 0.6, 2, 4, 5.5, 5.5, 5, 4.5,
    4, 4.5, 4.5, 4, 3.5, 3, 2, 1.5, 1, 0.8, 0.6, 0.4,
)
# fmt: on
