"""Synthetic work for the demo region: vacancies, job-carving tasks and labour pools, as plain values.

Every demo employer name comes from one of generation.EMPLOYER_TEMPLATES; the template decides the employer's
profile here: its SBI 2008 division, the vacancies it may have (with an ESCO occupation code, tasks and job
demands on UWV's functional rubrics) and the existing jobs whose tasks an account manager splits up for job
carving. No ORM here: the plan_* functions draw from a random.Random seeded by the caller, so the same seed
gives the same plans. Task names, titles and reasons are Dutch data, not interface text.

Demand levels are the greatest limitation a job or task can accommodate on a rubric (1 full ability required …
4 a severe limitation fits), as in vacancies.models.DemandLevel.
"""

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from .generation import EMPLOYER_TEMPLATES

PF = "personal_functioning"
SF = "social_functioning"
PE = "physical_environment"
DA = "dynamic_actions"
SP = "static_postures"
WH = "working_hours"

REGULAR = "regular"
JOBS_AGREEMENT = "jobs_agreement"
LEARNING_WORK = "learning_work"
GROUP_SECONDMENT = "group_secondment"

DRAFT = "draft"
OPEN = "open"
ON_HOLD = "on_hold"
FILLED = "filled"
WITHDRAWN = "withdrawn"

KIND_WEIGHTS = {REGULAR: 35, JOBS_AGREEMENT: 40, LEARNING_WORK: 15, GROUP_SECONDMENT: 10}
VACANCIES_PER_EMPLOYER_WEIGHTS = {0: 10, 1: 30, 2: 35, 3: 25}
CARVING_EMPLOYERS = (6, 10)

_PUBLISHED = (OPEN, "Intake met de werkgever afgerond; vacature opengesteld")
# (weight, the statuses after draft, each with the reason for the change)
STATUS_PATHS: tuple[tuple[int, tuple[tuple[str, str], ...]], ...] = (
    (15, ()),
    (40, (_PUBLISHED,)),
    (8, (_PUBLISHED, (ON_HOLD, "Werkgever wacht op goedkeuring van het budget"))),
    (
        5,
        (
            _PUBLISHED,
            (ON_HOLD, "Reorganisatie bij de werkgever; werving tijdelijk stil"),
            (OPEN, "Reorganisatie afgerond; werving hervat"),
        ),
    ),
    (20, (_PUBLISHED, (FILLED, "Vervuld met een kandidaat uit de doelgroep"))),
    (7, (_PUBLISHED, (WITHDRAWN, "Werkgever vult de functie intern in"))),
    (
        5,
        (
            _PUBLISHED,
            (FILLED, "Vervuld met een kandidaat uit de doelgroep"),
            (OPEN, "Plaatsing voortijdig beëindigd; vacature opnieuw opengesteld"),
        ),
    ),
)
CARVED_STATUS_PATHS: tuple[tuple[int, tuple[tuple[str, str], ...]], ...] = (
    (25, ()),
    (60, ((OPEN, "Functie samengesteld met de werkgever en opengesteld"),)),
    (
        15,
        (
            (OPEN, "Functie samengesteld met de werkgever en opengesteld"),
            (FILLED, "Vervuld met een kandidaat uit het doelgroepregister"),
        ),
    ),
)

Demands = tuple[tuple[str, int, str], ...]
T = TypeVar("T")


@dataclass(frozen=True)
class JobTemplate:
    title: str
    esco_code: str
    hours: tuple[int, ...]
    wage_scale: str
    tasks: tuple[str, ...]
    demands: Demands
    kinds: tuple[str, ...] = (REGULAR, JOBS_AGREEMENT, LEARNING_WORK)


@dataclass(frozen=True)
class TaskTemplate:
    name: str
    hours: int
    suitable: bool
    demands: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class SourceJobTemplate:
    name: str
    tasks: tuple[TaskTemplate, ...]


@dataclass(frozen=True)
class EmployerProfile:
    template: str
    division: str  # SBI 2008 division
    jobs: tuple[JobTemplate, ...]
    source_jobs: tuple[SourceJobTemplate, ...]
    carved_title: str
    carved_esco_code: str


def _task(name: str, hours: int, suitable: bool, *demands: tuple[str, int]) -> TaskTemplate:
    return TaskTemplate(name=name, hours=hours, suitable=suitable, demands=demands)


_CLEANING_WAGE = "cao Schoonmaak- en glazenwassersbedrijf, loongroep 1"
_ALL = (REGULAR, JOBS_AGREEMENT, LEARNING_WORK, GROUP_SECONDMENT)

