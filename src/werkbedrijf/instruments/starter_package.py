"""The region's starter catalogue: the instruments of DOMAIN.md §5 and §1.5 plus wage-cost subsidy and wage
dispensation, as first versions a functional administrator then adapts.

Texts are the catalogue's content and therefore Dutch, like the notes of the legal parameters. Figures that
the parameters app or wage_value.calculation already holds are read from there (`Param`, the rule
dataclasses), so no figure lives in two places; the rest carries its DOMAIN.md source and confidence.
`services.load_starter_package(region)` loads this idempotently.
"""

from dataclasses import dataclass
from datetime import date

from werkbedrijf.parameters import keys
from werkbedrijf.wage_value.calculation import DispensationRules, TrialPlacementRules

from .models import AmountPeriod, InstrumentKind, PaymentMethod, Provider

_DISPENSATION = DispensationRules(valid_from=date(2015, 1, 1))
_TRIAL = TrialPlacementRules(valid_from=date(2015, 1, 1))

# The current law texts (the 36-hour rule of art. 10d lid 4) hold from 1 January 2024.
STARTER_VALID_FROM = date(2024, 1, 1)
AWB_BASIS = (
    "Awb art. 4:13: geen wettelijke termijn, dus binnen een redelijke termijn van ten hoogste 8 weken "
    "[UNCONFIRMED: de verordening van de gemeente kan een andere termijn stellen]"
)
UWV_BASIS = "UWV beslist binnen 8 weken (uwv.nl) [OFFICIAL]; bij de aanvraag bij UWV, niet bij de gemeente"


@dataclass(frozen=True)
class Param:
    """A figure read from the legal parameters in force on the version's valid_from (None when missing)."""

    key: str
    whole: bool = False  # years → months as whole number
    years_to_months: bool = False


def _wage_cost_subsidy():
    return [
        {
            "valid_from": STARTER_VALID_FROM,
            "name": "Loonkostensubsidie (LKS)",
            "description": (
                "Structurele subsidie aan de werkgever voor een werknemer uit de doelgroep "
                "loonkostensubsidie: "
                "het verschil tussen minimumloon en loonwaarde (met vakantiebijslag), ten hoogste 70 %, plus "
                "23,5 % werkgeverslasten, naar rato van 36 uur. Zonder loonwaardemeting ten hoogste de "
                "eerste "
                "6 maanden forfaitair 50 %. Elk jaar per 1 januari opnieuw vastgesteld."
            ),
            "legal_basis": "Participatiewet art. 10c, 10d, 10da, 10e; Regeling loonkostensubsidie "
            "Participatiewet 2021",
            "provider": Provider.MUNICIPALITY,
            "payment_method": PaymentMethod.MONTHLY_WAGE_COST_SUBSIDY,
            "target_groups": ["participation_act", "special_education", "sheltered_work"],
            "requires_reduced_wage_value": True,
            "apply_within_months": 6,
            "decision_period_weeks": 5,
            "decision_period_basis": (
                "Participatiewet art. 10d lid 12: binnen 5 weken na de vaststelling van de loonwaarde of na "
                "het besluit die over te slaan [LAW]"
            ),
            "conditions": (
                "Doelgroep loonkostensubsidie: kan met voltijdse arbeid het minimumloon niet verdienen "
                "maar heeft "
                "mogelijkheden tot arbeidsparticipatie (art. 6 onder e). Loonwaarde op de werkplek "
                "vastgesteld "
                "(uniforme methode), of het college besluit met de werkgever de meting over te slaan "
                "(forfaitair, "
                "ten hoogste 6 maanden). Wie al in dienst is: aanvraag binnen 6 maanden na de start (art. "
                "10d lid 2). "
                "Niet voor een Wsw-dienstbetrekking (lid 3). Geen andere loonkostensubsidie voor dezelfde "
                "dienstbetrekking (lid 9). Recht op begeleiding op de werkplek (art. 10da)."
            ),
            "documents": [
                "Aanvraag van werkgever of werknemer",
                "Arbeidsovereenkomst (uren per week, begindatum, duur)",
                "Rapport loonwaardemeting (model Regeling LKS 2021) of besluit om de meting over te slaan",
                "Voltijdse arbeidsduur volgens de cao",
            ],
            "confidence": "LAW",
            "source_note": (
                "DOMAIN.md §1.2–1.4. Bedragen rekent wage_value.calculation met de gedateerde parameters. "
                "Betaalmoment (maandelijks) en het naar rato betalen van een deel van een maand zijn niet "
                "bevestigd [UNCONFIRMED]."
            ),
        }
    ]


