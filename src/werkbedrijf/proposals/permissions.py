"""Who may see and move proposals: one table, consulted by every selector, service, view and the API.

| role                  | proposals of the region     | propose                     | steps (states.py)      |
|-----------------------|-----------------------------|-----------------------------|------------------------|
| consultant,           | all: own organisation's     | own organisation's          | candidate's side, for  |
| instrument officer    | candidates in full, others  | candidates (seen in full)   | own organisation's     |
|                       | pseudonymised               |                             | candidates             |
| account manager (WSP) | all, pseudonymised          | any candidate with          | employer's side and    |
|                       |                             | region-wide consent         | candidate's side, all  |
| policy adviser,       | decline report only (small  | no                          | no                     |
| board member          | counts suppressed, rounded) |                             |                        |
| auditor, func. admin, | none (the auditor reads the | no                          | no                     |
| expert, employer user | access log)                 |                             |                        |

The employer's side (sent to the employer, interview, trial placement, hired, declined by the employer) is the
account manager's: the employer service point is the employer's one point of contact. The candidate's side
(declined by the candidate, withdrawn) is for the candidate's own organisation (its consultants and
instrument officers, who see the candidate in full) and for the account manager.

Candidates are shown as the candidates app shows them (candidates/selectors.py): in full only to their own
organisation; pseudonymised to the rest of the region while their region-wide consent is active; by pseudonym
only, without profile, once it is withdrawn (the process may still run and must stay manageable).

The process details, free text above all (notes, the reason for a double booking) and the decline reason
(which may be "health"), are for those taking part in the process: whoever sees the candidate in full, and
the account manager. Other partners see the state and the dates, not why.

The decline report holds counts only. Where a role sees aggregates only (policy adviser, board member), a
count from 1 to 4 is shown as "fewer than 5" and the others are rounded to the nearest 5, so that no
suppressed count can be got back by subtracting (selectors._cell). Another region's proposal is 404 for
everyone.
"""

import enum
from dataclasses import dataclass

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.permissions import Visibility, candidate_visibility, roles_in_region

from .states import Side, Step, steps_from

SMALL_COUNT = 5


class ProposalScope(enum.IntEnum):
    NONE = 0
    REPORT = 1  # the decline report's counts only
    REGION = 2  # every proposal of the region, persons as the candidates' rules show them


@dataclass(frozen=True)
class ProposalRule:
    scope: ProposalScope
    propose_own: bool = False  # the own organisation's candidates (seen in full)
    propose_shared: bool = False  # any candidate of the region with an active region-wide consent
    employer_side: bool = False
    candidate_side_own: bool = False  # the candidate's side for the own organisation's candidates
    candidate_side_any: bool = False


_ORGANISATION_STAFF = ProposalRule(ProposalScope.REGION, propose_own=True, candidate_side_own=True)

PROPOSAL_RULES: dict[str, ProposalRule] = {
    Role.CONSULTANT: _ORGANISATION_STAFF,
    Role.INSTRUMENT_OFFICER: _ORGANISATION_STAFF,
    Role.ACCOUNT_MANAGER: ProposalRule(
        ProposalScope.REGION, propose_shared=True, employer_side=True, candidate_side_any=True
    ),
    Role.POLICY_ADVISER: ProposalRule(ProposalScope.REPORT),
    Role.BOARD_MEMBER: ProposalRule(ProposalScope.REPORT),
    Role.AUDITOR: ProposalRule(ProposalScope.NONE),
    Role.FUNCTIONAL_ADMIN: ProposalRule(ProposalScope.NONE),
    Role.WAGE_VALUE_EXPERT: ProposalRule(ProposalScope.NONE),
    Role.EMPLOYER_USER: ProposalRule(ProposalScope.NONE),
}

_NOTHING = ProposalRule(ProposalScope.NONE)


def proposal_rule(user, region) -> ProposalRule:
    """The combined rule of all the user's roles in `region` (the most any role gives, per column)."""
    if not getattr(user, "is_authenticated", False) or user.is_external or region is None:
        return _NOTHING
    rules = [PROPOSAL_RULES[role] for role in roles_in_region(user, region)]
    if not rules:
        return _NOTHING
    return ProposalRule(
        scope=max(rule.scope for rule in rules),
        propose_own=any(rule.propose_own for rule in rules),
        propose_shared=any(rule.propose_shared for rule in rules),
        employer_side=any(rule.employer_side for rule in rules),
        candidate_side_own=any(rule.candidate_side_own for rule in rules),
        candidate_side_any=any(rule.candidate_side_any for rule in rules),
    )


def may_list_proposals(user, region) -> bool:
    """For the navigation: the list of proposals, or for policy advisers and board members the report."""
    return proposal_rule(user, region).scope >= ProposalScope.REPORT


def may_read_proposals(user, region) -> bool:
    return proposal_rule(user, region).scope >= ProposalScope.REGION


def may_read_report(user, region) -> bool:
    return proposal_rule(user, region).scope >= ProposalScope.REPORT


def report_is_suppressed(user, region) -> bool:
    """Small counts are hidden from who may see aggregates only (not the proposals themselves)."""
    return proposal_rule(user, region).scope == ProposalScope.REPORT


def may_propose_at_all(user, region) -> bool:
    rule = proposal_rule(user, region)
    return rule.propose_own or rule.propose_shared


def _sees_in_full(user, region, candidate) -> bool:
    return candidate_visibility(user, region, candidate.responsible_organisation_id) == Visibility.FULL


def may_propose_as_seen(user, region, *, is_full: bool, has_region_consent: bool) -> bool:
    """Whether the user may propose a candidate they see in full (`is_full`) or who shares the profile in the
    region; for pages that hold the candidate's profile rather than the candidate."""
    rule = proposal_rule(user, region)
    return (rule.propose_own and is_full) or (rule.propose_shared and has_region_consent)


def may_propose(user, region, candidate) -> bool:
    if candidate.region_id != getattr(region, "pk", None):
        return False
    return may_propose_as_seen(
        user,
        region,
        is_full=_sees_in_full(user, region, candidate),
        has_region_consent=bool(candidate.shared_in_region),
    )


def may_take_side(user, region, side: str, candidate) -> bool:
    rule = proposal_rule(user, region)
    if side == Side.EMPLOYER:
        return rule.employer_side
    return rule.candidate_side_any or (rule.candidate_side_own and _sees_in_full(user, region, candidate))


def allowed_steps(user, region, proposal) -> list[Step]:
    """The steps out of the proposal's state that this user may take (none for another region's)."""
    if proposal.region_id != getattr(region, "pk", None) or not may_read_proposals(user, region):
        return []
    return [
        step
        for step in steps_from(proposal.state)
        if may_take_side(user, region, step.side, proposal.candidate)
    ]


def may_read_process_details(user, region, candidate) -> bool:
    """Notes, decline reasons and override reasons: for who sees the candidate in full, and the account
    manager who runs the process with the employer."""
    return proposal_rule(user, region).employer_side or _sees_in_full(user, region, candidate)