PROFILES: tuple[EmployerProfile, ...] = (
    EmployerProfile(
        template="Schoonmaakbedrijf {name}",
        division="81",
        jobs=(
            JobTemplate(
                "Schoonmaker kantoren",
                "9112.2",
                (12, 16, 20, 24),
                _CLEANING_WAGE,
                (
                    "Kantoren en vergaderruimtes stofzuigen en dweilen",
                    "Sanitair reinigen en bijvullen",
                    "Afvalbakken legen en afval scheiden",
                ),
                (
                    (DA, 2, "Veel lopen, bukken en reiken"),
                    (PE, 3, "Werken met schoonmaakmiddelen"),
                    (WH, 3, "Vroege ochtend of avond, in overleg"),
                ),
                _ALL,
            ),
            JobTemplate(
                "Glazenwasser",
                "9123.1",
                (24, 32, 36),
                "cao Schoonmaak- en glazenwassersbedrijf, loongroep 2",
                ("Ramen en glazen puien wassen", "Werken met telescoopsteel en hoogwerker"),
                (
                    (DA, 1, "Werken op hoogte en met de armen boven schouderhoogte"),
                    (PE, 2, "Buitenwerk bij alle weersomstandigheden"),
                ),
                (REGULAR, LEARNING_WORK),
            ),
            JobTemplate(
                "Medewerker huishoudelijke dienst",
                "9112.4",
                (16, 20, 24),
                _CLEANING_WAGE,
                ("Kamers en gangen schoonmaken", "Linnen wisselen", "Schoonmaakkarren aanvullen"),
                ((DA, 2, ""), (SP, 3, "Afwisselend staan en lopen"), (SF, 3, "")),
            ),
        ),
        source_jobs=(
            SourceJobTemplate(
                "Objectleider schoonmaak",
                (
                    _task("Werkroosters maken", 6, False, (PF, 1), (SF, 1)),
                    _task("Kwaliteitscontroles uitvoeren", 6, False, (PF, 2)),
                    _task("Schoonmaakmiddelen bestellen en uitzetten", 4, True, (PF, 3), (DA, 2)),
                    _task("Vloeren machinaal schrobben", 8, True, (DA, 2), (SP, 3)),
                ),
            ),
            SourceJobTemplate(
                "Allround schoonmaker",
                (
                    _task("Sanitair reinigen", 8, True, (DA, 2), (PE, 3)),
                    _task("Afval ophalen en scheiden", 6, True, (DA, 2)),
                    _task("Ramen aan de binnenzijde wassen", 4, True, (DA, 2)),
                    _task("Sleutelbeheer en alarm", 2, False, (PF, 1)),
                ),
            ),
        ),
        carved_title="Medewerker schoonmaakondersteuning",
        carved_esco_code="9112.2",
    ),
    EmployerProfile(
        template="Hoveniersbedrijf {name}",
        division="81",
        jobs=(
            JobTemplate(
                "Medewerker groenvoorziening",
                "6113.1",
                (24, 32, 36),
                "cao Hoveniers, functiegroep A",
                ("Gazons maaien", "Snoeien en onkruid wieden", "Blad ruimen en afvoeren"),
                (
                    (PE, 3, "Buitenwerk bij alle weersomstandigheden"),
                    (DA, 2, "Tillen, bukken en knielen"),
                    (WH, 2, "Werkdagen van 7.00 tot 15.30 uur"),
                ),
                _ALL,
            ),
            JobTemplate(
                "Hovenier",
                "6113.5",
                (32, 36, 38),
                "cao Hoveniers, functiegroep B",
                ("Tuinen aanleggen volgens tekening", "Bestrating leggen", "Beplanting aanbrengen"),
                ((DA, 1, "Zwaar tillen"), (PF, 2, "Zelfstandig werken op locatie")),
                (REGULAR, LEARNING_WORK),
            ),
            JobTemplate(
                "Medewerker tuinonderhoud",
                "9214.1",
                (16, 20, 24),
                "cao Hoveniers, functiegroep A",
                ("Schoffelen en wieden", "Heggen knippen", "Groenafval afvoeren"),
                ((PE, 3, "Buitenwerk"), (SF, 3, "Werken in een vaste ploeg")),
                _ALL,
            ),
        ),
        source_jobs=(
            SourceJobTemplate(
                "Hovenier",
                (
                    _task("Beplantingsplan uitzetten", 8, False, (PF, 1)),
                    _task("Bestrating leggen", 12, False, (DA, 1)),
                    _task("Onkruid wieden en schoffelen", 8, True, (SP, 2), (DA, 3), (PE, 3)),
                    _task("Blad ruimen en afvoeren", 6, True, (DA, 3), (PE, 3)),
                ),
            ),
            SourceJobTemplate(
                "Voorman groenvoorziening",
                (
                    _task("Klantcontact en werkbonnen", 6, False, (SF, 1), (PF, 2)),
                    _task("Gereedschap schoonmaken en onderhouden", 4, True, (PF, 3)),
                    _task("Gazons maaien", 8, True, (DA, 3), (PE, 2)),
                ),
            ),
        ),
        carved_title="Medewerker groenonderhoud",
        carved_esco_code="6113.1",
    ),
    EmployerProfile(
        template="Bakkerij {name}",
        division="10",
        jobs=(
            JobTemplate(
                "Productiemedewerker bakkerij",
                "9329.1",
                (20, 24, 32),
                "cao Bakkersbedrijf, functiegroep 1",
                ("Deeg afwegen en vormen", "Bakplaten in- en uitladen", "Productielijn schoonmaken"),
                (
                    (WH, 1, "Vroege diensten vanaf 4.00 uur"),
                    (PE, 2, "Warme omgeving bij de ovens"),
                    (SP, 3, "Veel staand werk"),
                ),
            ),
            JobTemplate(
                "Inpakker broodafdeling",
                "9321.2",
                (12, 16, 20),
                "cao Bakkersbedrijf, functiegroep 1",
                ("Brood snijden en verpakken", "Kratten stapelen voor de expeditie"),
                ((SP, 3, "Staand werk aan de band"), (DA, 3, ""), (PF, 3, "Vaste, herhalende taken")),
                _ALL,
            ),
            JobTemplate(
                "Verkoopmedewerker bakkerij",
                "5223.7.4",
                (12, 16, 24),
                "cao Bakkersbedrijf, functiegroep 2",
                ("Klanten helpen en afrekenen", "Vitrines vullen en schoonhouden"),
                ((SF, 2, "Veel klantcontact"), (SP, 3, "")),
            ),
        ),
        source_jobs=(
            SourceJobTemplate(
                "Bakker",
                (
                    _task("Deeg maken en afwegen", 10, False, (PF, 2), (WH, 1)),
                    _task("Ovens bedienen", 10, False, (PE, 1)),
                    _task("Bakblikken en kratten afwassen", 6, True, (DA, 2), (PE, 3)),
                    _task("Brood snijden en verpakken", 8, True, (SP, 3), (DA, 3)),
                ),
            ),
            SourceJobTemplate(
                "Verkoopmedewerker bakkerij",
                (
                    _task("Klanten helpen en afrekenen", 12, False, (SF, 2)),
                    _task("Vitrines vullen en schoonmaken", 4, True, (DA, 3)),
                    _task("Bestellingen klaarzetten", 4, True, (PF, 3)),
                ),
            ),
        ),
        carved_title="Productiemedewerker inpak en afwas",
        carved_esco_code="9329.1",
    ),
    EmployerProfile(
        template="{name} Logistiek B.V.",
        division="52",
        jobs=(
            JobTemplate(
                "Orderpicker",
                "9333.8.1",
                (24, 32, 36),
                "cao Beroepsgoederenvervoer, functiegroep B",
                ("Orderpicken met handscanner", "Rolcontainers laden", "Emballage sorteren"),
                ((DA, 2, "Tillen tot 15 kg"), (PE, 3, "Koel magazijn"), (WH, 2, "Ploegendienst")),
                _ALL,
            ),
            JobTemplate(
                "Magazijnmedewerker",
                "9333.8",
                (20, 24, 32),
                "cao Beroepsgoederenvervoer, functiegroep B",
                ("Goederen ontvangen en controleren", "Retouren verwerken", "Voorraad tellen"),
                ((PF, 2, "Nauwkeurig werken met de scanner"), (DA, 2, "")),
            ),
            JobTemplate(
                "Heftruckchauffeur",
                "8344.1",
                (32, 36, 38),
                "cao Beroepsgoederenvervoer, functiegroep C",
                ("Vrachtwagens laden en lossen", "Pallets in de stellingen plaatsen"),
                ((PF, 1, "Heftruckcertificaat vereist"), (SP, 2, "Lang zitten op de heftruck")),
                (REGULAR, LEARNING_WORK),
            ),
            JobTemplate(
                "Expeditiemedewerker",
                "9333.2",
                (16, 24, 32),
                "cao Beroepsgoederenvervoer, functiegroep B",
                ("Zendingen inpakken en labelen", "Pallets wikkelen en klaarzetten"),
                ((SP, 3, ""), (DA, 2, "")),
                _ALL,
            ),
        ),
        source_jobs=(
            SourceJobTemplate(
                "Magazijnmedewerker",
                (
                    _task("Orderpicken", 16, True, (DA, 2), (SP, 3)),
                    _task("Goederen ontvangen en controleren", 8, True, (PF, 2)),
                    _task("Heftruck rijden", 8, False, (PF, 1), (PE, 2)),
                    _task("Retouren verwerken", 6, True, (PF, 3)),
                ),
            ),
            SourceJobTemplate(
                "Expeditiemedewerker",
                (
                    _task("Zendingen inpakken en labelen", 12, True, (SP, 3), (DA, 3)),
                    _task("Vrachtpapieren opmaken", 6, False, (PF, 1)),
                    _task("Pallets wikkelen en klaarzetten", 6, True, (DA, 2)),
                ),
            ),
            SourceJobTemplate(
                "Teamleider magazijn",
                (
                    _task("Personeelsplanning maken", 8, False, (PF, 1), (SF, 1)),
                    _task("Voorraadtellingen", 6, True, (PF, 2)),
                    _task("Emballage sorteren", 4, True, (DA, 3)),
                ),
            ),
        ),
        carved_title="Logistiek medewerker",
        carved_esco_code="9333.8",
    ),
    EmployerProfile(
        template="Zorggroep {place}",
        division="87",
        jobs=(
            JobTemplate(
                "Medewerker huishoudelijke dienst",
                "9112.4",
                (16, 20, 24),
                "cao VVT, FWG 15",
                ("Appartementen van bewoners schoonmaken", "Was sorteren en vouwen"),
                ((SF, 3, "Contact met bewoners"), (DA, 2, "")),
            ),
            JobTemplate(
                "Zorghulp",
                "5321.1",
                (16, 20, 24, 28),
                "cao VVT, FWG 20",
                ("Bewoners helpen bij de maaltijd", "Koffie en thee rondbrengen", "Bedden opmaken"),
                ((SF, 2, "Veel contact met kwetsbare ouderen"), (WH, 2, "Onregelmatige diensten")),
            ),
            JobTemplate(
                "Medewerker keuken",
                "9412.2",
                (12, 16, 20),
                "cao VVT, FWG 15",
                ("Maaltijden portioneren", "Vaatwasser in- en uitruimen"),
                ((PE, 3, "Warme, vochtige keuken"), (SP, 3, "")),
            ),
            JobTemplate(
                "Medewerker wasserij",
                "9629.5",
                (12, 16, 20),
                "cao VVT, FWG 10",
                ("Was sorteren", "Wasmachines en drogers bedienen", "Kleding vouwen en labelen"),
                ((PE, 3, "Warme ruimte"), (PF, 3, "Vaste volgorde van taken")),
                _ALL,
            ),
        ),
        source_jobs=(
            SourceJobTemplate(
                "Verzorgende IG",
                (
                    _task("Medicatie uitreiken", 6, False, (PF, 1)),
                    _task("Bewoners helpen bij wassen en aankleden", 12, False, (SF, 1), (DA, 1)),
                    _task("Koffie en thee rondbrengen", 4, True, (SF, 3), (DA, 3)),
                    _task("Bedden opmaken", 4, True, (DA, 2)),
                ),
            ),
            SourceJobTemplate(
                "Medewerker huishouding",
                (
                    _task("Appartementen schoonmaken", 12, True, (DA, 2)),
                    _task("Was sorteren en vouwen", 6, True, (SP, 3), (DA, 3)),
                    _task("Post sorteren en rondbrengen", 3, True, (SF, 3), (PF, 3)),
                ),
            ),
            SourceJobTemplate(
                "Activiteitenbegeleider",
                (
                    _task("Activiteiten organiseren", 8, False, (SF, 1), (PF, 1)),
                    _task("Wandelen met bewoners", 4, True, (SF, 2), (DA, 3)),
                    _task("Materialen klaarzetten en opruimen", 3, True, (PF, 3)),
                ),
            ),
        ),
        carved_title="Medewerker facilitair en welzijn",
        carved_esco_code="9112.4",
    ),
    EmployerProfile(
        template="Hotel {place}",
        division="55",
        jobs=(
            JobTemplate(
                "Kamermedewerker",
                "9112.4",
                (16, 24, 32),
                "cao Horeca, functiegroep I",
                ("Kamers schoonmaken en bedden opmaken", "Linnenkar aanvullen", "Minibar controleren"),
                ((DA, 2, "Veel bukken en tillen van matrassen"), (SP, 3, ""), (WH, 3, "Dagdiensten")),
                _ALL,
            ),
            JobTemplate(
                "Keukenhulp",
                "9412.1",
                (12, 20, 28),
                "cao Horeca, functiegroep I",
                ("Vaatwasser in- en uitruimen", "Groenten snijden", "Keuken schoonmaken na de dienst"),
                ((PE, 2, "Warme keuken met scherpe messen"), (WH, 2, "Avond- en weekenddiensten")),
            ),
            JobTemplate(
                "Medewerker bediening ontbijt",
                "5131.2",
                (12, 16, 20),
                "cao Horeca, functiegroep II",
                ("Ontbijtbuffet klaarzetten en aanvullen", "Tafels afruimen en dekken"),
                ((SF, 2, "Gastvrij contact met hotelgasten"), (WH, 2, "Start om 6.30 uur")),
            ),
            JobTemplate(
                "Receptionist",
                "4224.1",
                (24, 32),
                "cao Horeca, functiegroep III",
                ("Gasten in- en uitchecken", "Reserveringen verwerken", "Telefoon aannemen"),
                ((SF, 1, "Engels en Nederlands spreken"), (PF, 2, "")),
                (REGULAR, LEARNING_WORK),
            ),
        ),
        source_jobs=(
            SourceJobTemplate(
                "Kamermedewerker",
                (
                    _task("Kamers schoonmaken en bedden opmaken", 16, True, (DA, 2), (SP, 3)),
                    _task("Linnenkar aanvullen", 4, True, (DA, 3)),
                    _task("Minibar controleren en afrekenen", 2, False, (PF, 2)),
                ),
            ),
            SourceJobTemplate(
                "Medewerker keuken",
                (
                    _task("Vaatwasser in- en uitruimen", 8, True, (PE, 3), (SP, 3)),
                    _task("Groenten snijden (mise-en-place)", 8, True, (PF, 3)),
                    _task("Gerechten à la carte bereiden", 12, False, (PF, 1), (WH, 1)),
                    _task("Keuken schoonmaken na de dienst", 4, True, (DA, 2)),
                ),
            ),
            SourceJobTemplate(
                "Receptionist",
                (
                    _task("Gasten in- en uitchecken", 12, False, (SF, 1)),
                    _task("Ontbijtzaal klaarzetten", 4, True, (DA, 3)),
                    _task("Bagage naar de kamers brengen", 4, True, (DA, 2)),
                ),
            ),
        ),
        carved_title="Medewerker huishouding en ontbijt",
        carved_esco_code="9112.4",
    ),
    EmployerProfile(
        template="{name} Installatietechniek",
        division="43",
        jobs=(
            JobTemplate(
                "Monteur verwarming en ventilatie",
                "7127.1",
                (32, 36, 38),
                "cao Installatiebranche, functiegroep C",
                ("Cv-ketels en ventilatiesystemen onderhouden", "Storingen verhelpen bij klanten"),
                ((PF, 1, "Zelfstandig werken bij klanten thuis"), (DA, 2, "Werken in kruipruimtes")),
                (REGULAR, LEARNING_WORK),
            ),
            JobTemplate(
                "Monteur zonnepanelen",
                "7411.1.4",
                (32, 36),
                "cao Installatiebranche, functiegroep B",
                ("Zonnepanelen op daken monteren", "Bekabeling aanleggen"),
                ((DA, 1, "Werken op daken en hoogte"), (PE, 2, "Buitenwerk")),
                (REGULAR, LEARNING_WORK),
            ),
            JobTemplate(
                "Magazijnmedewerker installatiemateriaal",
                "9333.8",
                (16, 24, 32),
                "cao Installatiebranche, functiegroep A",
                ("Bestellingen uitpakken en wegzetten", "Materialen klaarzetten voor de monteurs"),
                ((DA, 2, ""), (PF, 3, "")),
            ),
        ),
        source_jobs=(
            SourceJobTemplate(
                "Monteur installatietechniek",
                (
                    _task("Cv-ketels onderhouden", 16, False, (PF, 1)),
                    _task("Materialen verzamelen in het magazijn", 4, True, (DA, 2)),
                    _task("Bus opruimen en bevoorraden", 3, True, (DA, 2)),
                ),
            ),
            SourceJobTemplate(
                "Magazijnbeheerder",
                (
                    _task("Voorraad bijhouden in het systeem", 6, False, (PF, 1)),
                    _task("Bestellingen uitpakken en wegzetten", 8, True, (DA, 2)),
                    _task("Werkplaats schoonhouden", 3, True, (DA, 3)),
                ),
            ),
            SourceJobTemplate(
                "Servicemedewerker binnendienst",
                (
                    _task("Storingsmeldingen aannemen", 10, False, (SF, 1)),
                    _task("Post sorteren en rondbrengen", 2, True, (SF, 3)),
                    _task("Archief bijhouden en scannen", 4, True, (PF, 3), (SP, 3)),
                ),
            ),
        ),
        carved_title="Magazijn- en werkplaatsmedewerker",
        carved_esco_code="9333.8",
    ),
    EmployerProfile(
        template="Supermarkt {name}",
        division="47",
        jobs=(
            JobTemplate(
                "Vakkenvuller",
                "9334.1",
                (8, 12, 16, 20),
                "cao Supermarkten, functiegroep A",
                ("Vakken vullen", "Houdbaarheidsdatums controleren", "Karren en kratten verzamelen"),
                ((DA, 2, "Tillen van dozen"), (WH, 3, "Avonden en zaterdag")),
                _ALL,
            ),
            JobTemplate(
                "Kassamedewerker",
                "5230.1",
                (12, 16, 20),
                "cao Supermarkten, functiegroep B",
                ("Afrekenen aan de kassa", "Zelfscankassa's begeleiden"),
                ((SF, 2, "Veel klantcontact"), (SP, 2, "Lang zitten of staan")),
            ),
            JobTemplate(
                "Medewerker AGF",
                "5223.7.19",
                (16, 24, 32),
                "cao Supermarkten, functiegroep B",
                ("Groente en fruit presenteren", "Fruit snijden en verpakken"),
                ((PE, 3, "Koelcel"), (DA, 2, "")),
            ),
        ),
        source_jobs=(
            SourceJobTemplate(
                "Vakkenvuller",
                (
                    _task("Vakken vullen", 12, True, (DA, 2)),
                    _task("Houdbaarheidsdatums controleren", 3, True, (PF, 3)),
                    _task("Karren en kratten verzamelen", 3, True, (DA, 2), (PE, 3)),
                ),
            ),
            SourceJobTemplate(
                "Kassamedewerker",
                (
                    _task("Afrekenen aan de kassa", 12, False, (SF, 1), (PF, 1)),
                    _task("Statiegeldautomaat legen", 2, True, (DA, 3)),
                    _task("Winkel aanvegen bij sluiting", 2, True, (DA, 3)),
                ),
            ),
            SourceJobTemplate(
                "Medewerker AGF",
                (
                    _task("Groente en fruit presenteren", 8, True, (DA, 2)),
                    _task("Bestellingen doen", 4, False, (PF, 1)),
                    _task("Fruit snijden en verpakken", 6, True, (SP, 3), (PE, 3)),
                ),
            ),
        ),
        carved_title="Medewerker winkelservice",
        carved_esco_code="9334.1",
    ),
    EmployerProfile(
        template="{name} Facilitaire Diensten",
        division="81",
        jobs=(
            JobTemplate(
                "Postkamermedewerker",
                "4412.1",
                (12, 16, 20, 24),
                "cao Facilitaire Dienstverlening, schaal 2",
                ("Post sorteren en rondbrengen", "Pakketten aannemen en registreren"),
                ((PF, 3, "Vaste ronde door het gebouw"), (DA, 3, ""), (SF, 3, "")),
                _ALL,
            ),
            JobTemplate(
                "Conciërge",
                "5153.1",
                (24, 32, 36),
                "cao Facilitaire Dienstverlening, schaal 4",
                ("Gebouw openen en sluiten", "Kleine reparaties uitvoeren", "Vergaderzalen klaarzetten"),
                ((PF, 2, "Zelfstandig werken"), (DA, 2, "")),
                (REGULAR, JOBS_AGREEMENT),
            ),
            JobTemplate(
                "Medewerker bedrijfsrestaurant",
                "9412.2",
                (12, 16, 20),
                "cao Contractcatering, functiegroep 1",
                ("Broodjes beleggen", "Vaatwasser in- en uitruimen", "Buffet aanvullen"),
                ((PE, 3, ""), (SP, 3, "Staand werk"), (WH, 3, "Alleen overdag")),
            ),
        ),
        source_jobs=(
            SourceJobTemplate(
                "Facilitair medewerker",
                (
                    _task("Vergaderzalen klaarzetten", 6, True, (DA, 2)),
                    _task("Post sorteren en rondbrengen", 6, True, (SF, 3)),
                    _task("Kleine reparaties uitvoeren", 6, False, (PF, 2), (DA, 1)),
                    _task("Kantoorartikelen inkopen", 4, False, (PF, 1)),
                ),
            ),
            SourceJobTemplate(
                "Medewerker bedrijfsrestaurant",
                (
                    _task("Broodjes beleggen", 8, True, (PF, 3)),
                    _task("Vaatwasser in- en uitruimen", 6, True, (PE, 3)),
                    _task("Kassa bedienen", 6, False, (SF, 1)),
                ),
            ),
            SourceJobTemplate(
                "Receptionist",
                (
                    _task("Bezoekers ontvangen", 12, False, (SF, 1)),
                    _task("Pakketten aannemen en uitgeven", 4, True, (SF, 3)),
                    _task("Toegangspassen aanmaken", 3, False, (PF, 1)),
                ),
            ),
        ),
        carved_title="Medewerker facilitaire ondersteuning",
        carved_esco_code="4412.1",
    ),
    EmployerProfile(
        template="Stadsdrukkerij {place}",  # the municipality's own print shop: a government employer
        division="84",
        jobs=(
            JobTemplate(
                "Digitaal drukker",
                "7322.1",
                (32, 36, 38),
                "cao Grafimedia, functiegroep C",
                ("Drukpersen instellen en bedienen", "Drukproeven controleren"),
                ((PF, 1, "Nauwkeurig en zelfstandig"), (PE, 2, "Lawaai van de persen")),
                (REGULAR, LEARNING_WORK),
            ),
            JobTemplate(
                "Medewerker reprografie",
                "7322.8",
                (16, 24, 32),
                "cao Grafimedia, functiegroep B",
                ("Kopieer- en printopdrachten uitvoeren", "Drukwerk snijden en binden"),
                ((PF, 2, ""), (SP, 3, "")),
            ),
            JobTemplate(
                "Medewerker afwerking",
                "9321.2",
                (16, 20, 24),
                "cao Grafimedia, functiegroep A",
                ("Drukwerk vouwen en nieten", "Drukwerk inpakken en sealen"),
                ((SP, 3, "Staand werk aan de tafel"), (PF, 3, "Herhalend werk"), (PE, 3, "")),
                _ALL,
            ),
        ),
        source_jobs=(
            SourceJobTemplate(
                "Drukker",
                (
                    _task("Drukpers instellen", 12, False, (PF, 1)),
                    _task("Papier aanvoeren", 6, True, (DA, 2)),
                    _task("Drukwerk controleren op fouten", 6, True, (PF, 2)),
                ),
            ),
            SourceJobTemplate(
                "Medewerker afwerking",
                (
                    _task("Drukwerk vouwen en nieten", 10, True, (SP, 3)),
                    _task("Drukwerk inpakken en sealen", 8, True, (SP, 3), (DA, 3)),
                    _task("Snijmachine bedienen", 6, False, (PF, 1), (PE, 2)),
                ),
            ),
            SourceJobTemplate(
                "Medewerker expeditie",
                (
                    _task("Zendingen adresseren", 6, True, (PF, 3)),
                    _task("Dozen laden voor de koerier", 4, True, (DA, 2)),
                    _task("Transport plannen", 4, False, (PF, 1)),
                ),
            ),
        ),
        carved_title="Medewerker afwerking en expeditie",
        carved_esco_code="9321.2",
    ),
)