def _wage_dispensation():
    return [
        {
            "valid_from": STARTER_VALID_FROM,
            "name": "Loondispensatie (Wajong)",
            "description": (
                "UWV verlaagt het loon naar de loonwaarde; de werkgever betaalt loonwaarde % van het loon, "
                "de Wajong vult aan. Geen betaling door de gemeente."
            ),
            "legal_basis": "Wajong art. 2:20",
            "provider": Provider.UWV,
            "target_groups": ["wajong"],
            "min_productivity_loss_pct": _DISPENSATION.min_productivity_loss_pct,
            "min_contract_months": _DISPENSATION.min_remaining_contract_months,
            "max_duration_months": _DISPENSATION.max_duration_months,
            "decision_period_weeks": 8,
            "decision_period_basis": UWV_BASIS,
            "conditions": (
                "Wajong-uitkering met arbeidsondersteuning, niet in een Wsw-dienstbetrekking. Ten minste "
                "25 % "
                "minder productief, naar verwachting ten minste 6 maanden, contract nog ten minste 6 "
                "maanden. "
                "Loondispensatie vanaf de eerste dag van de maand van aanvraag, 6 maanden tot 5 jaar, "
                "verlengbaar. "
                "Sinds 22-04-2023 ook voor Wajong-DGA en WIA-IVA (aanvragen tot 31-10-2026). Niet samen met "
                "loonkostensubsidie voor dezelfde baan."
            ),
            "documents": [
                "Aanvraag bij UWV door werkgever of werknemer",
                "Arbeidsovereenkomst",
                "Mededeling aan de werknemer dat en waarom loondispensatie geldt",
            ],
            "confidence": "OFFICIAL",
            "source_note": "DOMAIN.md §2 (Wajong art. 2:20 [LAW], voorwaarden uwv.nl [OFFICIAL]).",
        }
    ]


def _no_risk_policy():
    return [
        {
            "valid_from": STARTER_VALID_FROM,
            "name": "No-riskpolis",
            "description": (
                "Bij ziekte betaalt UWV de werkgever een Ziektewet-uitkering van 70 % van het dagloon, op "
                "verzoek "
                "100 % in de eerste 52 weken."
            ),
            "legal_basis": "Ziektewet art. 29b",
            "provider": Provider.UWV,
            "target_groups": [
                "wajong",
                "wia",
                "wsw_indication",
                "sheltered_work",
                "special_education",
                "participation_act",
            ],
            "decision_period_weeks": 8,
            "decision_period_basis": UWV_BASIS,
            "conditions": (
                "Zonder termijn: Wajong, Wsw, beschut werk, en de doelgroep banenafspraak via de gemeente "
                "(banen "
                "vanaf 1-1-2015). Binnen 5 jaar: WIA-uitkering vlak voor de baan, minder dan 35 % "
                "arbeidsongeschikt, schoolverlaters met een ziekte-gerelateerde onderwijsbeperking."
            ),
            "documents": ["Ziekmelding bij UWV", "Bewijs van de grond (uitkering, indicatie of registratie)"],
            "confidence": "LAW",
            "source_note": "DOMAIN.md §5.1 (ZW art. 29b [LAW]).",
        }
    ]


