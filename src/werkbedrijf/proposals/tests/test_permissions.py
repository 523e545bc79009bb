"""The table of permissions.py per role, against candidates of the own organisation, of another partner with
and without region-wide consent, and another region."""

import pytest

from werkbedrijf.proposals.permissions import (
    ProposalScope,
    allowed_steps,
    may_list_proposals,
    may_propose,
    may_read_process_details,
    proposal_rule,
    report_is_suppressed,
)
from werkbedrijf.proposals.states import ProposalState

from .conftest import move, propose


@pytest.mark.parametrize(
    ("role", "scope", "own", "shared", "private"),
    [
        ("consultant_a", ProposalScope.REGION, True, False, False),
        ("officer_a", ProposalScope.REGION, True, False, False),
        ("consultant_b", ProposalScope.REGION, False, True, True),
        ("manager", ProposalScope.REGION, True, True, False),
        ("policy", ProposalScope.REPORT, False, False, False),
        ("board", ProposalScope.REPORT, False, False, False),
        ("admin", ProposalScope.NONE, False, False, False),
        ("auditor", ProposalScope.NONE, False, False, False),
        ("employer_user", ProposalScope.NONE, False, False, False),
        ("consultant_c", ProposalScope.NONE, False, False, False),
    ],
)
def test_who_may_propose_whom(w, role, scope, own, shared, private):
    user = getattr(w, role)
    assert proposal_rule(user, w.region).scope == scope
    assert may_list_proposals(user, w.region) is (scope >= ProposalScope.REPORT)
    assert report_is_suppressed(user, w.region) is (scope == ProposalScope.REPORT)
    assert (
        may_propose(user, w.region, w.own),
        may_propose(user, w.region, w.shared),
        may_propose(user, w.region, w.private),
    ) == (own, shared, private)


def test_nobody_proposes_in_another_region(w):
    assert not may_propose(w.consultant_c, w.other_region, w.own)
    assert proposal_rule(w.consultant_c, w.other_region).scope == ProposalScope.REGION
    assert not may_propose(w.consultant_a, w.other_region, w.own)


def test_steps_and_details_per_role(w):
    own = move(w, propose(w, w.own, w.vacancy), ProposalState.SENT_TO_EMPLOYER)
    keys = {
        role: {s.key for s in allowed_steps(getattr(w, role), w.region, own)}
        for role in ("manager", "consultant_a", "officer_a", "consultant_b", "policy", "consultant_c")
    }
    employer_side = {"interview", "trial_placement", "declined:employer"}
    candidate_side = {"declined:candidate", "withdrawn"}
    assert keys["manager"] == employer_side | candidate_side
    assert keys["consultant_a"] == keys["officer_a"] == candidate_side
    assert keys["consultant_b"] == keys["policy"] == keys["consultant_c"] == set()
    assert may_read_process_details(w.manager, w.region, w.own)
    assert may_read_process_details(w.consultant_a, w.region, w.own)
    assert not may_read_process_details(w.consultant_b, w.region, w.own)
    assert not may_read_process_details(w.consultant_a, w.region, w.shared)
