"""The demo's lägesbild över brottsligheten (issue 10): Flen's crime picture for 2024, decided
by Kommunfullmäktige on 24 March 2025 (KS 2025/41, § 28) and published, written in our own
words from the Flen facts in DOMAIN.md and marked as demo data.

Everything goes through the services: the source register, the figures (computed from the
demo's EST reports, hot spots and imported statistics, frozen by the decision) and the
findings. The findings come in a fixed order: the demo's åtgärdsplan links its rows to them
by position."""

from __future__ import annotations

import datetime as dt

from trygg.plans.models import CrimePicture
from trygg.plans.services import picture as services
from trygg.plans.statistics_files import measure_code_of
from trygg.setup.demo.structure import Structure

TITLE = "Lägesbild över brottsligheten i Flens kommun 2024"
DEMO_MARK = (
    "Demodata: texten är skriven för Tryggs demonstration och är inte Flens kommuns "
    "beslutade lägesbild."
)

#: exactly these, in this order (the demo's åtgärdsplan refers to them by position)
FINDINGS = (
    (
        "Narkotikaförsäljning och unga som samlas kvällstid vid resecentrum",
        "Stationsområdet/Resecentrum",
    ),
    ("Skadegörelse och klotter i centrum och Sveaparken", "Flen centrum"),
    ("Otrygghet i bostadsområdet Salsta, särskilt kvällstid", "Salsta"),
    ("Unga som riskerar att dras in i kriminalitet", None),
    ("Inbrott i bostäder och fritidshus på landsbygden", None),
)

PART_MAPPING = """\
Under 2024 kom de flesta händelserna i EST-rapporteringen från tre platser i Flens tätort: \
stationsområdet med resecentrum, centrum och Sveaparken. Det är samma platser som återkommit \
sedan kommunen och polisen började arbeta tillsammans med medborgarlöften 2016. Vid \
resecentrum handlar det om ungdomar och unga vuxna som samlas kvällstid, öppen eller \
misstänkt narkotikahantering och ordningsstörningar. I centrum och Sveaparken dominerar \
skadegörelse, klotter och nedskräpning.

I bostadsområdet Salsta rapporteras färre händelser, men de som rapporteras – buskörning, \
stenkastning och unga som stör – sker ofta kvällstid och påverkar tryggheten för många boende. \
På landsbygden och i de mindre orterna (Malmköping, Hälleforsnäs, Sparreholm, Mellösa och \
Bettna) är händelserna få i EST, men polisens anmälningsstatistik visar inbrott i bostäder \
och fritidshus.

Antalet anmälda brott i kommunen per 100 000 invånare ligger nära länets och under rikets \
nivå och har minskat något sedan 2015 (figur 4). Konsekvenserna märks främst som otrygghet: \
boende undviker resecentrum och Sveaparken kvällstid, och kommunen och bostadsbolagen har \
återkommande kostnader för sanering och reparationer."""

PART_OTHER = """\
Skolan, socialtjänsten och fritidsgårdarna beskriver en liten grupp unga som rör sig mellan \
resecentrum och centrum kvällstid och som riskerar att dras in i kriminalitet. Fältgruppen, \
Trygg vuxen och nattvandrarna möter samma grupp och rapporterar sina iakttagelser i EST.

Bostadsbolagen och fastighetsägarna i platssamverkan rapporterar skadegörelse i trapphus och \
på gårdar i Salsta. Grannsamverkan finns i flera områden på landsbygden. Trygghetsvandringar \
har genomförts i centrum och i Salsta; de pekade på mörka gångstråk, skymmande buskage och \
trasig belysning. Räddningstjänsten rapporterar enstaka anlagda bränder i soprum."""

PART_ANALYSIS = """\
Problemen är koncentrerade till ett fåtal platser och tider. Resecentrum är en knutpunkt där \
många passerar kvällstid, med få vuxna på plats efter att butikerna stängt. Det gör platsen \
attraktiv både för att samlas och för narkotikaförsäljning. Skadegörelsen i centrum och \
Sveaparken följer samma stråk och samma tider, vilket talar för att det delvis är samma grupp.

I Salsta hänger otryggheten ihop med den fysiska miljön – belysning och skymda gångvägar – \
och med att en del boende inte vet vart de ska vända sig. Inbrotten på landsbygden är få men \
allvarliga för dem som drabbas och kräver andra åtgärder än i tätorten.

EST-rapporterna visar vad samverkansparterna ser och är inte en räkning av brott; de läggs \
därför aldrig ihop med polisens anmälningsstatistik. Där siffrorna är små ska förändringar \
läsas med försiktighet."""