def _lkv(kind):
    if kind == InstrumentKind.LKV_JOBS_AGREEMENT:
        base = {
            "name": "LKV doelgroep banenafspraak",
            "legal_basis": "Wet tegemoetkomingen loondomein art. 2.10–2.13",
            "provider": Provider.TAX_ADMINISTRATION,
            "excluded_job_kinds": ["sheltered_work"],
            "max_amount": Param(keys.LKV_JOBS_AGREEMENT_ANNUAL_MAX),
            "max_amount_period": AmountPeriod.PER_YEAR,
            "decision_period_weeks": 8,
            "decision_period_basis": "Aanvraag in de loonaangifte; de Belastingdienst betaalt na afloop "
            "van het jaar",
            "documents": ["Aanvraag in de loonaangifte", "Registratie in het doelgroepregister"],
            "confidence": "LAW",
        }
        return [
            {
                **base,
                "valid_from": date(2025, 1, 1),
                "name": "LKV doelgroep banenafspraak en scholingsbelemmerden",
                "description": "Per verloond uur, na afloop van het jaar, ten hoogste 3 jaar.",
                "max_duration_months": Param(keys.LKV_JOBS_AGREEMENT_MAX_YEARS, years_to_months=True),
                "conditions": (
                    "Doelgroepverklaring van UWV, aangevraagd binnen 3 maanden na de start. Ten hoogste 3 "
                    "jaar "
                    "vanaf de start van het eerste dienstverband. Niet na de AOW-leeftijd, niet voor Wsw of "
                    "beschut werk."
                ),
                "source_note": "DOMAIN.md §5.2, versie 2025 (WTL-2025); bedragen 2025 niet bevestigd "
                "[UNCONFIRMED].",
            },
            {
                **base,
                "valid_from": date(2026, 1, 1),
                "description": "Per verloond uur, na afloop van het jaar, zolang het dienstverband duurt.",
                "requires_register": True,
                "conditions": (
                    "De werknemer staat in het aangiftetijdvak in het doelgroepregister (Wfsv art. 38b). "
                    "Geen "
                    "doelgroepverklaring en geen maximale duur meer. Niet na de AOW-leeftijd, niet voor "
                    "Wsw in het "
                    "eigen bedrijf of beschut werk."
                ),
                "source_note": "DOMAIN.md §5.2, versie 2026 (WTL-2026 [LAW]).",
                "change_note": "Wtl 2026: geen doelgroepverklaring en geen maximumduur meer.",
            },
        ]
    if kind == InstrumentKind.LKV_DISABLED_WORKER:
        return [
            {
                "valid_from": date(2026, 1, 1),
                "name": "LKV arbeidsgehandicapte werknemer",
                "description": "Per verloond uur, na afloop van het jaar, ten hoogste 3 jaar.",
                "legal_basis": "Wet tegemoetkomingen loondomein art. 2.6–2.9",
                "provider": Provider.TAX_ADMINISTRATION,
                "target_groups": ["wia"],
                "excluded_job_kinds": ["sheltered_work"],
                "apply_within_months": Param(keys.LKV_DECLARATION_DEADLINE_MONTHS, whole=True),
                "max_amount": Param(keys.LKV_DISABLED_EMPLOYEE_ANNUAL_MAX),
                "max_amount_period": AmountPeriod.PER_YEAR,
                "max_duration_months": Param(keys.LKV_DISABLED_EMPLOYEE_MAX_YEARS, years_to_months=True),
                "decision_period_weeks": 8,
                "decision_period_basis": "Doelgroepverklaring door UWV; LKV via de loonaangifte",
                "conditions": (
                    "WIA-uitkering in de maand voor de baan (of de oude REA-status) en niet bij deze "
                    "werkgever in "
                    "dienst in de 6 maanden ervoor, of de WIA-route bij minder dan 35 % binnen 5 jaar. "
                    "Doelgroepverklaring binnen 3 maanden na de start aanvragen. Niet voor Wsw of beschut "
                    "werk."
                ),
                "documents": ["Doelgroepverklaring van UWV", "Aanvraag in de loonaangifte"],
                "confidence": "LAW",
                "source_note": "DOMAIN.md §5.2 (WTL-2026 [LAW]).",
            }
        ]
    return [
        {
            "valid_from": date(2026, 1, 1),
            "name": "LKV herplaatsen arbeidsgehandicapte werknemer",
            "description": "Voor een eigen werknemer met WIA die bij dezelfde werkgever het werk hervat.",
            "legal_basis": "Wet tegemoetkomingen loondomein art. 2.14–2.17",
            "provider": Provider.TAX_ADMINISTRATION,
            "target_groups": ["wia"],
            "excluded_job_kinds": ["sheltered_work"],
            "apply_within_months": Param(keys.LKV_DECLARATION_DEADLINE_MONTHS, whole=True),
            "max_amount": Param(keys.LKV_REDEPLOYMENT_ANNUAL_MAX),
            "max_amount_period": AmountPeriod.PER_YEAR,
            "max_duration_months": Param(keys.LKV_REDEPLOYMENT_MAX_YEARS, years_to_months=True),
            "decision_period_weeks": 8,
            "decision_period_basis": "Doelgroepverklaring door UWV; LKV via de loonaangifte",
            "conditions": (
                "Alleen voor een eigen werknemer met een WIA-uitkering die het eigen of ander werk bij "
                "dezelfde "
                "werkgever hervat. Doelgroepverklaring binnen 3 maanden."
            ),
            "documents": ["Doelgroepverklaring van UWV", "Aanvraag in de loonaangifte"],
            "confidence": "LAW",
            "source_note": "DOMAIN.md §5.2 (WTL-2026 [LAW]).",
        }
    ]


