"""The demo's medborgarlöften and samverkansöverenskommelse (issue 10), built from the facts
in DOMAIN.md and written in our own words: Flen's promises for 2016, 2018, 2022 and 2023–2024
with their follow-ups, the June 2023 agreement, and a running 2025–2026 promise started from
2023–2024 whose items count their progress from the demo's reports and its Trygg vuxen
programme. Names of officials are invented and marked "(demo)".

Everything goes through the services (the same validation and audit as a user's clicks);
only the dates of publication and sign-off are moved back afterwards, so that the history
reads as it happened."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from trygg.interventions.models import Intervention
from trygg.promises import services
from trygg.promises.models import FollowUpRound, Promise, PromiseVersion, SignOff
from trygg.reports.models import Category
from trygg.setup.demo.structure import Structure

POLICE_CHIEF = ("Lena Lindqvist (demo)", "Lokalpolisområdeschef, LPO Katrineholm")
KS_CHAIR = ("Anders Berg (demo)", "Kommunstyrelsens ordförande, Flens kommun")


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _backdate_publication(promise: Promise, day: dt.date) -> None:
    PromiseVersion.objects.filter(promise=promise, state="published").update(published_at=_at(day))


def _follow_up(
    structure: Structure,
    promise: Promise,
    *,
    title: str,
    as_of: dt.date,
    reports: dict[int, list[tuple[str, str, str, str]]],
    publish: bool = True,
) -> FollowUpRound:
    """reports: item position -> [(party, rating, done, outcome)]."""
    coordinator = structure.coordinator
    police = structure.users.get("polis.flen")
    follow_up = services.round_open(actor=coordinator, promise=promise, title=title, as_of=as_of)
    items = {
        i.position: i
        for i in promise.versions.filter(state="published").order_by("-number")[0].items.all()
    }
    for position, rows in reports.items():
        for party, rating, done, outcome in rows:
            actor = police if party == "police" and police is not None else coordinator
            services.item_report(
                actor=actor,
                follow_up=follow_up,
                item=items[position],
                party=party,
                done=done,
                outcome=outcome,
                rating=rating,
            )
    if not publish:
        return follow_up
    services.round_sign_off(
        actor=coordinator,
        follow_up=follow_up,
        party="municipality",
        name=KS_CHAIR[0],
        title=KS_CHAIR[1],
    )
    if police is not None and any("police" in i.reporting_parties() for i in items.values()):
        services.round_sign_off(
            actor=police,
            follow_up=follow_up,
            party="police",
            name=POLICE_CHIEF[0],
            title=POLICE_CHIEF[1],
        )
    services.round_publish(actor=coordinator, follow_up=follow_up)
    signed = _at(as_of + dt.timedelta(days=45))
    FollowUpRound.objects.filter(pk=follow_up.pk).update(published_at=signed)
    SignOff.objects.filter(round=follow_up).update(signed_at=signed)
    return follow_up


def _promise(
    structure: Structure,
    *,
    years: tuple[int, int],
    title: str,
    scope: str,
    areas: list[str],
    situation: str,
    goals: str,
    basis: list[tuple[str, str, int | None]],
    items: list[dict[str, Any]],
    activities: list[tuple[str, str, str]],
    published_on: dt.date,
    agreement: Any = None,
) -> Promise:
    coordinator = structure.coordinator
    police = structure.users.get("polis.flen")
    promise = services.promise_create(
        actor=coordinator,
        municipality=structure.municipality,
        first_year=years[0],
        last_year=years[1],
        agreement=agreement,
        values={
            "title": title,
            "scope": scope,
            "situation": situation,
            "goals": goals,
            "areas": [structure.areas[a] for a in areas if a in structure.areas],
        },
    )
    version = promise.versions.get()
    for kind, note, year in basis:
        services.basis_add(
            actor=coordinator, version=version, kind=kind, note=note, annual_year=year
        )
    for values in items:
        # the police write their own items, as they would
        actor = police if values["responsible"] == "police" and police is not None else coordinator
        services.item_save(actor=actor, version=version, values=values)
    saved = list(version.items.order_by("position"))
    for text, responsible, when in activities:
        services.activity_add(
            actor=coordinator,
            version=version,
            text=text,
            responsible=responsible,
            when=when,
            item=saved[0] if saved else None,
        )
    services.promise_set_status(actor=coordinator, promise=promise, status="agreed")
    services.promise_publish(actor=coordinator, promise=promise)
    _backdate_publication(promise, published_on)
    promise.refresh_from_db()
    return promise


def _item(text: str, responsible: str, indicator: str = "done", **extra: Any) -> dict[str, Any]:
    return {"text": text, "responsible": responsible, "indicator_type": indicator, **extra}


def build_promises(structure: Structure, today: dt.date) -> int:
    """Flen's promises and agreement; returns the number of promises made."""
    if structure.municipality.code != "0482" or "polis.flen" not in structure.users:
        return 0
    coordinator = structure.coordinator
    orgs = structure.organisations

    # --- 2016: the station area, Sveaparken and centrum -----------------------------------
    p2016 = _promise(
        structure,
        years=(2016, 2016),
        title="Tryggare kring stationen, Sveaparken och centrum",
        scope="Stationsområdet, Sveaparken och Flen centrum",
        areas=["Stationsområdet/Resecentrum", "Sveaparken", "Flen centrum"],
        situation="Boende och resenärer upplever stationsområdet, Sveaparken och centrum som "
        "otrygga kvällstid: skadegörelse, klotter och dålig belysning återkommer i EST-"
        "rapporterna och i polisens medarbetardialog.",
        goals="Färre brott och ökad trygghet på de tre platserna under 2016.",
        basis=[
            (
                "est",
                "EST-lägesbilden 2015 visar att tre platser står för en stor del av händelserna.",
                None,
            ),
            ("staff_dialogue", "Områdespolisernas bild av stationsområdet kvällstid.", None),
            ("statistics", "Anmälda brott i Flens tätort 2015 (polisens statistik).", None),
        ],
        items=[
            _item(
                "Polisen är synlig vid stationen och i centrum under kvällar och helger.", "police"
            ),
            _item(
                "En trygghetsvandring i området under våren.",
                "both",
                "count",
                target_direction="at_least",
                target_value=1,
                target_text="en vandring under våren",
            ),
            _item(
                "Kommunen röjer buskage, sanerar klotter och lagar trasig belysning som "
                "kommer fram vid vandringen.",
                "municipality",
            ),
        ],
        activities=[("Trygghetsvandring med boende och fastighetsägare", "both", "April 2016")],
        published_on=dt.date(2016, 2, 15),
    )
    _follow_up(
        structure,
        p2016,
        title="Uppföljning 2016",
        as_of=dt.date(2016, 12, 31),
        reports={
            0: [
                (
                    "police",
                    "green",
                    "Riktad närvaro vid stationen fredag och lördag kväll hela året.",
                    "Brotten i området var 4 % färre 2016 än 2015.",
                )
            ],
            1: [
                (
                    "municipality",
                    "green",
                    "Trygghetsvandring i maj med ett tjugotal deltagare.",
                    "1 av 1 vandring genomförd.",
                ),
                ("police", "green", "Kommunpolisen deltog i vandringen.", ""),
            ],
            2: [
                (
                    "municipality",
                    "green",
                    "Buskage röjda i Sveaparken, klotter sanerat vid "
                    "gångtunneln, sex armaturer lagade.",
                    "Alla åtgärder från vandringen klara.",
                )
            ],
        },
    )
    services.promise_set_status(actor=coordinator, promise=p2016, status="closed")

    # --- 2018: drugs, networks, adults present, walks, foot patrols ----------------------
    p2018 = _promise(
        structure,
        years=(2018, 2018),
        title="Tillsammans mot droger och otrygghet",
        scope="Hela Flens kommun, särskilt skolorna och stationsområdet",
        areas=[],
        situation="Narkotika i och kring skolorna och lokala kriminella nätverk oroar både "
        "föräldrar och personal. Unga saknar vuxna på de platser där de samlas på kvällarna.",
        goals="Minska tillgången till narkotika bland unga och göra det lättare att lämna "
        "kriminalitet.",
        basis=[
            ("est", "EST-rapporter om samlingar av unga och narkotika vid skolorna.", None),
            ("citizen_dialogue", "Medborgardialog i Malmköping och Flen hösten 2017.", None),
        ],
        items=[
            _item("Polisen arbetar mot narkotika i och kring skolorna.", "police"),
            _item("Polisen stör de lokala kriminella nätverken.", "police"),
            _item("Kommunen erbjuder stöd till den som vill lämna kriminalitet.", "municipality"),
            _item("Fler vuxna finns där unga vistas på kvällar och helger.", "municipality"),
            _item(
                "Minst två trygghetsvandringar, varav minst en kvällstid.",
                "both",
                "count",
                target_direction="at_least",
                target_value=2,
                target_text="minst två, minst en kvällstid",
            ),
            _item("Polisen patrullerar till fots vid hot spots kring stationen.", "police"),
        ],
        activities=[("Nattvandring med föreningarna fredagar", "municipality", "Hela året")],
        published_on=dt.date(2018, 3, 1),
    )
    _follow_up(
        structure,
        p2018,
        title="Uppföljning 2018",
        as_of=dt.date(2018, 12, 31),
        reports={
            0: [
                (
                    "police",
                    "green",
                    "Narkotikainsatser vid två skolor tillsammans med skolledningen.",
                    "",
                )
            ],
            1: [("police", "yellow", "Flera insatser mot nätverken; arbetet fortsätter 2019.", "")],
            2: [
                (
                    "municipality",
                    "yellow",
                    "Avhopparverksamhet i samarbete med grannkommunerna startade i oktober.",
                    "Kom igång senare än planerat.",
                )
            ],
            3: [
                (
                    "municipality",
                    "green",
                    "Fritidsgården har öppet fredag och lördag kväll; "
                    "nattvandrarna går varje helg.",
                    "",
                )
            ],
            4: [
                (
                    "municipality",
                    "green",
                    "Två vandringar: i april (dagtid) och oktober (kväll).",
                    "2 av 2, en kvällstid.",
                ),
                ("police", "green", "Polisen deltog i båda.", ""),
            ],
            5: [("police", "green", "Fotpatrull vid stationen de flesta fredagar.", "")],
        },
    )
    services.promise_set_status(actor=coordinator, promise=p2018, status="closed")

    # --- June 2023: the samverkansöverenskommelse ----------------------------------------
    agreement = services.agreement_create(
        actor=coordinator,
        municipality=structure.municipality,
        values={
            "title": "Samverkansöverenskommelse mellan Flens kommun och lokalpolisområde "
            "Katrineholm",
            "period_start": dt.date(2023, 6, 1),
            "period_end": dt.date(2026, 12, 31),
            "focus_areas": "Ett tryggare stationsområde\nTrygga boendemiljöer\nUnga som riskerar "
            "att dras in i kriminalitet",
            "summary": "Kommunen och polisen har kommit överens om att arbeta tillsammans mot "
            "brott och otrygghet i Flen fram till och med 2026. Arbetet utgår från den "
            "gemensamma lägesbilden (EST) och följs upp varje år. Medborgarlöftena är den del "
            "av överenskommelsen som vänder sig direkt till er som bor i kommunen.",
        },
        parties=[
            services.PartyInput(
                "Flens kommun",
                "Trygghetssamordnare på heltid; fältassistenter "
                "och fritidsgårdens kvällsverksamhet; underhåll av belysning och "
                "grönytor inom 14 dagar efter trygghetsvandring.",
                orgs.get("samordning"),
            ),
            services.PartyInput(
                "Polisen, lokalpolisområde Katrineholm",
                "Kommunpolis med "
                "ansvar för Flen; områdespoliser i stationsområdet fredag och "
                "lördag kväll; deltagande i EST-mötet varje vecka.",
                orgs.get("polis"),
            ),
        ],
        signatories=[
            services.SignatoryInput(*KS_CHAIR, "Flens kommun", dt.date(2023, 6, 12)),
            services.SignatoryInput(*POLICE_CHIEF, "Polisen", dt.date(2023, 6, 12)),
        ],
    )
    agreement_version = agreement.versions.get()
    services.agreement_sign(actor=coordinator, version=agreement_version)
    agreement.versions.filter(pk=agreement_version.pk).update(
        published_at=_at(dt.date(2023, 6, 12))
    )

    # --- 2022 -------------------------------------------------------------------------------
    p2022 = _promise(
        structure,
        years=(2022, 2022),
        title="Ett tryggare stationsområde",
        scope="Stationsområdet och Resecentrum",
        areas=["Stationsområdet/Resecentrum"],
        situation="Stationsområdet är fortfarande den plats där flest händelser rapporteras och "
        "där flest säger att de känner sig otrygga kvällstid.",
        goals="Fler ska känna sig trygga vid stationen.",
        basis=[
            ("est", "EST-lägesbilden 2021.", None),
            ("surveys", "Polisens trygghetsmätning 2021.", None),
        ],
        items=[
            _item("Polisen är synlig vid Resecentrum fredag och lördag kväll.", "police"),
            _item("Kommunen förbättrar belysningen på stationsområdet.", "municipality"),
            _item(
                "En trygghetsvandring kvällstid vid stationen.",
                "both",
                "count",
                target_direction="at_least",
                target_value=1,
            ),
        ],
        activities=[("Ny belysning på parkeringen vid Resecentrum", "municipality", "Hösten 2022")],
        published_on=dt.date(2022, 2, 20),
    )
    _follow_up(
        structure,
        p2022,
        title="Uppföljning 2022",
        as_of=dt.date(2022, 12, 31),
        reports={
            0: [("police", "green", "Närvaro vid Resecentrum de flesta helgkvällar.", "")],
            1: [
                (
                    "municipality",
                    "yellow",
                    "Belysningen på parkeringen är klar; gångvägen mot centrum flyttas till 2023.",
                    "Hälften klar.",
                )
            ],
            2: [
                ("municipality", "green", "Vandring i oktober, kvällstid.", "1 av 1."),
                ("police", "green", "Polisen deltog.", ""),
            ],
        },
    )
    services.promise_set_status(actor=coordinator, promise=p2022, status="closed")

    # --- 2023–2024 --------------------------------------------------------------------------
    p2023 = _promise(
        structure,
        years=(2023, 2024),
        title="Tryggare stationsområde och boendemiljöer",
        scope="Stationsområdet, Sveaparken och Salsta",
        areas=["Stationsområdet/Resecentrum", "Sveaparken", "Salsta"],
        agreement=agreement,
        situation="Stationsområdet är tryggare än för några år sedan men fortfarande den "
        "plats där flest händelser rapporteras. I Salsta vill de boende ha fler vuxna ute och "
        "bättre belysning.",
        goals="Ett tryggare stationsområde och tryggare boendemiljöer. Målet mäts i "
        "trygghetsmätningen 2025.",
        basis=[
            ("est", "EST-lägesbilden 2022.", None),
            ("walks", "Trygghetsvandringar i Salsta och vid stationen 2022.", None),
            ("staff_dialogue", "Medarbetardialog med områdespoliserna.", None),
        ],
        items=[
            _item("Polisen genomför riktade insatser vid stationsområdet kvällstid.", "police"),
            _item("Kommunen och bostadsbolaget rustar belysningen i Salsta.", "municipality"),
            _item(
                "Minst två trygghetsvandringar per år, varav en kvällstid.",
                "both",
                "count",
                target_direction="at_least",
                target_value=2,
            ),
            _item(
                "Fritidsgården och räddningstjänsten går Trygg vuxen i centrum fredag och "
                "lördag kväll.",
                "municipality",
            ),
        ],
        activities=[
            ("Trygg vuxen i centrum", "municipality", "Fredag och lördag kväll"),
            ("Belysningsinventering i Salsta", "municipality", "Våren 2023"),
        ],
        published_on=dt.date(2023, 6, 20),
    )
    _follow_up(
        structure,
        p2023,
        title="Uppföljning 2023",
        as_of=dt.date(2023, 12, 31),
        reports={
            0: [("police", "green", "Insatser varannan helg vid stationen.", "")],
            1: [
                (
                    "municipality",
                    "yellow",
                    "Inventeringen är klar; bytet av armaturer sker 2024.",
                    "",
                )
            ],
            2: [
                ("municipality", "green", "Två vandringar, varav en kvällstid.", "2 av 2."),
                ("police", "green", "Polisen deltog i båda.", ""),
            ],
            3: [("municipality", "yellow", "Trygg vuxen startade i september.", "")],
        },
    )
    _follow_up(
        structure,
        p2023,
        title="Uppföljning 2024",
        as_of=dt.date(2024, 12, 31),
        reports={
            0: [
                (
                    "police",
                    "green",
                    "Insatser de flesta helger; färre ordningsstörningar vid stationen enligt EST.",
                    "",
                )
            ],
            1: [("municipality", "green", "Nya armaturer längs gångvägarna i Salsta.", "")],
            2: [
                (
                    "municipality",
                    "yellow",
                    "En vandring genomförd; höstens ställdes in.",
                    "1 av 2.",
                ),
                ("police", "yellow", "Polisen deltog i vårens vandring.", ""),
            ],
            3: [("municipality", "green", "Trygg vuxen varje fredag och lördag.", "")],
        },
    )
    services.promise_set_status(actor=coordinator, promise=p2023, status="closed")

    # --- 2025–2026, started from 2023–2024; progress from the data -------------------------
    p2025 = services.promise_start_next(
        actor=coordinator, promise=p2023, first_year=2025, last_year=2026
    )
    version = p2025.versions.get()
    services.promise_update(
        actor=coordinator,
        version=version,
        values={
            "title": "Ett tryggare Flen centrum kvällstid",
            "situation": "Skadegörelse och samlingar av unga kvällstid i centrum och vid "
            "stationen återkommer i EST-bilden. Fritidsgården och räddningstjänsten går "
            "Trygg vuxen varje helg.",
            "goals": "Mindre skadegörelse i centrum och vuxna på plats varje helgkväll.",
        },
    )
    categories = {c.code: c for c in Category.objects.filter(municipality=structure.municipality)}
    trygg_vuxen = Intervention.objects.filter(
        municipality=structure.municipality, title="Trygg vuxen i Flen centrum"
    ).first()
    if "skadegorelse" in categories and "Flen centrum" in structure.areas:
        services.item_save(
            actor=coordinator,
            version=version,
            values=_item(
                "Färre skadegörelser i Flen centrum än året före.",
                "both",
                "count",
                measure="category_count",
                category=categories["skadegorelse"],
                area=structure.areas["Flen centrum"],
                target_direction="at_most",
                target_value=150,
                target_text="rapporter under de två åren tillsammans",
            ),
        )
    if trygg_vuxen is not None:
        services.item_save(
            actor=coordinator,
            version=version,
            values=_item(
                "Vuxna från Trygg vuxen finns i centrum minst 45 helgkvällar under perioden.",
                "municipality",
                "count",
                measure="programme_sessions",
                programme=trygg_vuxen,
                target_direction="at_least",
                target_value=45,
                target_text="genomförda pass",
                interventions=[trygg_vuxen],
            ),
        )
    for text, responsible, when in (
        ("Trygg vuxen i centrum", "municipality", "Fredag och lördag kväll, hela året"),
        ("Polisens fotpatruller vid stationen och i centrum", "police", "Helgkvällar"),
        ("Snabb sanering av klotter i centrum", "municipality", "Inom två arbetsdagar"),
    ):
        services.activity_add(
            actor=coordinator, version=version, text=text, responsible=responsible, when=when
        )
    services.basis_add(
        actor=coordinator,
        version=version,
        kind="est",
        note="Årsbilden i Trygg visar var och när skadegörelsen sker.",
        annual_year=today.year - 1,
    )
    services.promise_set_status(actor=coordinator, promise=p2025, status="agreed")
    services.promise_publish(actor=coordinator, promise=p2025)
    _backdate_publication(p2025, dt.date(2025, 3, 3))
    p2025.refresh_from_db()
    items = list(p2025.versions.get().items.order_by("position"))
    reports: dict[int, list[tuple[str, str, str, str]]] = {}
    for item in items:
        rows = []
        for party in item.reporting_parties():
            rows.append(
                (
                    party,
                    "yellow" if party == "police" else "green",
                    "Arbetet pågår enligt plan."
                    if party == "police"
                    else "Genomfört enligt handlingsplanen.",
                    "",
                )
            )
        reports[item.position] = rows
    _follow_up(
        structure, p2025, title="Uppföljning 2025", as_of=dt.date(2025, 12, 31), reports=reports
    )
    # this year's follow-up is open: the police have reported, the kommun not yet
    police_only = {
        pos: [row for row in rows if row[0] == "police"] for pos, rows in reports.items()
    }
    _follow_up(
        structure,
        p2025,
        title="Uppföljning 2026",
        as_of=today,
        reports={k: v for k, v in police_only.items() if v},
        publish=False,
    )
    return Promise.objects.filter(municipality=structure.municipality).count()
