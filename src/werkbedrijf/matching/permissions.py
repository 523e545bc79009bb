"""Who may see matches and change the matching configuration: read from the candidates' visibility table
(accounts/permissions.py) and the vacancies' (vacancies/permissions.py).

| role                           | candidates for a vacancy             | vacancies for a cand. | config. |
|--------------------------------|--------------------------------------|-----------------------|---------|
| consultant, instrument officer | own org.'s in full, others pseudonym | own candidates only   | read    |
| account manager                | all pseudonymised                    | no                    | read    |
| policy adviser                 | counts only (eligible, per reason)   | no                    | read    |
| board member                   | no                                   | no                    | read    |
| functional administrator       | no                                   | no                    | edit    |
| auditor, expert, employer user | no                                   | no                    | no      |

Other partners' candidates appear only with an active region-wide consent and a fresh profile (the engine's
hard constraints). Another region's vacancy or candidate is 404.
"""

import enum

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.permissions import Visibility, has_role, max_candidate_visibility
from werkbedrijf.vacancies.permissions import VacancyScope, vacancy_rule


class CandidateMatchScope(enum.IntEnum):
    NONE = 0
    COUNTS = 1
    PERSONS = 2  # as candidate_visibility shows each person


def candidate_match_scope(user, region) -> CandidateMatchScope:
    """What a user may see of the candidates for a vacancy of the region."""
    if vacancy_rule(user, region).scope < VacancyScope.REGION:
        return CandidateMatchScope.NONE
    visibility = max_candidate_visibility(user, region)
    if visibility >= Visibility.PSEUDONYMISED:
        return CandidateMatchScope.PERSONS
    if visibility >= Visibility.AGGREGATE:
        return CandidateMatchScope.COUNTS
    return CandidateMatchScope.NONE


def may_match_vacancies(user, region) -> bool:
    """Whether the user may see vacancies for some candidates (those seen in full)."""
    return (
        max_candidate_visibility(user, region) >= Visibility.FULL
        and vacancy_rule(user, region).scope >= VacancyScope.REGION
    )


def may_read_configuration(user, region) -> bool:
    return not user.is_external and has_role(
        user,
        region,
        Role.CONSULTANT,
        Role.INSTRUMENT_OFFICER,
        Role.ACCOUNT_MANAGER,
        Role.POLICY_ADVISER,
        Role.BOARD_MEMBER,
        Role.FUNCTIONAL_ADMIN,
    )


def may_edit_configuration(user, region) -> bool:
    return not user.is_external and has_role(user, region, Role.FUNCTIONAL_ADMIN)
