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

Proposal rounds (rounds.py):

| role                           | list | start | suggestions shown            | accept, reject | fairness   |
|--------------------------------|------|-------|------------------------------|----------------|------------|
| account manager (WSP)          | yes  | yes   | all, pseudonymised           | all            | exact      |
| consultant, instrument officer | yes  | no    | own org.'s in full, others'  | own org.'s     | exact      |
|                                |      |       | pseudonymised (with consent) | candidates     |            |
| functional administrator       | yes  | yes   | no                           | no             | suppressed |
| policy adviser, board member   | yes  | no    | no                           | no             | suppressed |
| auditor, expert, employer user | no   | no    | no                           | no             | no         |

"list" includes a round's progress and counts.

The WSP's account managers run rounds because they own the employer side (the open positions); the
functional administrator can start one for them (e.g. after a change of the weights) but sees no person.
Accepting a suggestion makes a proposal through the proposals app, whose own permission check applies too.
Who sees persons sees exact counts in the fairness report ("exact"); everyone else gets "<5" for
groups of 1 to 4 and every other count rounded to the nearest 5 ("suppressed", as the proposals' decline
report does). Another region's round is 404.
"""

import enum

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.permissions import (
    Visibility,
    candidate_visibility,
    has_role,
    max_candidate_visibility,
)
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


_ROUND_READERS = (
    Role.CONSULTANT,
    Role.INSTRUMENT_OFFICER,
    Role.ACCOUNT_MANAGER,
    Role.POLICY_ADVISER,
    Role.BOARD_MEMBER,
    Role.FUNCTIONAL_ADMIN,
)


def may_list_rounds(user, region) -> bool:
    return not user.is_external and has_role(user, region, *_ROUND_READERS)


def may_start_round(user, region) -> bool:
    return not user.is_external and has_role(user, region, Role.ACCOUNT_MANAGER, Role.FUNCTIONAL_ADMIN)


def may_see_round_suggestions(user, region) -> bool:
    """Whether the user sees (some of) a round's suggestions, each person as candidate_visibility says."""
    return (
        not user.is_external
        and has_role(user, region, Role.ACCOUNT_MANAGER, Role.CONSULTANT, Role.INSTRUMENT_OFFICER)
        and max_candidate_visibility(user, region) >= Visibility.PSEUDONYMISED
    )


def may_decide_suggestion(user, region, candidate_organisation_id: int | None) -> bool:
    """Accept or reject one suggestion: account managers all of them, consultants their own organisation's."""
    if user.is_external:
        return False
    if has_role(user, region, Role.ACCOUNT_MANAGER):
        return True
    return has_role(user, region, Role.CONSULTANT, Role.INSTRUMENT_OFFICER) and (
        candidate_visibility(user, region, candidate_organisation_id) >= Visibility.FULL
    )


def may_read_fairness(user, region) -> bool:
    return may_list_rounds(user, region)


def fairness_exact_counts(user, region) -> bool:
    """Exact group counts for those who see persons; small cells are suppressed for everyone else."""
    return may_see_round_suggestions(user, region)