_BY_TEMPLATE = {profile.template: profile for profile in PROFILES}
_TEMPLATE_PATTERNS = tuple(
    (re.compile("^" + re.escape(t).replace(r"\{name\}", ".+").replace(r"\{place\}", ".+") + "$"), t)
    for t in EMPLOYER_TEMPLATES
)


def template_of(name: str) -> str | None:
    """The employer template that makes this name, None for a name no template makes."""
    for pattern, template in _TEMPLATE_PATTERNS:
        if pattern.match(name):
            return template
    return None


def employer_profile(name: str) -> EmployerProfile | None:
    return _BY_TEMPLATE.get(template_of(name) or "")


def esco_codes() -> set[str]:
    return {job.esco_code for p in PROFILES for job in p.jobs} | {p.carved_esco_code for p in PROFILES}


# Plans


@dataclass(frozen=True)
class VacancyPlan:
    title: str
    esco_code: str
    kind: str
    hours: int
    tasks: str
    skills: str
    wage_scale: str
    positions: int
    start_in_days: int | None
    support: tuple[str, ...]  # the vacancy's support_* fields that are on
    demands: Demands
    status_path: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class TaskPlan:
    name: str
    source_job: str
    hours: Decimal
    suitable: bool
    demands: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class CarvingPlan:
    tasks: tuple[TaskPlan, ...]
    selection: tuple[tuple[int, Decimal | None], ...]  # (index in tasks, hours taken or None for all)
    title: str
    esco_code: str
    kind: str
    status_path: tuple[tuple[str, str], ...]


