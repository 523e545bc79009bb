"""Who may see and change employers: one table, consulted by every selector and service of this app.

| role                 | employers of the region | contact history | edit (employer, etc.) | add contact |
|----------------------|-------------------------|-----------------|-----------------------|-------------|
| account manager      | all                     | yes             | yes                   | yes         |
| consultant           | all                     | yes             | no                    | yes         |
| instrument officer   | all                     | yes             | no                    | yes         |
| policy adviser       | all                     | yes             | no                    | no          |
| board member         | counts only             | no              | no                    | no          |
| auditor, func. admin | none                    | no              | no                    | no          |
| employer user        | only its own employer   | no              | no                    | no          |

"Edit" covers the employer's data, its locations, its pledges and the account-manager assignment.

Another region's employers are invisible to everyone (404). An external user (an employer's user) never gets
more than its own employer, whatever other role it might hold by mistake.
"""

import enum
from dataclasses import dataclass

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.permissions import roles_in_region


class EmployerScope(enum.IntEnum):
    NONE = 0
    COUNTS = 1
    OWN = 2
    REGION = 3


@dataclass(frozen=True)
class EmployerRule:
    scope: EmployerScope
    contact_history: bool = False
    edit: bool = False
    add_contact: bool = False


EMPLOYER_RULES: dict[str, EmployerRule] = {
    Role.ACCOUNT_MANAGER: EmployerRule(
        EmployerScope.REGION, contact_history=True, edit=True, add_contact=True
    ),
    Role.CONSULTANT: EmployerRule(EmployerScope.REGION, contact_history=True, add_contact=True),
    Role.INSTRUMENT_OFFICER: EmployerRule(EmployerScope.REGION, contact_history=True, add_contact=True),
    Role.POLICY_ADVISER: EmployerRule(EmployerScope.REGION, contact_history=True),
    Role.BOARD_MEMBER: EmployerRule(EmployerScope.COUNTS),
    Role.AUDITOR: EmployerRule(EmployerScope.NONE),
    Role.FUNCTIONAL_ADMIN: EmployerRule(EmployerScope.NONE),
    Role.EMPLOYER_USER: EmployerRule(EmployerScope.OWN),
    Role.WAGE_VALUE_EXPERT: EmployerRule(EmployerScope.REGION),  # to find the workplace of an assessment
}

_NOTHING = EmployerRule(EmployerScope.NONE)
_EXTERNAL = EMPLOYER_RULES[Role.EMPLOYER_USER]


def employer_rule(user, region) -> EmployerRule:
    """The combined rule of all the user's roles in `region` (the most any role gives, per column)."""
    roles = roles_in_region(user, region)
    if not roles:
        return _NOTHING
    if user.is_external:
        return _EXTERNAL if Role.EMPLOYER_USER in roles else _NOTHING
    rules = [EMPLOYER_RULES[role] for role in roles]
    return EmployerRule(
        scope=max(rule.scope for rule in rules),
        contact_history=any(rule.contact_history for rule in rules),
        edit=any(rule.edit for rule in rules),
        add_contact=any(rule.add_contact for rule in rules),
    )


def may_list_employers(user, region) -> bool:
    """For the navigation: the employer list (or, for an employer user, its own page)."""
    return employer_rule(user, region).scope >= EmployerScope.COUNTS