def _simple(**values):
    return [{"valid_from": STARTER_VALID_FROM, "confidence": "LAW", **values}]


def definitions() -> list[tuple[str, str, list[dict]]]:
    """(code, kind, versions) of every starter instrument, in catalogue order."""
    return [
        ("loonkostensubsidie", InstrumentKind.WAGE_COST_SUBSIDY, _wage_cost_subsidy()),
        ("loondispensatie", InstrumentKind.WAGE_DISPENSATION, _wage_dispensation()),
        ("no-riskpolis", InstrumentKind.NO_RISK_POLICY, _no_risk_policy()),
        ("lkv-banenafspraak", InstrumentKind.LKV_JOBS_AGREEMENT, _lkv(InstrumentKind.LKV_JOBS_AGREEMENT)),
        (
            "lkv-arbeidsgehandicapt",
            InstrumentKind.LKV_DISABLED_WORKER,
            _lkv(InstrumentKind.LKV_DISABLED_WORKER),
        ),
        ("lkv-herplaatsen", InstrumentKind.LKV_REDEPLOYMENT, _lkv(InstrumentKind.LKV_REDEPLOYMENT)),
        (
            "jobcoaching-gemeente",
            InstrumentKind.JOB_COACHING,
            _simple(
                name="Jobcoaching (gemeente)",
                description=(
                    "Begeleiding op de werkplek door een erkende externe jobcoach of een interne "
                    "werkbegeleider."
                ),
                legal_basis="Participatiewet art. 10, 10da, 8a lid 2 onder e",
                provider=Provider.MUNICIPALITY,
                payment_method=PaymentMethod.ONE_OFF,
                target_groups=["participation_act", "special_education", "sheltered_work"],
                requires_reduced_wage_value=True,
                decision_period_weeks=8,
                decision_period_basis=AWB_BASIS,
                conditions=(
                    "Harde aanspraak voor de doelgroep loonkostensubsidie (art. 10da). Duur, intensiteit en "
                    "kwaliteit regelt de verordening van de gemeente."
                ),
                documents=["Aanvraag", "Begeleidingsplan van de jobcoach", "Offerte of uurtarief"],
                source_note="DOMAIN.md §5.3. Bedragen en duur: verordening van de gemeente.",
            ),
        ),
        (
            "jobcoaching-uwv",
            InstrumentKind.JOB_COACHING,
            _simple(
                name="Jobcoaching (UWV)",
                description="Jobcoach via een door UWV erkende jobcoachorganisatie.",
                legal_basis="Wajong art. 2:22 lid 2 onder d; WIA art. 35",
                provider=Provider.UWV,
                target_groups=["wajong", "wia"],
                min_hours_per_week=8,
                min_contract_months=3,
                decision_period_weeks=8,
                decision_period_basis=UWV_BASIS,
                conditions="Sinds 2025: ten minste 8 uur per week en een contract van ten minste 3 maanden.",
                documents=["Aanvraag bij UWV", "Arbeidsovereenkomst", "Jobcoachplan"],
                confidence="SECONDARY",
                source_note=(
                    "DOMAIN.md §5.3: de grenzen 8 uur en 3 maanden komen uit een secundaire bron (2025)."
                ),
            ),
        ),
        (
            "werkvoorziening-gemeente",
            InstrumentKind.WORKPLACE_PROVISION,
            _simple(
                name="Werkvoorziening (gemeente)",
                description=(
                    "Vervoersvoorziening naar werk, proefplaats of opleiding, intermediaire activiteit bij "
                    "een "
                    "motorische beperking, meeneembare werkplek-, productie- en hulpmiddelen."
                ),
                legal_basis="Participatiewet art. 8a lid 2 onder f, 10e lid 2",
                provider=Provider.MUNICIPALITY,
                payment_method=PaymentMethod.ONE_OFF,
                target_groups=["participation_act", "special_education", "sheltered_work"],
                decision_period_weeks=8,
                decision_period_basis=AWB_BASIS,
                conditions=(
                    "Voorwaarden en bedragen regelt de verordening. Tolkvoorziening en voorzieningen bij een "
                    "visuele beperking vraagt men bij UWV aan (art. 10g, 10h)."
                ),
                documents=["Aanvraag", "Offerte", "Advies over de noodzaak (arbeidsdeskundige)"],
                source_note="DOMAIN.md §5.4.",
            ),
        ),
        (
            "werkvoorziening-uwv",
            InstrumentKind.WORKPLACE_PROVISION,
            _simple(
                name="Werkvoorziening (UWV)",
                description=(
                    "Vervoer, intermediaire activiteiten, meeneembare voorzieningen; voor Pw-klanten de "
                    "tolkvoorziening en voorzieningen bij een visuele beperking."
                ),
                legal_basis="Wajong art. 2:22; Participatiewet art. 10g, 10h; WIA art. 35",
                provider=Provider.UWV,
                target_groups=["wajong", "wia", "participation_act"],
                decision_period_weeks=8,
                decision_period_basis=UWV_BASIS,
                conditions=(
                    "Voor Participatiewet-klanten alleen tolkvoorziening (auditieve beperking) en "
                    "voorzieningen bij "
                    "een visuele beperking. Niet-meeneembare aanpassingen door de werkgever: WIA art. 36 "
                    "[UNCONFIRMED]."
                ),
                documents=["Aanvraag bij UWV", "Offerte"],
                source_note="DOMAIN.md §5.4.",
            ),
        ),
        (
            "beschut-werk",
            InstrumentKind.SHELTERED_WORK,
            _simple(
                name="Beschut werk",
                description=(
                    "Een dienstbetrekking in een beschutte omgeving onder aangepaste omstandigheden, met "
                    "loonkostensubsidie waar nodig."
                ),
                legal_basis="Participatiewet art. 10b",
                provider=Provider.MUNICIPALITY,
                target_groups=["sheltered_work"],
                decision_period_weeks=8,
                decision_period_basis=AWB_BASIS,
                conditions=(
                    "Voor wie het college (na advies van UWV) heeft vastgesteld dat hij alleen in een "
                    "beschutte omgeving kan "
                    "werken (doelgroep beschut werk). Daarna geen registratie in het doelgroepregister "
                    "meer. No-riskpolis geldt."
                ),
                documents=["Advies beschut werk van UWV", "Besluit van het college"],
                source_note="DOMAIN.md §5.5. Aantal plaatsen, rijksbijdrage niet bevestigd [UNCONFIRMED].",
            ),
        ),
        (
            "praktijkroute",
            InstrumentKind.PRACTICAL_ROUTE,
            _simple(
                name="Praktijkroute doelgroepregister",
                description=(
                    "Registratie in het doelgroepregister via een loonwaardemeting van de gemeente op de "
                    "werkplek "
                    "die een loonwaarde onder het minimumloon laat zien, in plaats van een beoordeling "
                    "door UWV."
                ),
                legal_basis="Wfsv art. 38b lid 1 onder a; Ziektewet art. 29b lid 2 onder e",
                provider=Provider.MUNICIPALITY,
                target_groups=["participation_act"],
                requires_reduced_wage_value=True,
                decision_period_weeks=8,
                decision_period_basis=AWB_BASIS,
                conditions="Ondersteund door de gemeente (Pw art. 7 lid 1 onder a); loonwaarde onder 100 %.",
                documents=["Rapport loonwaardemeting", "Melding aan UWV"],
                source_note="DOMAIN.md §5.6, §3.3.",
            ),
        ),
        (
            "proefplaatsing-pw",
            InstrumentKind.TRIAL_PLACEMENT,
            _simple(
                name="Proefplaatsing (Participatiewet)",
                description="Onbetaald werken met behoud van uitkering, met het oog op een baan daar.",
                legal_basis="Participatiewet art. 6 onder h, 8a lid 2 onder d",
                provider=Provider.MUNICIPALITY,
                target_groups=["participation_act"],
                max_duration_months=_TRIAL.pw_initial_months + _TRIAL.pw_max_extension_months,
                decision_period_weeks=8,
                decision_period_basis=AWB_BASIS,
                conditions=(
                    f"{_TRIAL.pw_initial_months} maanden, ten hoogste {_TRIAL.pw_max_extension_months} "
                    f"maanden "
                    "verlengbaar; voorwaarden in de verordening. Tijdens forfaitaire loonkostensubsidie is "
                    "geen "
                    "proefplaats nodig."
                ),
                documents=["Afspraken met de werkgever", "Bewijs van aansprakelijkheidsverzekering"],
                source_note="DOMAIN.md §1.5.",
            ),
        ),
        (
            "proefplaatsing-wajong",
            InstrumentKind.TRIAL_PLACEMENT,
            _simple(
                name="Proefplaatsing (Wajong)",
                description="Onbetaald werken met behoud van Wajong-uitkering.",
                legal_basis="Wajong art. 2:24",
                provider=Provider.UWV,
                target_groups=["wajong"],
                max_duration_months=_TRIAL.wajong_max_months,
                decision_period_weeks=8,
                decision_period_basis=UWV_BASIS,
                conditions=(
                    "Binnen de mogelijkheden van de persoon; werkgever heeft een "
                    "aansprakelijkheidsverzekering; niet "
                    "eerder bij dezelfde werkgever; reëel uitzicht op een baan van gelijke of grotere "
                    "omvang voor "
                    "ten minste 6 maanden. Ziektedagen tellen niet mee."
                ),
                documents=["Aanvraag bij UWV", "Bewijs van aansprakelijkheidsverzekering"],
                source_note="DOMAIN.md §1.5 (WAJONG-2026 art. 2:24 [LAW]).",
            ),
        ),
    ]