_KIND_TITLES = {
    LEARNING_WORK: "Leerwerkplek {lower}",
    GROUP_SECONDMENT: "{title} (groepsdetachering)",
}


def _weighted(rng: random.Random, weights: dict[T, int]) -> T:
    return rng.choices(list(weights), list(weights.values()))[0]


def _status_path(rng: random.Random, paths) -> tuple[tuple[str, str], ...]:
    return rng.choices([p for _w, p in paths], [w for w, _p in paths])[0]


def _support(rng: random.Random, kind: str) -> tuple[str, ...]:
    chances = {
        REGULAR: {"support_flexible_hours": 0.2, "support_buddy": 0.2},
        JOBS_AGREEMENT: {
            "support_job_coach": 0.7,
            "support_workplace_adaptation": 0.3,
            "support_buddy": 0.5,
            "support_flexible_hours": 0.5,
            "support_transport": 0.15,
        },
        LEARNING_WORK: {"support_buddy": 0.9, "support_job_coach": 0.5, "support_flexible_hours": 0.3},
        GROUP_SECONDMENT: {"support_job_coach": 1.0, "support_transport": 0.4},
    }[kind]
    return tuple(field for field, chance in chances.items() if rng.random() < chance)


def _vacancy_demands(rng: random.Random, job: JobTemplate, kind: str) -> Demands:
    """The job's demands, a level up or down now and then; jobs meant for the target group accommodate
    a little more."""
    demands = []
    for rubric, level, note in job.demands:
        if rng.random() < 0.25:
            level += rng.choice((-1, 1))
        if kind != REGULAR and rng.random() < 0.5:
            level += 1
        demands.append((rubric, min(4, max(1, level)), note))
    return tuple(demands)


