"""The demo's åtgärdsplan for Flen (issue 10): "Åtgärdsplan mot brott 2025–2026", decided by
Kommunstyrelsen and published, seven rows in Brå's columns written for the demo, one completed
follow-up with green, yellow and red and one open follow-up.

Runs after the lägesbild demo (trygg/setup/demo/picture.py). If Flen has a decided lägesbild,
the plan answers it and each row links the findings by their position in it (1 narcotics and
young people at the resecentrum, 2 vandalism and graffiti in centrum and Sveaparken, 3
insecurity in Salsta, 4 young people at risk of crime, 5 burglary in the countryside); without
one the rows link no findings, so this demo also works alone. Rows link the demo's
interventions of Flen by title where one fits. Diary numbers and texts are made up and marked
as demo data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from trygg.accounts.models import Organisation, User
from trygg.accounts.permissions import can
from trygg.interventions.models import Intervention
from trygg.plans.models import ActionPlan, CrimePicture, CrimePictureFinding, CrimePictureVersion
from trygg.plans.services import action_plan as services
from trygg.setup.demo.structure import Structure

DEMO_NOTE = "Demodata – påhittad plan för att visa Trygg."


@dataclass(frozen=True)
class DemoRow:
    cause: str
    measure: str
    operational_goal: str
    when_text: str
    who_text: str
    org: str  # the demo organisation's key
    follow_up: str
    findings: tuple[int, ...]  # positions in the lägesbild (1-based)
    interventions: tuple[str, ...]  # the start of a demo intervention's title
    due_date: dt.date | None = None


ROWS = (
    DemoRow(
        "Öppen narkotikahantering och unga som samlas vid resecentrum på kvällarna.",
        "Polisen och fältgruppen är på plats vid resecentrum fredag och lördag kväll och tar "
        "kontakt med de unga; nya iakttagelser rapporteras i Trygg samma kväll.",
        "Närvaro minst 40 kvällar per år; färre EST-rapporter om narkotika vid resecentrum "
        "2026 än 2024.",
        "Fredag och lördag kväll, hela perioden",
        "Polisen LPO Katrineholm med Socialtjänstens fältgrupp",
        "polis",
        "Antal kvällar med närvaro; EST-rapporter om narkotika vid resecentrum per kvartal.",
        (1,),
        (),
    ),
    DemoRow(
        "Klotter och skadegörelse i centrum och kring resecentrum.",
        "Klotter tas bort inom ett dygn från att det rapporterats; fastighetsägarna och "
        "Gata/park rapporterar allt klotter i Trygg.",
        "Minst 90 procent av rapporterat klotter borta inom 24 timmar.",
        "Löpande från maj 2025",
        "Flens Bostäder AB och Gata/park",
        "bostader",
        "Tid från rapport till sanering, räknat i Trygg varje kvartal.",
        (2,),
        ("Klottersanering",),
    ),
    DemoRow(
        "Mörka och skymda gångstråk i Sveaparken gör att många undviker parken på kvällen.",
        "Ny belysning längs huvudstråket och röjning av buskage som skymmer sikten.",
        "Belysningen klar och buskagen röjda före oktober 2025; färre som anger Sveaparken "
        "som otrygg i nästa trygghetsmätning.",
        "Sommaren och hösten 2025",
        "Gata/park",
        "gatapark",
        "Besiktning av belysningen; trygghetsvandring i parken efter mörkrets inbrott.",
        (2,),
        ("Ny belysning",),
        dt.date(2025, 10, 1),
    ),
    DemoRow(
        "Boende i Salsta känner sig otrygga kvällstid, särskilt kring parkeringen och gångtunneln.",
        "Trygghetsvandring i Salsta med boende, Flens Bostäder och polisen; det som kommer "
        "fram förs in som åtgärder med ansvarig och datum.",
        "En vandring per år; åtgärderna från vandringen gjorda inom sex månader.",
        "September varje år",
        "Trygghetssamordnaren",
        "samordning",
        "Vandringens protokoll och hur många åtgärder som är gjorda efter sex månader.",
        (3,),
        (),
    ),
    DemoRow(
        "Unga som riskerar att dras in i kriminalitet fångas upp för sent.",
        "Samverkan mellan skola, socialtjänst, polis och fritid (SSPF) kring enskilda unga, och "
        "fritidsgården håller öppet fler kvällar.",
        "Varje ung person som polisen oroar sig för får kontakt med socialtjänsten inom två "
        "veckor; fritidsgården öppen fyra kvällar i veckan.",
        "Hela perioden",
        "Socialtjänstens fältgrupp med skolan och Fritid",
        "faltgrupp",
        "Antal ärenden i SSPF och tid till första kontakt; fritidsgårdens öppettider.",
        (4,),
        (),
    ),
    DemoRow(
        "Ungdomar och andra som samlas och stör i centrum på helgkvällar.",
        "Nattvandring fredag och lördag i Flen centrum.",
        "Nattvandrare ute minst 35 helger per år.",
        "Fredag och lördag kväll",
        "Nattvandrarna Flen",
        "nattvandrarna",
        "Antal pass och nattvandrare per pass, från Trygg.",
        (1, 4),
        ("Nattvandring",),
    ),
    DemoRow(
        "Bostadsinbrott och stölder på landsbygden, särskilt i byarna runt Sparreholm.",
        "Grannsamverkan startas i fler byar, med informationsmöten tillsammans med polisen.",
        "Grannsamverkan i tre nya byar under 2026.",
        "2025–2026",
        "Polisen LPO Katrineholm",
        "polis",
        "Antal områden med grannsamverkan; anmälda bostadsinbrott på landsbygden per år.",
        (5,),
        ("Grannsamverkan",),
    ),
)

#: row position -> (rating, note) in the completed follow-up
AUTUMN_2025 = {
    1: ("yellow", "Närvaro 17 kvällar till och med november; sommaren blev tunn."),
    2: ("green", "94 procent borta inom ett dygn."),
    3: ("green", "Belysningen tänd i september, röjningen klar."),
    4: ("yellow", "Vandringen flyttad till våren 2026."),
    5: ("red", "SSPF-gruppen har inte kommit i gång; fritidsgården har öppet tre kvällar."),
    6: ("green", "Ute 19 helger sedan maj."),
    7: ("yellow", "En ny by i gång, två planerade till våren."),
}
#: the open follow-up: some rows already reported
OPEN_2026 = {
    2: ("green", "Fortsatt över 90 procent."),
    3: ("green", "Inga nya klagomål på belysningen."),
}


def _findings(municipality_id: int) -> tuple[CrimePicture | None, list[CrimePictureFinding]]:
    version = (
        CrimePictureVersion.objects.filter(
            picture__municipality_id=municipality_id, state="decided"
        )
        .order_by("-period_end", "-number")
        .first()
    )
    if version is None:
        return None, []
    return version.picture, list(version.findings.order_by("position", "id"))


def _intervention(municipality_id: int, prefix: str) -> Intervention | None:
    return (
        Intervention.objects.filter(municipality_id=municipality_id, title__startswith=prefix)
        .order_by("pk")
        .first()
    )


def build_action_plan(structure: Structure) -> int:
    """Flen's åtgärdsplan; returns the number of rows made (0 elsewhere)."""
    municipality = structure.municipality
    if municipality.code != "0482":
        return 0
    if ActionPlan.objects.filter(municipality=municipality).exists():
        return 0
    coordinator = structure.coordinator
    picture, findings = _findings(municipality.pk)
    plan = services.action_plan_create(
        actor=coordinator,
        municipality=municipality,
        values={
            "title": "Åtgärdsplan mot brott 2025–2026",
            "period_start": dt.date(2025, 1, 1),
            "period_end": dt.date(2026, 12, 31),
            "summary": (
                "Planen svarar på lägesbilden över brottsligheten 2024 och tar upp de fem "
                "slutsatser som lägesbilden pekar ut: narkotika och unga vid resecentrum, "
                "skadegörelse och klotter, otrygghet i Salsta, unga i riskzon och inbrott på "
                f"landsbygden. {DEMO_NOTE}"
            ),
        },
        crime_picture=picture,
        renewal_years=2,
    )
    version = plan.versions.get()
    rows = []
    for spec in ROWS:
        organisation: Organisation | None = structure.organisations.get(spec.org)
        linked = [findings[n - 1] for n in spec.findings if 0 < n <= len(findings)]
        interventions = [
            found
            for prefix in spec.interventions
            if (found := _intervention(municipality.pk, prefix)) is not None
        ]
        rows.append(
            services.row_save(
                actor=coordinator,
                version=version,
                values={
                    "cause": spec.cause,
                    "measure": spec.measure,
                    "operational_goal": spec.operational_goal,
                    "when_text": spec.when_text,
                    "due_date": spec.due_date,
                    "who_text": spec.who_text,
                    "organisation": organisation,
                    "follow_up": spec.follow_up,
                    "findings": linked,
                    "interventions": interventions,
                },
            )
        )
    services.action_plan_decide(
        actor=coordinator,
        version=version,
        deciding_body="Kommunstyrelsen",
        decision_date=dt.date(2025, 4, 15),
        diary_number="KS 2025/112 (demo)",
        paragraph="§ 61",
    )
    services.action_plan_publish(actor=coordinator, version=version, public=True)
    partner = structure.users.get("partner.flen")

    def reporter(position: int) -> User:
        row = rows[position - 1]
        if partner is not None and can(partner, "action_plan.report_row", row):
            return partner
        return coordinator

    autumn = services.round_open(
        actor=coordinator, plan=plan, title="Uppföljning hösten 2025", as_of=dt.date(2025, 11, 30)
    )
    for position, (rating, note) in AUTUMN_2025.items():
        services.row_report(
            actor=reporter(position),
            follow_up=autumn,
            row=rows[position - 1],
            rating=rating,
            note=note,
        )
    services.round_complete(
        actor=coordinator,
        follow_up=autumn,
        summary="Tre rader i fas, tre försenade och en som inte kommit i gång (SSPF).",
    )
    spring = services.round_open(
        actor=coordinator,
        plan=plan,
        title="Uppföljning 2026",
        as_of=min(dt.date(2026, 12, 31), timezone.localdate()),
    )
    for position, (rating, note) in OPEN_2026.items():
        services.row_report(
            actor=reporter(position),
            follow_up=spring,
            row=rows[position - 1],
            rating=rating,
            note=note,
        )
    return len(rows)
