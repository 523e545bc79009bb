"""Who may see and run labour pools and group secondments: one table, consulted by every selector and service.

| role                 | pools of the region | members shown                                   | manage  |
|----------------------|---------------------|-------------------------------------------------|---------|
| account manager      | all                 | pseudonymised                                   | yes     |
| consultant / coach   | all                 | own organisation's candidates in full, others   | yes     |
|                      |                     | pseudonymised                                   |         |
| instrument officer   | all                 | as consultant                                   | yes     |
| policy adviser       | counts only         | none (numbers of pools, members, hours/week)    | no      |
| board member         | counts only         | none (numbers of pools, members, hours/week)    | no      |
| auditor, func. admin | none                | none                                            | no      |
| employer user        | none                | none                                            | no      |

Policy advisers get counts, like board members: for candidates they see aggregates only
(accounts/permissions.py), and a pool's member list is a list of candidates.

"Manage" is: create and edit a pool, end it, add and end members, add and end (group) secondments.

Members are candidates, so "in full" follows accounts.permissions.candidate_visibility: only where the
candidate's responsible organisation is the user's and the role gives FULL there. Everything else is the
candidates app's pseudonymised presentation (pseudonym, age band, PC4 area, municipality). A member of another
organisation whose region-wide consent is not (or no longer) active is shown by pseudonym only, without age
band, PC4 or municipality: they stay countable in the pool's totals, but nothing else is shared.

Adding a candidate as member needs the manage right and either full visibility of that candidate (own
organisation) or the candidate's active region-wide consent: the consent is what lets another partner work
with the candidate at all (candidates/selectors.py), and pool membership is such work.

Employer users see nothing here: whether someone works at their company through a pool is known to them at the
workplace, while the pool record says that the person belongs to the target group. Their own view of
seconded workers belongs to the employer portal (PRODUCT.md, capability 9), under the employers consent.

Another region's pools are invisible to everyone (404). An external user never gets more than an employer
user.
"""

import enum
from dataclasses import dataclass

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.permissions import Visibility, candidate_visibility, roles_in_region


class PoolScope(enum.IntEnum):
    NONE = 0
    COUNTS = 1
    REGION = 2


@dataclass(frozen=True)
class PoolRule:
    scope: PoolScope
    manage: bool = False


POOL_RULES: dict[str, PoolRule] = {
    Role.ACCOUNT_MANAGER: PoolRule(PoolScope.REGION, manage=True),
    Role.CONSULTANT: PoolRule(PoolScope.REGION, manage=True),
    Role.INSTRUMENT_OFFICER: PoolRule(PoolScope.REGION, manage=True),
    Role.POLICY_ADVISER: PoolRule(PoolScope.COUNTS),
    Role.BOARD_MEMBER: PoolRule(PoolScope.COUNTS),
    Role.AUDITOR: PoolRule(PoolScope.NONE),
    Role.FUNCTIONAL_ADMIN: PoolRule(PoolScope.NONE),
    Role.WAGE_VALUE_EXPERT: PoolRule(PoolScope.NONE),
    Role.EMPLOYER_USER: PoolRule(PoolScope.NONE),
}

_NOTHING = PoolRule(PoolScope.NONE)


def pool_rule(user, region) -> PoolRule:
    """The combined rule of all the user's roles in `region` (the most any role gives, per column)."""
    if not getattr(user, "is_authenticated", False) or user.is_external:
        return _NOTHING
    roles = roles_in_region(user, region)
    if not roles:
        return _NOTHING
    rules = [POOL_RULES[role] for role in roles]
    return PoolRule(scope=max(rule.scope for rule in rules), manage=any(rule.manage for rule in rules))


def may_list_pools(user, region) -> bool:
    """For the navigation: the pool list, or for board members the totals."""
    return pool_rule(user, region).scope >= PoolScope.COUNTS


def member_visibility(user, region, candidate, *, has_region_consent: bool) -> Visibility:
    """How a pool reader sees one member: FULL, PSEUDONYMISED, or AGGREGATE (pseudonym only, no details).

    Callers have checked that the user may read the pool (scope REGION).
    """
    if candidate_visibility(user, region, candidate.responsible_organisation_id) == Visibility.FULL:
        return Visibility.FULL
    own = user.organisation_id is not None and user.organisation_id == candidate.responsible_organisation_id
    if own or has_region_consent:
        return Visibility.PSEUDONYMISED
    return Visibility.AGGREGATE


def may_add_candidate(user, region, candidate, *, has_region_consent: bool) -> bool:
    """Whether the user may make this candidate a member of a pool (besides the manage right)."""
    if candidate.region_id != getattr(region, "pk", None):
        return False
    full = candidate_visibility(user, region, candidate.responsible_organisation_id) == Visibility.FULL
    return full or has_region_consent