def plan_vacancies(rng: random.Random, profile: EmployerProfile) -> list[VacancyPlan]:
    """0 to 3 vacancies of an employer with this profile."""
    count = _weighted(rng, VACANCIES_PER_EMPLOYER_WEIGHTS)
    plans = []
    for job in rng.sample(profile.jobs, min(count, len(profile.jobs))):
        kind = _weighted(rng, {k: w for k, w in KIND_WEIGHTS.items() if k in job.kinds})
        hours = rng.choice(job.hours)
        title = _KIND_TITLES.get(kind, "{title}").format(
            title=job.title, lower=job.title[:1].lower() + job.title[1:]
        )
        plans.append(
            VacancyPlan(
                title=title,
                esco_code=job.esco_code,
                kind=kind,
                hours=hours,
                tasks="\n".join(f"- {task}" for task in job.tasks),
                skills=", ".join(job_skills(job.esco_code)),
                wage_scale=job.wage_scale,
                positions=rng.randint(3, 6) if kind == GROUP_SECONDMENT else rng.choice((1, 1, 1, 2)),
                start_in_days=rng.choice((None, 14, 30, 45, 60, 90)),
                support=_support(rng, kind),
                demands=_vacancy_demands(rng, job, kind),
                status_path=_status_path(rng, STATUS_PATHS),
            )
        )
    return plans


