"""Who may see what: the one table that every selector consults.

Visibility of a person's record, from most to least:
- FULL: the whole record (access-logged on read);
- PSEUDONYMISED: a profile without name, BSN, birth date or contact details, under a pseudonym;
- AGGREGATE: only counts and totals, never a person;
- NONE: nothing.
"""

import base64
import enum
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings

from .models import OrganisationKind, Role


class Visibility(enum.IntEnum):
    NONE = 0
    AGGREGATE = 1
    PSEUDONYMISED = 2
    FULL = 3


@dataclass(frozen=True)
class CandidateRule:
    own_organisation: Visibility
    same_region: Visibility


# Candidates: a consultant of municipality A sees A's candidates in full and the rest of the region
# pseudonymised (the transparent regional pool). Board members see aggregates only. Employers see no
# candidate record here; their anonymised search is the portal's (PRODUCT.md, capability 9).
CANDIDATE_RULES: dict[str, CandidateRule] = {
    Role.CONSULTANT: CandidateRule(Visibility.FULL, Visibility.PSEUDONYMISED),
    Role.INSTRUMENT_OFFICER: CandidateRule(Visibility.FULL, Visibility.PSEUDONYMISED),
    Role.ACCOUNT_MANAGER: CandidateRule(Visibility.PSEUDONYMISED, Visibility.PSEUDONYMISED),
    Role.POLICY_ADVISER: CandidateRule(Visibility.AGGREGATE, Visibility.AGGREGATE),
    Role.BOARD_MEMBER: CandidateRule(Visibility.AGGREGATE, Visibility.AGGREGATE),
    Role.AUDITOR: CandidateRule(Visibility.NONE, Visibility.NONE),
    Role.FUNCTIONAL_ADMIN: CandidateRule(Visibility.NONE, Visibility.NONE),
    Role.EMPLOYER_USER: CandidateRule(Visibility.NONE, Visibility.NONE),
    # The expert sees the candidates of the assessments assigned to them, through wage_value's selectors only.
    Role.WAGE_VALUE_EXPERT: CandidateRule(Visibility.NONE, Visibility.NONE),
}

# Organisations whose staff hold candidates as "own organisation".
CANDIDATE_HOLDING_KINDS = {OrganisationKind.MUNICIPALITY, OrganisationKind.UWV}


def needs_second_factor(user) -> bool:
    """Staff must pass TOTP before using the product; employer users (external) need not."""
    return settings.WERKBEDRIJF_REQUIRE_2FA and not user.is_external


def fully_signed_in(user) -> bool:
    """Logged in and, where required, past the second factor."""
    return user.is_authenticated and (not needs_second_factor(user) or user.is_verified())


def roles_in_region(user, region) -> set[str]:
    if not user.is_authenticated or region is None:
        return set()
    cache = getattr(user, "_roles_by_region", None)
    if cache is None:
        cache = {}
        for assignment in user.role_assignments.all():
            cache.setdefault(assignment.region_id, set()).add(assignment.role)
        user._roles_by_region = cache
    return cache.get(region.pk, set())


def regions_of(user):
    from werkbedrijf.regions.models import Region

    if not user.is_authenticated:
        return Region.objects.none()
    return Region.objects.filter(pk__in=user.role_assignments.values("region")).order_by("code")


def has_role(user, region, *roles: str) -> bool:
    return bool(roles_in_region(user, region) & set(roles))


def candidate_visibility(user, region, responsible_organisation_id: int | None = None) -> Visibility:
    """The highest visibility any of the user's roles in `region` gives on a candidate there.

    With responsible_organisation_id None this answers for "a candidate of another organisation".
    """
    best = Visibility.NONE
    if user.is_external:
        return best
    own = (
        responsible_organisation_id is not None
        and user.organisation_id == responsible_organisation_id
        and user.organisation.kind in CANDIDATE_HOLDING_KINDS
    )
    for role in roles_in_region(user, region):
        rule = CANDIDATE_RULES[role]
        best = max(best, rule.own_organisation if own else rule.same_region)
    return best


def max_candidate_visibility(user, region) -> Visibility:
    """What the user can see of at least some candidates in the region (for menus and list pages)."""
    best = Visibility.NONE
    if user.is_external:
        return best
    for role in roles_in_region(user, region):
        rule = CANDIDATE_RULES[role]
        best = max(best, rule.own_organisation, rule.same_region)
    return best


def pseudonym(kind: str, object_uuid) -> str:
    """A stable, non-reversible label such as K-7MQ2C-XR4PA-DK3 for a person seen by another organisation.

    65 bits of a keyed HMAC: among a million people in one region a collision has a chance of about 1 in 70
    million, so colleagues can refer to one person by it.
    """
    digest = hmac.new(
        settings.PSEUDONYM_KEY.encode(), f"{kind}:{object_uuid}".encode(), hashlib.sha256
    ).digest()
    code = base64.b32encode(digest).decode()[:13]
    return f"{kind[:1].upper()}-{code[:5]}-{code[5:10]}-{code[10:]}"
