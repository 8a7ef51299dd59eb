"""The static description of the demo world: areas, places, organisations, users, patterns.

Everything here is invented for demonstration. Coordinates are approximate centres of real
places so the map looks familiar; names of people are deliberately fictional.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    #: a planted recent increase: (category, area, extra per week, number of weeks)
    planted: tuple[str, str, float, int] | None = None


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

_FLEN_TOWN = "flen"

FLEN = MunicipalitySpec(
    code="0482",
    weekly_mean=27.0,
    planted=("buskorning", "Salsta", 3.5, 6),
    areas=[
        AreaSpec("Stationsområdet/Resecentrum", 59.0555, 16.5850, 450, _FLEN_TOWN, 5.5, 1.6, "STN"),
        AreaSpec("Flen centrum", 59.0580, 16.5880, 550, _FLEN_TOWN, 5.0, 1.4, "CTR"),
        AreaSpec("Sveaparken", 59.0600, 16.5935, 450, _FLEN_TOWN, 3.5, 1.5, "SVP"),
        AreaSpec("Salsta", 59.0530, 16.5990, 700, _FLEN_TOWN, 2.5, 1.0, "SAL"),
        AreaSpec("Malmköping", 59.1330, 16.7360, 1200, "", 2.2, 1.0, "MKP"),
        AreaSpec("Hälleforsnäs", 59.1590, 16.5040, 1000, "", 1.6, 1.0, "HFN"),
        AreaSpec("Sparreholm", 59.0790, 16.8300, 800, "", 0.6, 0.8, "SPH"),
        AreaSpec("Mellösa", 59.1130, 16.5560, 700, "", 0.5, 0.8, "MEL"),
        AreaSpec("Bettna", 58.9260, 16.6310, 700, "", 0.35, 0.8, "BET"),
    ],
    places=[
        PlaceSpec("Resecentrum", 59.0553, 16.5846, "Station och bussterminal.", 3.0),
        PlaceSpec("Stationsgatan", 59.0562, 16.5858, "", 1.5),
        PlaceSpec("Torget", 59.0584, 16.5888, "Torget i Flen.", 2.0),
        PlaceSpec("Flens simhall", 59.0593, 16.5866, "", 0.8),
        PlaceSpec("Sveaparken lekplats", 59.0603, 16.5942, "", 2.0),
        PlaceSpec("Salsta centrum", 59.0530, 16.5992, "Butiker och busshållplats.", 2.0),
        PlaceSpec("Salsta bollplan", 59.0518, 16.6015, "", 1.0),
        PlaceSpec("Malmköpings torg", 59.1333, 16.7352, "", 2.0),
        PlaceSpec("Malmköpings busstation", 59.1322, 16.7375, "", 1.0),
        PlaceSpec("Hälleforsnäs bruk", 59.1600, 16.5060, "Bruksområdet.", 1.5),
        PlaceSpec("Sparreholms station", 59.0795, 16.8290, "", 1.0),
        PlaceSpec("Mellösa bygdegård", 59.1134, 16.5566, "", 1.0),
        PlaceSpec("Bettna idrottsplats", 58.9266, 16.6302, "", 1.0),
    ],
    organisations=[
        OrgSpec(
            "samordning",
            "Flens kommun – Trygghetssamordning",
            "municipal",
            "none",
            "Sara Samordnare (demo)",
            "trygghet.flen@example.org",
            {"ryktesspridning": 1, "evenemang": 1},
        ),
        OrgSpec(
            "fritid",
            "Flens kommun – Fritid (fritidsgård)",
            "municipal",
            "weekly",
            "Frida Fritidsledare (demo)",
            "fritid.flen@example.org",
            {
                "samlas-stor": 6,
                "ordningsstorning": 2,
                "ryktesspridning": 2,
                "narkotika": 1,
                "skadegorelse": 1,
                "evenemang": 1,
                "incident-anstalld": 1,
            },
        ),
        OrgSpec(
            "gatapark",
            "Flens kommun – Gata/park",
            "municipal",
            "weekly",
            "Gustav Gatuchef (demo)",
            "gatapark.flen@example.org",
            {
                "klotter": 5,
                "nedskrapning": 6,
                "skadegorelse": 4,
                "otrygg-plats": 5,
                "brand": 1,
                "ovrigt": 2,
            },
        ),
        OrgSpec(
            "faltgrupp",
            "Flens kommun – Socialtjänsten fältgrupp",
            "municipal",
            "weekly",
            "Fia Fältarbetare (demo)",
            "faltgrupp.flen@example.org",
            {
                "samlas-stor": 5,
                "narkotika": 4,
                "ryktesspridning": 3,
                "ordningsstorning": 2,
                "hot-vald": 1,
                "otrygg-plats": 1,
            },
        ),
        OrgSpec(
            "bostader",
            "Flens Bostäder AB",
            "housing",
            "weekly",
            "Bo Bovärd (demo)",
            "bostader.flen@example.org",
            {
                "skadegorelse": 6,
                "klotter": 4,
                "nedskrapning": 3,
                "inbrott-stold": 5,
                "brand": 1,
                "samlas-stor": 2,
                "ordningsstorning": 2,
                "otrygg-plats": 1,
                "incident-anstalld": 1,
                "buskorning": 1,
            },
            {"Salsta": 2.5, "Sveaparken": 1.5, "Hälleforsnäs": 1.5, "Malmköping": 1.2},
        ),
        OrgSpec(
            "fastighet",
            "Kvarteret Eken Fastigheter AB",
            "housing",
            "weekly",
            "Filip Fastighetsskötare (demo)",
            "eken.flen@example.org",
            {
                "skadegorelse": 4,
                "klotter": 3,
                "inbrott-stold": 3,
                "nedskrapning": 2,
                "samlas-stor": 1,
            },
            {"Flen centrum": 2.0, "Stationsområdet/Resecentrum": 1.5},
        ),
        OrgSpec(
            "bevakning",
            "Nattljus Bevakning AB",
            "security",
            "weekly",
            "Vera Väktare (demo)",
            "nattljus.flen@example.org",
            {
                "skadegorelse": 3,
                "inbrott-stold": 3,
                "samlas-stor": 3,
                "ordningsstorning": 3,
                "narkotika": 1,
                "buskorning": 2,
                "brand": 1,
            },
            {"Stationsområdet/Resecentrum": 2.0, "Flen centrum": 1.5},
        ),
        OrgSpec(
            "polis",
            "Polisen LPO Katrineholm",
            "police",
            "weekly",
            "Kim Kommunpolis (demo)",
            "lpo.katrineholm@example.org",
            {
                "narkotika": 6,
                "hot-vald": 6,
                "ran": 5,
                "ordningsstorning": 3,
                "buskorning": 3,
                "inbrott-stold": 2,
            },
            missing_rate=0.03,
        ),
        OrgSpec(
            "raddning",
            "Räddningstjänsten Flen",
            "rescue",
            "weekly",
            "Rut Räddningsledare (demo)",
            "raddning.flen@example.org",
            {"brand": 10, "otrygg-plats": 0.5},
            missing_rate=0.05,
        ),
        OrgSpec(
            "migration",
            "Migrationsverket",
            "government",
            "biweekly",
            "Maja Mottagning (demo)",
            "mottagning.flen@example.org",
            {"incident-anstalld": 3, "ordningsstorning": 1, "hot-vald": 1, "ryktesspridning": 1},
            missing_rate=0.1,
        ),
        OrgSpec(
            "skola",
            "Flens kommun – Centralskolan",
            "school",
            "weekly",
            "Rektor Rebecka (demo)",
            "skola.flen@example.org",
            {
                "skadegorelse": 2,
                "incident-anstalld": 2,
                "ryktesspridning": 2,
                "samlas-stor": 1,
                "klotter": 1,
            },
            missing_rate=0.06,
        ),
        OrgSpec(
            "nattvandrarna",
            "Nattvandrarna Flen",
            "association",
            "none",
            "Nils Nattvandrare (demo)",
            "nattvandrarna.flen@example.org",
            {"samlas-stor": 3, "otrygg-plats": 2, "nedskrapning": 1, "ordningsstorning": 1},
        ),
    ],
    users=[
        UserSpec("samordnare.flen", "samordning", "coordinator", "Sara", "Samordnare"),
        UserSpec("analytiker.flen", "samordning", "analyst", "Anders", "Analytiker"),
        UserSpec("rapportor.flen", "bostader", "reporter", "Rasmus", "Rapportör"),
        UserSpec("partner.flen", "faltgrupp", "partner", "Petra", "Partner"),
        UserSpec("polis.flen", "polis", "partner", "Per", "Polis"),
        UserSpec("fritid.flen", "fritid", "reporter", "Frida", "Fritidsledare"),
        UserSpec("gatapark.flen", "gatapark", "reporter", "Gustav", "Gatuchef"),
        UserSpec("fastighet.flen", "fastighet", "reporter", "Filip", "Fastighetsskötare"),
        UserSpec("bevakning.flen", "bevakning", "reporter", "Vera", "Väktare"),
        UserSpec("raddning.flen", "raddning", "reporter", "Rut", "Räddningsledare"),
        UserSpec("migration.flen", "migration", "reporter", "Maja", "Mottagning"),
        UserSpec("skola.flen", "skola", "reporter", "Rebecka", "Rektor"),
        UserSpec("nattvandrare.flen", "nattvandrarna", "reporter", "Nils", "Nattvandrare"),
    ],
)


# ---------------------------------------------------------------------------------------------
# Degerfors kommun (1862)

_DEGERFORS_TOWN = "degerfors"

DEGERFORS = MunicipalitySpec(
    code="1862",
    weekly_mean=11.0,
    areas=[
        AreaSpec("Degerfors centrum", 59.2380, 14.4310, 900, _DEGERFORS_TOWN, 4.0, 1.4, "CTR"),
        AreaSpec("Strömtorp", 59.2470, 14.4470, 900, _DEGERFORS_TOWN, 2.0, 1.0, "STR"),
        AreaSpec("Åtorp", 59.1150, 14.3650, 900, "", 0.8, 0.9, "ATP"),
        AreaSpec("Svartå", 59.1950, 14.5250, 800, "", 0.6, 0.9, "SVA"),
    ],
    places=[
        PlaceSpec("Degerfors torg", 59.2383, 14.4318, "", 2.0),
        PlaceSpec("Degerfors resecentrum", 59.2368, 14.4292, "", 2.0),
        PlaceSpec("Stora Valla", 59.2405, 14.4360, "Idrottsplats.", 1.0),
        PlaceSpec("Strömtorps centrum", 59.2472, 14.4475, "", 1.5),
        PlaceSpec("Åtorps badplats", 59.1158, 14.3640, "", 1.0),
        PlaceSpec("Svartå bygdegård", 59.1952, 14.5244, "", 1.0),
    ],
    organisations=[
        OrgSpec(
            "samordning",
            "Degerfors kommun – Trygghetssamordning",
            "municipal",
            "none",
            "Stina Samordnare (demo)",
            "trygghet.degerfors@example.org",
            {"ryktesspridning": 1, "evenemang": 1},
        ),
        OrgSpec(
            "fritid",
            "Degerfors kommun – Fritid och kultur",
            "municipal",
            "weekly",
            "Pia Partner (demo)",
            "fritid.degerfors@example.org",
            {
                "samlas-stor": 6,
                "ordningsstorning": 2,
                "ryktesspridning": 2,
                "skadegorelse": 1,
                "evenemang": 1,
            },
        ),
        OrgSpec(
            "gatapark",
            "Degerfors kommun – Gata/park",
            "municipal",
            "weekly",
            "Gösta Gatuchef (demo)",
            "gatapark.degerfors@example.org",
            {"klotter": 5, "nedskrapning": 6, "skadegorelse": 4, "otrygg-plats": 4, "ovrigt": 2},
        ),
        OrgSpec(
            "bostader",
            "Bruksorten Bostäder AB",
            "housing",
            "weekly",
            "Rolf Rapportör (demo)",
            "bruksorten@example.org",
            {
                "skadegorelse": 6,
                "klotter": 4,
                "nedskrapning": 3,
                "inbrott-stold": 5,
                "brand": 1,
                "samlas-stor": 2,
                "ordningsstorning": 2,
                "incident-anstalld": 1,
                "buskorning": 1,
            },
            {"Strömtorp": 2.0},
        ),
        OrgSpec(
            "polis",
            "Polisen LPO Karlskoga",
            "police",
            "weekly",
            "Kalle Kommunpolis (demo)",
            "lpo.karlskoga@example.org",
            {
                "narkotika": 6,
                "hot-vald": 6,
                "ran": 4,
                "ordningsstorning": 3,
                "buskorning": 3,
                "inbrott-stold": 2,
                "brand": 1,
            },
            missing_rate=0.04,
        ),
        OrgSpec(
            "bevakning",
            "Vakt & Trygg Väst AB",
            "security",
            "biweekly",
            "Valter Väktare (demo)",
            "vaktotrygg@example.org",
            {
                "skadegorelse": 3,
                "inbrott-stold": 3,
                "samlas-stor": 2,
                "ordningsstorning": 2,
                "buskorning": 2,
            },
        ),
        OrgSpec(
            "raddning",
            "Räddningstjänsten Degerfors",
            "rescue",
            "weekly",
            "Ronja Räddningsledare (demo)",
            "raddning.degerfors@example.org",
            {"brand": 10},
            missing_rate=0.06,
        ),
    ],
    users=[
        UserSpec("samordnare.degerfors", "samordning", "coordinator", "Stina", "Samordnare"),
        UserSpec("rapportor.degerfors", "bostader", "reporter", "Rolf", "Rapportör"),
        UserSpec("partner.degerfors", "fritid", "partner", "Pia", "Partner"),
        UserSpec("polis.degerfors", "polis", "partner", "Paula", "Polis"),
        UserSpec("gatapark.degerfors", "gatapark", "reporter", "Gösta", "Gatuchef"),
        UserSpec("bevakning.degerfors", "bevakning", "reporter", "Valter", "Väktare"),
        UserSpec("raddning.degerfors", "raddning", "reporter", "Ronja", "Räddningsledare"),
    ],
)

MUNICIPALITIES: list[MunicipalitySpec] = [FLEN, DEGERFORS]

#: the accounts named in the README and on the demo login page
DEMO_ACCOUNTS: list[str] = [
    "samordnare.flen",
    "rapportor.flen",
    "partner.flen",
    "polis.flen",
    "samordnare.degerfors",
    "rapportor.degerfors",
    "partner.degerfors",
]


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
