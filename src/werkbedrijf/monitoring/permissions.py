"""Who sees the monitoring: every staff role of the region sees the region's dashboard; the board members
and policy advisers see aggregates only, so for them every count of people under SMALL_COUNT is shown as
"<5" (as in every report and download that leaves the system). The functional administrator sets the
region's share of the national target. The auditor and employer users see none of it."""

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.permissions import roles_in_region

SMALL_COUNT = 5
_READERS = {
    Role.CONSULTANT,
    Role.INSTRUMENT_OFFICER,
    Role.ACCOUNT_MANAGER,
    Role.POLICY_ADVISER,
    Role.BOARD_MEMBER,
    Role.FUNCTIONAL_ADMIN,
}
_AGGREGATES_ONLY = {Role.POLICY_ADVISER, Role.BOARD_MEMBER}


def _roles(user, region) -> set[str]:
    if not getattr(user, "is_authenticated", False) or user.is_external or region is None:
        return set()
    return set(roles_in_region(user, region))


def may_read_monitoring(user, region) -> bool:
    return bool(_roles(user, region) & _READERS)


def sees_aggregates_only(user, region) -> bool:
    """True when none of the user's roles in the region sees persons (small counts are then suppressed)."""
    roles = _roles(user, region) & _READERS
    return bool(roles) and roles <= _AGGREGATES_ONLY


def may_set_target_share(user, region) -> bool:
    return Role.FUNCTIONAL_ADMIN in _roles(user, region)
