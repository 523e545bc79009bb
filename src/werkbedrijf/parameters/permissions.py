"""Who may add or correct legal parameters.

The values hold for all 35 regions, so a role in one region is not enough: the national operator grants
the model permission below to named users (in the Django admin, under the user's permissions). The user
must also be internal staff who passed the second factor.
"""

from werkbedrijf.accounts.permissions import fully_signed_in

CHANGE_PERMISSION = "parameters.change_legalparameter"


def may_change_legal_parameters(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and not user.is_external
        and not user.is_system_account
        and fully_signed_in(user)
        and user.has_perm(CHANGE_PERMISSION)
    )