POSITION = """\
Kommunen bedömer att åtgärder behövs för att minska narkotikahandeln och störningarna vid \
resecentrum, skadegörelsen i centrum och Sveaparken, otryggheten i Salsta och risken att unga \
dras in i kriminalitet, samt för att förebygga inbrott på landsbygden. Åtgärderna beslutas i \
en åtgärdsplan för 2025–2026 tillsammans med polisen och följs upp i EST-arbetet."""

SUMMARY = (
    "Lägesbilden beskriver brottsligheten i Flens kommun under 2024 enligt 4 § lagen "
    "(2023:196). Problemen är koncentrerade till resecentrum, centrum, Sveaparken och Salsta. "
    + DEMO_MARK
)

SOURCES = (
    (
        "est",
        "EST-rapporter i Trygg från kommunens förvaltningar, bostadsbolagen och polisen",
        "2024",
        "Visar veckovis vad samverkansparterna ser på platserna, med plats och tid.",
        "Händelser som parterna rapporterar, inte anmälda brott. Beror på hur många som "
        "rapporterar.",
    ),
    (
        "hot_spots",
        "Hot spots i Trygg (Getis–Ord Gi*)",
        "2024",
        "Pekar ut var händelserna är fler än slumpen förklarar.",
        "Kräver händelser med plats; få händelser ger inga säkra hot spots.",
    ),
    (
        "statistics",
        "Brå, anmälda brott per kommun (demodata)",
        "2015–2024",
        "Jämför kommunen med länet och riket över tid.",
        "Speglar anmälningsbenägenhet och polisens arbete, inte all brottslighet.",
    ),
    (
        "police",
        "Polisens medarbetardialog, LPO Katrineholm",
        "Hösten 2024",
        "Områdespolisernas bild av platser, tider och personkretsar.",
        "Kvalitativ och bygger på enskilda erfarenheter.",
    ),
    (
        "school",
        "Skolans och socialtjänstens samverkansmöten",
        "2024",
        "Ger bilden av unga i riskzonen, som sällan syns i andra källor.",
        "Inga uppgifter om enskilda; bara en samlad bild.",
    ),
    (
        "walks",
        "Trygghetsvandringar i centrum och Salsta",
        "Våren och hösten 2024",
        "Boendes och fastighetsägares syn på den fysiska miljön.",
        "Ett fåtal deltagare vid några tillfällen.",
    ),
)


def build_crime_picture(structure: Structure) -> CrimePicture | None:
    """Flen's decided, published lägesbild 2024 (once: kept if it exists)."""
    municipality = structure.municipality
    if municipality.code != "0482":
        return None
    existing = CrimePicture.objects.filter(municipality=municipality, versions__title=TITLE).first()
    if existing is not None:
        return existing
    actor = structure.coordinator
    picture = services.picture_create(
        actor=actor,
        municipality=municipality,
        values={
            "title": TITLE,
            "period_start": dt.date(2024, 1, 1),
            "period_end": dt.date(2024, 12, 31),
            "summary": SUMMARY,
            "part_mapping": PART_MAPPING,
            "part_other": PART_OTHER,
            "part_analysis": PART_ANALYSIS,
            "position_on_measures": POSITION,
        },
    )
    version = picture.versions.get()
    sources = {}
    for kind, name, period, why, limits in SOURCES:
        sources[kind] = services.source_add(
            actor=actor,
            version=version,
            values={
                "kind": kind,
                "name": name,
                "period": period,
                "why_chosen": why,
                "limitations": limits,
            },
        )
    figures = [
        (
            "annual_areas",
            1,
            "",
            "Stationsområdet, centrum och Sveaparken står för mer än hälften.",
            "est",
        ),
        (
            "annual_categories",
            1,
            "",
            "Ungdomar som samlas, skadegörelse och nedskräpning är vanligast.",
            "est",
        ),
        ("hot_spots", 1, "", "Platser där händelserna är fler än slumpen förklarar.", "hot_spots"),
        (
            "statistic_series",
            1,
            measure_code_of("Samtliga brott"),
            "Kommunen, länet och riket.",
            "statistics",
        ),
    ]
    for kind, part, code, caption, source in figures:
        if (
            kind == "statistic_series"
            and not municipality.statistic_values.filter(measure_code=code).exists()
        ):
            continue
        services.figure_add(
            actor=actor,
            version=version,
            kind=kind,
            part=part,
            year=2024,
            measure_code=code,
            caption=caption,
            source=sources.get(source) if source else None,
        )
    areas = structure.areas
    for text, area in FINDINGS:
        services.finding_add(
            actor=actor, version=version, text=text, area=areas.get(area) if area else None
        )
    decided = services.picture_decide(
        actor=actor,
        version=version,
        deciding_body="Kommunfullmäktige",
        decision_date=dt.date(2025, 3, 24),
        diary_number="KS 2025/41",
        paragraph="§ 28",
    )
    services.picture_publish(actor=actor, version=decided)
    return picture