def plan_carving(rng: random.Random, profile: EmployerProfile) -> CarvingPlan:
    """The tasks of two or three of the employer's jobs, and a job carved from the suitable ones."""
    sources = rng.sample(profile.source_jobs, min(len(profile.source_jobs), rng.choice((2, 3))))
    tasks = []
    for source in sources:
        for task in source.tasks:
            hours = max(1, task.hours + rng.choice((-2, 0, 0, 2)))
            tasks.append(
                TaskPlan(
                    name=task.name,
                    source_job=source.name,
                    hours=Decimal(hours),
                    suitable=task.suitable,
                    demands=task.demands,
                )
            )
    suitable = [i for i, task in enumerate(tasks) if task.suitable]
    rng.shuffle(suitable)
    target = Decimal(rng.choice((16, 20, 24, 28)))
    selection: list[tuple[int, Decimal | None]] = []
    total = Decimal(0)
    for index in suitable:
        if total >= target:
            break
        left = target - total
        if tasks[index].hours > left:
            selection.append((index, left))
            total += left
        else:
            selection.append((index, None))
            total += tasks[index].hours
    return CarvingPlan(
        tasks=tuple(tasks),
        selection=tuple(sorted(selection)),
        title=profile.carved_title,
        esco_code=profile.carved_esco_code,
        kind=_weighted(rng, {JOBS_AGREEMENT: 80, LEARNING_WORK: 10, REGULAR: 10}),
        status_path=_status_path(rng, CARVED_STATUS_PATHS),
    )


