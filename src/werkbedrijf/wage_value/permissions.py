"""Who may see and do what with wage-value assessments: one table, consulted by every selector and service.

| role                            | assessments seen                | candidate | may do                |
|---------------------------------|---------------------------------|-----------|-----------------------|
| wage-value expert               | those assigned to them          | name      | work on the draft,    |
|                                 |                                 |           | record views,         |
|                                 |                                 |           | finalise, correct     |
| consultant / instrument officer | all of their organisation's     | full      | create, assign,       |
| of the candidate's organisation | candidates                      |           | edit the draft,       |
|                                 |                                 |           | record views, correct |
| consultant, instrument officer, | other organisations' candidates | pseudonym | read only; no         |
| WSP account manager (elsewhere  | with an active region-wide      |           | views, no report      |
| in the region)                  | consent                         |           |                       |
| employer user                   | finalised ones at its own       | name only | read only: tasks,     |
|                                 | employer                        |           | result, next date,    |
|                                 |                                 |           | its own view          |
| policy adviser, board member    | none (aggregates: monitoring)   | –         | –                     |
| auditor, functional admin       | none                            | –         | –                     |
| anyone, another region          | never (404)                     | –         | –                     |

Why so:
- The expert observes the candidate at the workplace and talks with them, so needs the name; nothing more of
  the candidate's record is shown to them (accounts/permissions gives the expert no candidate visibility).
  Finalising is the expert's alone: the report is theirs (Besluit LKS 2021 art. 3 lid 3).
- "Own organisation" is the candidate's responsible organisation, as for candidates: FULL from
  accounts.permissions.candidate_visibility. They start the assessment, choose the expert, and decide on the
  subsidy from it, so they also correct it (a new assessment that `corrects` the finalised one).
- Partners elsewhere in the region see an assessment as they see the candidate: pseudonymised, and only with
  the candidate's active region-wide consent. The views and the report are withheld: they are the candidate's
  and the employer's words.
- The employer already knows its worker by name and gave its own view; it sees the finalised outcome (tasks,
  scores, result, next re-assessment date), never the candidate's view, the findings or any other candidate
  detail. Drafts are work in progress and stay with the expert and the organisation.

Every read of an assessment that names the candidate (full, expert, employer) is access-logged.
"""

import enum
from dataclasses import dataclass

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.permissions import Visibility, candidate_visibility, roles_in_region


class AssessmentAccess(enum.IntEnum):
    NONE = 0
    PSEUDONYMISED = 1  # partner elsewhere in the region: pseudonym, tasks and result
    EMPLOYER = 2  # the employer at which it took place: name, tasks, result, own view
    EXPERT = 3  # the assigned wage-value expert
    FULL = 4  # the candidate's own organisation

    @property
    def names_candidate(self) -> bool:
        return self >= AssessmentAccess.EMPLOYER

    @property
    def sees_views(self) -> bool:
        return self >= AssessmentAccess.EXPERT

    @property
    def sees_report(self) -> bool:
        return self >= AssessmentAccess.EXPERT


# Roles that manage assessments of their own organisation's candidates.
MANAGING_ROLES = frozenset({Role.CONSULTANT, Role.INSTRUMENT_OFFICER})
# Roles that see other organisations' assessments pseudonymised (with the candidate's region consent).
PSEUDONYMISED_ROLES = frozenset({Role.CONSULTANT, Role.INSTRUMENT_OFFICER, Role.ACCOUNT_MANAGER})


def is_expert(user, region) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and not user.is_external
        and Role.WAGE_VALUE_EXPERT in roles_in_region(user, region)
    )


def may_create(user, region) -> bool:
    """Whether the user may start assessments at all (for some candidate of their own organisation)."""
    if not getattr(user, "is_authenticated", False) or user.is_external:
        return False
    return bool(roles_in_region(user, region) & MANAGING_ROLES) and user.organisation_id is not None


def may_create_for(user, region, candidate) -> bool:
    return (
        candidate.region_id == getattr(region, "pk", None)
        and bool(roles_in_region(user, region) & MANAGING_ROLES)
        and candidate_visibility(user, region, candidate.responsible_organisation_id) == Visibility.FULL
    )


def may_list(user, region) -> bool:
    """For the navigation: whether the assessment list can show the user anything."""
    if not getattr(user, "is_authenticated", False) or region is None:
        return False
    roles = roles_in_region(user, region)
    if user.is_external:
        return Role.EMPLOYER_USER in roles
    return bool(roles & (PSEUDONYMISED_ROLES | {Role.WAGE_VALUE_EXPERT}))


def access(user, region, assessment) -> AssessmentAccess:
    """What the user may see of one assessment (the highest any of their roles gives)."""
    if not getattr(user, "is_authenticated", False) or region is None or assessment.region_id != region.pk:
        return AssessmentAccess.NONE
    roles = roles_in_region(user, region)
    candidate = assessment.candidate
    if user.is_external:
        if (
            Role.EMPLOYER_USER in roles
            and assessment.is_finalised
            and assessment.employer.organisation_id == user.organisation_id
        ):
            return AssessmentAccess.EMPLOYER
        return AssessmentAccess.NONE
    if roles & MANAGING_ROLES and (
        candidate_visibility(user, region, candidate.responsible_organisation_id) == Visibility.FULL
    ):
        return AssessmentAccess.FULL
    if Role.WAGE_VALUE_EXPERT in roles and assessment.assessor_id == user.pk:
        return AssessmentAccess.EXPERT
    if roles & PSEUDONYMISED_ROLES and candidate.shared_in_region:
        return AssessmentAccess.PSEUDONYMISED
    return AssessmentAccess.NONE


@dataclass(frozen=True)
class Actions:
    """What the user may do with one assessment in its current state."""

    edit: bool = False  # the draft's workplace, reference job, observation date, findings
    assign: bool = False  # choose another expert
    tasks: bool = False
    views: bool = False
    finalise: bool = False
    correct: bool = False
    delete: bool = False


def _manager_and_assessor(user, region, assessment) -> tuple[bool, bool]:
    level = access(user, region, assessment)
    is_assessor = (
        assessment.assessor_id == getattr(user, "pk", None)
        and level >= AssessmentAccess.EXPERT
        and is_expert(user, region)
    )
    return level == AssessmentAccess.FULL, is_assessor


def may_correct(user, region, assessment) -> bool:
    """Whether the user is one who corrects this finalised assessment, whether or not it was corrected yet."""
    manager, is_assessor = _manager_and_assessor(user, region, assessment)
    return assessment.is_finalised and (manager or is_assessor)


def actions(user, region, assessment) -> Actions:
    manager, is_assessor = _manager_and_assessor(user, region, assessment)
    if assessment.is_finalised:
        return Actions(correct=(manager or is_assessor) and not _has_correction(assessment))
    return Actions(
        edit=manager or is_assessor,
        assign=manager,
        tasks=is_assessor,
        views=manager or is_assessor,
        finalise=is_assessor,
        delete=manager,
    )


def _has_correction(assessment) -> bool:
    cached = getattr(assessment, "correction_count", None)
    if cached is not None:
        return cached > 0
    return assessment.corrections.exists()
