"""Who may read and change the instrument catalogue, grants, payments and budgets: one table, consulted by
every selector and service of this app.

| role               | catalogue  | eligibility | grants          | apply | decide, start, end, | budgets |
|                    |            | check       |                 |       | pay, export         |         |
|--------------------|------------|-------------|-----------------|-------|---------------------|---------|
| instrument officer | read       | own cand.   | own cand., full | yes   | yes                 | set own |
| consultant / coach | read       | own cand.   | own cand., full | yes   | no                  | none    |
| functional admin   | read, edit | no          | none            | no    | no                  | none    |
| policy adviser     | read       | no          | counts          | no    | no                  | region  |
| board member       | read       | no          | counts          | no    | no                  | region  |
| account manager    | read       | no          | none            | no    | no                  | none    |
| wage-value expert  | read       | no          | none            | no    | no                  | none    |
| auditor            | none       | no          | none            | no    | no                  | none    |
| employer user      | none       | no          | none            | no    | no                  | none    |

"own cand." = candidates of the user's own organisation (a municipality), seen in full. Budgets: "region" =
the region's figures; "set own" = the region's figures and setting the own municipality's budgets.

The catalogue is one per region and the same for all its municipalities; it holds no personal data, so reading
it is not access-logged. Every new version is audited.

A grant holds personal data (who gets which support, the wage value), so it follows the candidates' rules
(accounts/permissions.py): it is shown only to users who see its candidate in full, i.e. staff of the
candidate's responsible organisation whose role gives FULL there. The paying municipality is always that
organisation, so "own candidates" and "own organisation's grants" are the same set. Everyone else gets 404;
policy advisers and board members see counts and budget figures (allocated, committed, paid) only, never a
person. Reading a grant in full is access-logged; every write is logged with a Dutch context.

Budgets are set by the instrument officers of the municipality they belong to; budget figures of the whole
region are shown to instrument officers, policy advisers and board members (no persons in them).

An external user never gets more than an employer user, whatever role it might hold by mistake.
"""

import enum
from dataclasses import dataclass

from werkbedrijf.accounts.models import OrganisationKind, Role
from werkbedrijf.accounts.permissions import Visibility, candidate_visibility, roles_in_region


class GrantScope(enum.IntEnum):
    NONE = 0
    COUNTS = 1
    OWN = 2  # grants of the own organisation's candidates, in full


@dataclass(frozen=True)
class InstrumentRule:
    catalogue: bool = False
    edit_catalogue: bool = False
    grants: GrantScope = GrantScope.NONE
    apply: bool = False
    decide: bool = False
    budgets: bool = False  # read the region's budget figures
    set_budgets: bool = False  # for the own organisation


INSTRUMENT_RULES: dict[str, InstrumentRule] = {
    Role.INSTRUMENT_OFFICER: InstrumentRule(
        catalogue=True, grants=GrantScope.OWN, apply=True, decide=True, budgets=True, set_budgets=True
    ),
    Role.CONSULTANT: InstrumentRule(catalogue=True, grants=GrantScope.OWN, apply=True),
    Role.FUNCTIONAL_ADMIN: InstrumentRule(catalogue=True, edit_catalogue=True),
    Role.POLICY_ADVISER: InstrumentRule(catalogue=True, grants=GrantScope.COUNTS, budgets=True),
    Role.BOARD_MEMBER: InstrumentRule(catalogue=True, grants=GrantScope.COUNTS, budgets=True),
    Role.ACCOUNT_MANAGER: InstrumentRule(catalogue=True),
    Role.WAGE_VALUE_EXPERT: InstrumentRule(catalogue=True),
    Role.AUDITOR: InstrumentRule(),
    Role.EMPLOYER_USER: InstrumentRule(),
}

_NOTHING = InstrumentRule()


def instrument_rule(user, region) -> InstrumentRule:
    """The combined rule of all the user's roles in `region` (the most any role gives, per column)."""
    if not getattr(user, "is_authenticated", False) or user.is_external:
        return _NOTHING
    rules = [INSTRUMENT_RULES[role] for role in roles_in_region(user, region)]
    if not rules:
        return _NOTHING
    return InstrumentRule(
        catalogue=any(r.catalogue for r in rules),
        edit_catalogue=any(r.edit_catalogue for r in rules),
        grants=max(r.grants for r in rules),
        apply=any(r.apply for r in rules),
        decide=any(r.decide for r in rules),
        budgets=any(r.budgets for r in rules),
        set_budgets=any(r.set_budgets for r in rules),
    )


def may_see_candidate_grants(user, region, candidate) -> bool:
    """Whether the user sees this candidate's grants (and may check eligibility for them): FULL visibility."""
    if instrument_rule(user, region).grants < GrantScope.OWN:
        return False
    if candidate.region_id != getattr(region, "pk", None):
        return False
    return candidate_visibility(user, region, candidate.responsible_organisation_id) == Visibility.FULL


def may_set_budget_of(user, region, organisation) -> bool:
    return (
        instrument_rule(user, region).set_budgets
        and organisation.region_id == getattr(region, "pk", None)
        and organisation.kind == OrganisationKind.MUNICIPALITY
        and user.organisation_id == organisation.pk
    )