def carving_employers(rng: random.Random, names: list[str]) -> set[str]:
    """Which employers (by name) have a job-carving set: 6 to 10 of them, or all when there are fewer."""
    low, high = CARVING_EMPLOYERS
    names = sorted(names)
    if len(names) <= low:
        return set(names)
    return set(rng.sample(names, rng.randint(low, min(high, len(names)))))


# Labour pools


@dataclass(frozen=True)
class PoolTemplate:
    key: str
    name: str  # {place}: the region's largest municipality; {employer}: the seconding employer's name
    kind: str  # labour_pools.models.PoolKind
    # "sheltered_work" or "sheltered_work_second" (SW company by size), "werkbedrijf", "job_coach_provider"
    operator: str
    description: str
    # Where members are seconded, as (employer template, the tasks there); a group pool to the first one.
    employers: tuple[tuple[str, str], ...]
    with_job_coach: bool


POOL_TEMPLATES: tuple[PoolTemplate, ...] = (
    PoolTemplate(
        key="green",
        name="Groenploeg {place}",
        kind="labour_pool",
        operator="sheltered_work",
        description="Onderhoud van openbaar groen, bedrijfsterreinen en tuinen van zorginstellingen.",
        employers=(
            ("Hoveniersbedrijf {name}", "Maaien, schoffelen en snoeien"),
            ("Zorggroep {place}", "Tuinonderhoud en blad ruimen rond de woongebouwen"),
        ),
        with_job_coach=True,
    ),
    PoolTemplate(
        key="cleaning",
        name="Schoonmaakpool {place}",
        kind="labour_pool",
        operator="werkbedrijf",
        description="Schoonmaak en huishoudelijk werk bij kantoren, hotels en zorginstellingen.",
        employers=(
            ("Schoonmaakbedrijf {name}", "Kantoren en sanitair schoonmaken"),
            ("{name} Facilitaire Diensten", "Vergaderzalen klaarzetten en pantry's schoonhouden"),
            ("Hotel {place}", "Kamers schoonmaken en bedden opmaken"),
            ("Zorggroep {place}", "Appartementen van bewoners schoonmaken"),
        ),
        with_job_coach=False,
    ),
    PoolTemplate(
        key="logistics",
        name="Werkpool logistiek en productie",
        kind="labour_pool",
        operator="job_coach_provider",
        description="Inpak-, productie- en magazijnwerk met begeleiding op de werkvloer.",
        employers=(
            ("{name} Logistiek B.V.", "Orderpicken"),
            ("Bakkerij {name}", "Brood snijden en verpakken"),
            ("Stadsdrukkerij {place}", "Drukwerk vouwen, inpakken en etiketteren"),
            ("Supermarkt {name}", "Vakken vullen"),
        ),
        with_job_coach=False,
    ),
    PoolTemplate(
        key="group",
        name="Groepsdetachering {employer}",
        kind="group_secondment",
        operator="sheltered_work_second",
        description="Een vaste ploeg met een jobcoach van het SW-bedrijf in het magazijn van de inlener.",
        employers=(("{name} Logistiek B.V.", "Orderpicken en retouren verwerken in ploegverband"),),
        with_job_coach=True,
    ),
)
POOL_SIZE = (5, 15)

