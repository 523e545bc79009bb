"""What each role works on in Werkbedrijf, for the home page (PRODUCT.md, "Its users").

Plain data, no ORM. `now` lists the parts that exist in this release; `later` the parts that follow.
A link carries the context flag that must be true for the user to see it (None: always shown).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from werkbedrijf.accounts.models import Role


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    requires: str | None = None


@dataclass(frozen=True)
class RoleWork:
    works_on: str
    now: tuple[Link, ...] = ()
    later: tuple[str, ...] = ()
    shows_figures: bool = False


REGIONS = Link(_("Regions and municipalities"), "/regio/")
PARAMETERS = Link(_("Legal parameters (minimum wage, percentages)"), "/parameters/")
CANDIDATES = Link(_("Candidates in the regional pool"), "/kandidaten/", requires="can_list_candidates")
EMPLOYERS = Link(_("Employers"), "/werkgevers/", requires="can_list_employers")
VACANCIES = Link(_("Vacancies and job carving"), "/vacatures/", requires="can_list_vacancies")
LABOUR_POOLS = Link(_("Labour pools and group secondment"), "/werkpools/", requires="can_list_labour_pools")
ASSESSMENTS = Link(_("Wage-value assessments"), "/metingen/", requires="can_list_assessments")
INSTRUMENTS = Link(_("Instruments and grants"), "/instrumenten/", requires="can_list_instruments")
CALCULATORS = Link(_("Wage-value and subsidy calculators"), "/loonwaarde/")
PROPOSALS = Link(_("Proposals"), "/voordrachten/", requires="can_list_proposals")
ROUNDS = Link(_("Matching rounds"), "/matching/rondes/", requires="can_list_rounds")
PLACEMENTS = Link(_("Placements and aftercare"), "/plaatsingen/", requires="can_list_placements")
MONITORING = Link(_("Monitoring of the banenafspraak"), "/monitoring/", requires="can_see_monitoring")
TARGET_SHARE = Link(
    _("The region's share of the target"), "/monitoring/doelstelling/", requires="can_see_monitoring"
)
TRANSFERS = Link(_("Import and export"), "/import-export/", requires="can_import")
POOL_SETTINGS = Link(_("Settings of the candidate pool (freshness period)"), "/kandidaten/instellingen/")
ACCESS_LOG = Link(_("Access log"), "/toegangslog/", requires="is_auditor")

ROLE_WORK: dict[str, RoleWork] = {
    Role.ACCOUNT_MANAGER: RoleWork(
        works_on=_("employers, vacancies, job carving, proposing candidates and deals."),
        now=(
            EMPLOYERS,
            VACANCIES,
            CANDIDATES,
            PROPOSALS,
            ROUNDS,
            PLACEMENTS,
            MONITORING,
            LABOUR_POOLS,
            CALCULATORS,
            TRANSFERS,
        ),
        later=(_("Employer portal and market plan"),),
    ),
    Role.CONSULTANT: RoleWork(
        works_on=_("candidates, wage-value assessments, placements and aftercare."),
        now=(
            CANDIDATES,
            PROPOSALS,
            PLACEMENTS,
            ASSESSMENTS,
            MONITORING,
            LABOUR_POOLS,
            CALCULATORS,
            TRANSFERS,
        ),
        later=(_("Settlement between municipalities"),),
    ),
    Role.INSTRUMENT_OFFICER: RoleWork(
        works_on=_("grants, decisions, budgets and monthly subsidy payments."),
        now=(INSTRUMENTS, ASSESSMENTS, CANDIDATES, PLACEMENTS, MONITORING, CALCULATORS, PARAMETERS),
        later=(_("Settlement between municipalities"),),
    ),
    Role.POLICY_ADVISER: RoleWork(
        works_on=_("the market plan, business cases, settlement between municipalities and targets."),
        now=(MONITORING, INSTRUMENTS, EMPLOYERS, REGIONS, PARAMETERS),
        later=(_("Market plan, business cases and settlement"),),
        shows_figures=True,
    ),
    Role.BOARD_MEMBER: RoleWork(
        works_on=_("dashboards, the quarterly report, assignments and escalations."),
        now=(MONITORING, EMPLOYERS, VACANCIES, LABOUR_POOLS, REGIONS),
        later=(_("Assignments and escalations"),),
        shows_figures=True,
    ),
    Role.EMPLOYER_USER: RoleWork(
        works_on=_("anonymised candidate search, your vacancies, requests and your own quota position."),
        now=(EMPLOYERS, VACANCIES, ASSESSMENTS, CALCULATORS),
        later=(_("Employer portal: vacancies, requests and anonymised search"),),
    ),
    Role.AUDITOR: RoleWork(
        works_on=_("the access log, data retention and exports."),
        now=(ACCESS_LOG,),
        later=(_("Data retention and exports"),),
    ),
    Role.WAGE_VALUE_EXPERT: RoleWork(
        works_on=_("wage-value assessments at the workplace, with the employer and the candidate."),
        now=(ASSESSMENTS, CALCULATORS),
        later=(_("Reports in the region's own layout"),),
    ),
    Role.FUNCTIONAL_ADMIN: RoleWork(
        works_on=_("users, roles and reference data of your Werkbedrijf."),
        now=(POOL_SETTINGS, TARGET_SHARE, INSTRUMENTS, REGIONS, PARAMETERS),
        later=(_("Managing users and roles in the interface"),),
    ),
}


def sections_for(roles, flags: dict[str, bool]) -> list[dict]:
    """One section per role, in the order of Role, with only the links the user may follow."""
    labels = dict(Role.choices)
    sections = []
    for role in Role.values:
        if role not in roles:
            continue
        work = ROLE_WORK[role]
        sections.append(
            {
                "role": role,
                "label": labels[role],
                "works_on": work.works_on,
                "links": [link for link in work.now if link.requires is None or flags.get(link.requires)],
                "later": work.later,
                "shows_figures": work.shows_figures,
            }
        )
    return sections
