"""Who may see and write placements and their aftercare: one table, used by selectors, services and views.

| role                  | placements of the region              | register, change, end, aftercare       |
|-----------------------|---------------------------------------|----------------------------------------|
| consultant,           | all: own organisation's candidates in | for the own organisation's candidates  |
| instrument officer    | full, the others pseudonymised        | (seen in full)                         |
| account manager (WSP) | all, persons as the candidates' rules | all (the employer's one point of       |
|                       | show them                             | contact)                               |
| policy adviser,       | none here: the monitoring's           | no                                     |
| board member          | aggregates only                       |                                        |
| auditor, func. admin, | none                                  | no                                     |
| expert, employer user |                                       |                                        |

Free text about the person (notes on the end, on checkpoints and coaching, the coaching goals) and the end
reason (which may be "health") are for who sees the candidate in full and the account manager; other
partners see the placement's employer, job, dates, hours and contract. Another region's placement is 404.
"""

import enum
from dataclasses import dataclass

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.permissions import Visibility, candidate_visibility, roles_in_region


class PlacementScope(enum.IntEnum):
    NONE = 0
    AGGREGATES = 1
    REGION = 2


@dataclass(frozen=True)
class PlacementRule:
    scope: PlacementScope
    write_own: bool = False
    write_any: bool = False


_ORGANISATION_STAFF = PlacementRule(PlacementScope.REGION, write_own=True)

PLACEMENT_RULES: dict[str, PlacementRule] = {
    Role.CONSULTANT: _ORGANISATION_STAFF,
    Role.INSTRUMENT_OFFICER: _ORGANISATION_STAFF,
    Role.ACCOUNT_MANAGER: PlacementRule(PlacementScope.REGION, write_any=True),
    Role.POLICY_ADVISER: PlacementRule(PlacementScope.AGGREGATES),
    Role.BOARD_MEMBER: PlacementRule(PlacementScope.AGGREGATES),
    Role.AUDITOR: PlacementRule(PlacementScope.NONE),
    Role.FUNCTIONAL_ADMIN: PlacementRule(PlacementScope.NONE),
    Role.WAGE_VALUE_EXPERT: PlacementRule(PlacementScope.NONE),
    Role.EMPLOYER_USER: PlacementRule(PlacementScope.NONE),
}

_NOTHING = PlacementRule(PlacementScope.NONE)


def placement_rule(user, region) -> PlacementRule:
    """The combined rule of the user's roles in `region` (the most any role gives, per column)."""
    if not getattr(user, "is_authenticated", False) or user.is_external or region is None:
        return _NOTHING
    rules = [PLACEMENT_RULES[role] for role in roles_in_region(user, region)]
    if not rules:
        return _NOTHING
    return PlacementRule(
        scope=max(rule.scope for rule in rules),
        write_own=any(rule.write_own for rule in rules),
        write_any=any(rule.write_any for rule in rules),
    )


def may_read_placements(user, region) -> bool:
    return placement_rule(user, region).scope >= PlacementScope.REGION


def may_write_at_all(user, region) -> bool:
    rule = placement_rule(user, region)
    return rule.write_own or rule.write_any


def sees_in_full(user, region, candidate) -> bool:
    return candidate_visibility(user, region, candidate.responsible_organisation_id) == Visibility.FULL


def may_write(user, region, candidate) -> bool:
    """Register a placement for `candidate`, or change, end or do the aftercare of theirs."""
    if candidate.region_id != getattr(region, "pk", None):
        return False
    rule = placement_rule(user, region)
    return rule.write_any or (rule.write_own and sees_in_full(user, region, candidate))


def may_read_details(user, region, candidate) -> bool:
    """Notes, the end reason, coaching goals and activities."""
    return placement_rule(user, region).write_any or sees_in_full(user, region, candidate)