# Reasons to end a membership, with the secondment that went with it.
MEMBERSHIP_END_REASONS = (
    "Doorgestroomd naar een vaste baan bij de inlener",
    "Doorgestroomd naar een banenafspraakbaan",
    "Gestopt om gezondheidsredenen",
)


def pool_sizes(rng: random.Random) -> dict[str, int]:
    return {template.key: rng.randint(*POOL_SIZE) for template in POOL_TEMPLATES}


def pool_of_candidate(candidate_uuid_int: int, keys: list[str]) -> str:
    """The pool a candidate is meant for; from the uuid, so it does not change when other candidates come or
    go."""
    return keys[candidate_uuid_int % len(keys)]


@dataclass(frozen=True)
class MembershipPlan:
    started_days_ago: int
    hours: int
    note: str
    # (employer index, days after the membership starts, hours a week, days long or None for open-ended)
    secondment: tuple[int, int, int, int | None] | None
    ended_after_days: int | None
    end_reason: str


def plan_membership(
    rng: random.Random, *, candidate_hours: int, employers: int, individual_secondments: bool
) -> MembershipPlan:
    hours = min(candidate_hours, rng.choice((16, 20, 24, 28, 32)))
    started_days_ago = rng.randint(30, 720)
    secondment = None
    if individual_secondments and employers and rng.random() < 0.6:
        secondment = (
            rng.randrange(employers),
            rng.randint(0, 21),
            min(hours, rng.choice((8, 12, 16, 20, 24))),
            rng.choice((None, None, 180, 365)),
        )
    ended_after_days = None
    if rng.random() < 0.15 and started_days_ago > 150:
        ended_after_days = rng.randint(90, started_days_ago - 30)
    return MembershipPlan(
        started_days_ago=started_days_ago,
        hours=hours,
        note=rng.choice(("", "", "", "Start na proefplaatsing van twee maanden", "Vervoer met de werkbus")),
        secondment=secondment,
        ended_after_days=ended_after_days,
        end_reason=rng.choice(MEMBERSHIP_END_REASONS),
    )


# Skills per ISCO-08 unit group of the demo's occupations: what a vacancy asks for and what candidates who
# want such work often bring. Lower case, as matching compares them (engine.skill_terms).
JOB_SKILLS: dict[str, tuple[str, ...]] = {
    "9112": ("schoonmaken", "hygiëne", "zelfstandig werken"),
    "9123": ("glazenwassen", "werken op hoogte", "zelfstandig werken"),
    "6113": ("groenonderhoud", "tuingereedschap", "buiten werken"),
    "9214": ("groenonderhoud", "buiten werken", "samenwerken"),
    "9329": ("inpakken", "lopende band", "hygiëne"),
    "9321": ("inpakken", "lopende band", "nauwkeurig werken"),
    "5223": ("klantcontact", "kassa", "productkennis"),
    "9333": ("orderpicken", "handscanner", "tillen"),
    "8344": ("heftruck", "orderpicken", "veiligheid"),
    "5321": ("verzorging", "hygiëne", "geduld"),
    "9412": ("afwassen", "haccp", "keukenwerk"),
    "9629": ("wasserij", "strijken", "nauwkeurig werken"),
    "5131": ("bediening", "klantcontact", "gastvrijheid"),
    "4224": ("klantcontact", "telefoon", "computervaardigheden"),
    "7127": ("installatietechniek", "gereedschap", "veiligheid"),
    "7411": ("elektrotechniek", "werken op hoogte", "veiligheid"),
    "9334": ("vakkenvullen", "voorraadbeheer", "tillen"),
    "5230": ("kassa", "klantcontact", "rekenen"),
    "4412": ("post sorteren", "computervaardigheden", "nauwkeurig werken"),
    "5153": ("klussen", "sleutelbeheer", "zelfstandig werken"),
    "7322": ("drukwerk", "computervaardigheden", "nauwkeurig werken"),
}
GENERAL_SKILLS = ("samenwerken", "nederlands", "rijbewijs b", "computervaardigheden", "klantcontact")


def job_skills(esco_code: str) -> tuple[str, ...]:
    return JOB_SKILLS.get(esco_code[:4], ())


def candidate_wishes(key: int, esco: Sequence[str]) -> tuple[tuple[str, ...], str]:
    """One or two desired occupations out of `esco` and a skills text, drawn from an RNG of their own
    (seeded with `key`, e.g. the candidate's uuid) so that they do not change the rest of the demo stream."""
    rng = random.Random(key)
    wanted = tuple(sorted(rng.sample(list(esco), min(len(esco), rng.choice((1, 1, 2))))))
    own = sorted({skill for code in wanted for skill in job_skills(code)})
    skills = rng.sample(own, min(len(own), rng.randint(1, 3))) + rng.sample(GENERAL_SKILLS, rng.randint(0, 2))
    return wanted, ", ".join(dict.fromkeys(skills))
