"""Reading proposals: scoping and pseudonymisation per role, the access log, what the matching rounds read,
and the report of why matches fail."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from werkbedrijf.accounts.permissions import Visibility, pseudonym
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.candidates.models import Consent
from werkbedrijf.proposals import selectors, services
from werkbedrijf.proposals.states import DeclinedBy, DeclineReason, ProposalState
from werkbedrijf.vacancies.models import VacancyKind

from .conftest import move, propose

S = ProposalState


def decline(w, proposal, by=DeclinedBy.EMPLOYER, reason=DeclineReason.SKILLS, note=""):
    if by == DeclinedBy.EMPLOYER and proposal.state == S.PROPOSED:
        proposal = move(w, proposal, S.SENT_TO_EMPLOYER)
    return services.proposal_transition(
        user=w.manager,
        region=w.region,
        proposal=proposal,
        to_state=S.DECLINED,
        declined_by=by,
        reason=reason,
        note=note,
    )


@pytest.fixture
def three(w):
    return {
        "own": propose(w, w.own, w.vacancy),
        "shared": propose(w, w.shared, w.windows),
        "private": propose(w, w.private, w.small, user=w.consultant_b),
    }


def _people(rows):
    return {row.proposal.candidate_id: row.person for row in rows}


def test_consultant_sees_own_in_full_others_pseudonymised_and_logs_the_full_ones(w, three):
    page = selectors.proposal_list(
        user=w.consultant_a, region=w.region, filters=selectors.ProposalFilters(), context="test lijst"
    )
    people = _people(page.rows)
    assert people[w.own.pk].is_full and people[w.own.pk].label == w.own.full_name
    assert people[w.shared.pk].visibility == Visibility.PSEUDONYMISED
    assert people[w.shared.pk].label == pseudonym("kandidaat", w.shared.uuid)
    # Another partner's candidate without region-wide consent: the process shows, the profile does not.
    assert people[w.private.pk].withheld and people[w.private.pk].label == pseudonym(
        "kandidaat", w.private.uuid
    )
    details = {row.proposal.candidate_id: row.details_visible for row in page.rows}
    assert details == {w.own.pk: True, w.shared.pk: False, w.private.pk: False}
    entry = AccessLogEntry.objects.get(context="test lijst")
    assert entry.action == AccessAction.SEARCH and entry.subject_uuids == [str(w.own.uuid)]


def test_account_manager_sees_everyone_pseudonymised_with_the_details(w, three):
    page = selectors.proposal_list(
        user=w.manager, region=w.region, filters=selectors.ProposalFilters(), context="test lijst"
    )
    assert {p.visibility for p in _people(page.rows).values()} == {
        Visibility.PSEUDONYMISED,
        Visibility.AGGREGATE,
    }
    assert all(row.details_visible for row in page.rows)
    assert AccessLogEntry.objects.get(context="test lijst").subject_uuids == []


def test_a_withdrawn_consent_hides_the_profile_but_not_the_process(w, three):
    Consent.objects.filter(candidate=w.shared).update(withdrawn_at=timezone.now())
    rows = selectors.proposal_list(
        user=w.consultant_a, region=w.region, filters=selectors.ProposalFilters(), context="x"
    ).rows
    assert _people(rows)[w.shared.pk].withheld


def test_filters(w, three):
    def states(**kwargs):
        qs = selectors.proposal_search(
            user=w.manager, region=w.region, filters=selectors.ProposalFilters(**kwargs)
        )
        return sorted(p.candidate_id for p in qs)

    move(w, three["own"], S.WITHDRAWN, note="Past niet")
    assert states(active_only=True) == sorted([w.shared.pk, w.private.pk])
    assert states(state=S.WITHDRAWN) == [w.own.pk]
    assert states(vacancy_uuid=str(w.windows.uuid)) == [w.shared.pk]
    assert states(candidate_uuid=str(w.private.uuid)) == [w.private.pk]


def test_who_may_read(w, three):
    for user in (w.policy, w.board, w.admin, w.auditor, w.employer_user):
        with pytest.raises(PermissionDenied):
            selectors.proposal_search(user=user, region=w.region, filters=selectors.ProposalFilters())
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.proposal_get(user=w.consultant_c, region=w.other_region, proposal_uuid=three["own"].uuid)
    with pytest.raises(Http404):
        selectors.proposal_get(user=w.policy, region=w.region, proposal_uuid=three["own"].uuid)
    assert selectors.proposal_get(user=w.consultant_b, region=w.region, proposal_uuid=three["own"].uuid)


def test_detail_withholds_notes_from_other_partners_and_logs_full_reads(w):
    proposal = propose(w, w.own, w.vacancy, note="Heeft rugklachten")
    detail = selectors.proposal_detail(
        user=w.consultant_b, region=w.region, proposal=proposal, context="lezen"
    )
    assert detail.events[0].note is None and not detail.details_visible
    assert not AccessLogEntry.objects.filter(context="lezen").exists()
    assert detail.steps == []
    detail = selectors.proposal_detail(
        user=w.consultant_a, region=w.region, proposal=proposal, context="lezen"
    )
    assert detail.events[0].note == "Heeft rugklachten"
    assert {s.key for s in detail.steps} == {"declined:candidate", "withdrawn"}
    entry = AccessLogEntry.objects.get(context="lezen")
    assert (entry.action, entry.object_type, entry.object_uuid) == (
        AccessAction.READ,
        "candidate",
        w.own.uuid,
    )
    detail = selectors.proposal_detail(user=w.manager, region=w.region, proposal=proposal, context="lezen")
    assert detail.events[0].note == "Heeft rugklachten" and not detail.person.is_full
    assert {s.key for s in detail.steps} == {"sent_to_employer", "declined:candidate", "withdrawn"}


def test_sections_put_active_processes_first(w):
    old = propose(w, w.own, w.vacancy)
    move(w, old, S.WITHDRAWN, note="Te vroeg")
    new = propose(w, w.own, w.windows)
    rows, total = selectors.proposals_section(
        user=w.consultant_a, region=w.region, candidate_uuid=w.own.uuid, context="sectie"
    )
    assert total == 2 and [r.proposal for r in rows] == [new, old]
    rows, total = selectors.proposals_section(user=w.manager, region=w.region, vacancy=w.vacancy, context="s")
    assert total == 1 and rows[0].proposal == old


def test_what_the_rounds_read(w):
    own = propose(w, w.own, w.vacancy)
    shared = propose(w, w.shared, w.vacancy)
    hired = propose(w, w.private, w.windows, user=w.consultant_b)
    move(w, hired, S.SENT_TO_EMPLOYER, S.INTERVIEW, S.HIRED)
    declined = decline(w, propose(w, w.own, w.small))
    assert declined.state == S.DECLINED
    move(w, propose(w, w.private, w.small, user=w.consultant_b), S.WITHDRAWN, note="Vergissing")

    assert selectors.declined_pairs(region=w.region) == {(str(w.own.uuid), str(w.small.uuid))}
    assert selectors.active_pairs(region=w.region) == {
        (str(w.own.uuid), str(w.vacancy.uuid)),
        (str(w.shared.uuid), str(w.vacancy.uuid)),
    }
    assert selectors.active_commitments(region=w.region) == {
        str(w.own.uuid): Decimal("24"),
        str(w.shared.uuid): Decimal("24"),
    }
    assert selectors.positions_taken(region=w.region) == {str(w.vacancy.uuid): 2, str(w.windows.uuid): 1}
    assert selectors.declined_pairs(region=w.other_region) == set()
    assert own.uuid != shared.uuid


def _many_declines(w, count, *, by, reason, vacancy=None):
    for i in range(count):
        candidate = w.add_candidate(w.org_a, last_name=f"Afgewezen{i}", hours_per_week=40)
        decline(w, propose(w, candidate, vacancy or w.vacancy), by=by, reason=reason)


def test_decline_report_counts_reasons_sides_and_kinds(w):
    _many_declines(w, 6, by=DeclinedBy.EMPLOYER, reason=DeclineReason.SKILLS)
    _many_declines(w, 2, by=DeclinedBy.CANDIDATE, reason=DeclineReason.SKILLS, vacancy=w.small)
    _many_declines(w, 1, by=DeclinedBy.CANDIDATE, reason=DeclineReason.TRAVEL)
    hired = propose(w, w.own, w.windows)
    move(w, hired, S.SENT_TO_EMPLOYER, S.INTERVIEW, S.HIRED)

    report = selectors.decline_report(user=w.manager, region=w.region)
    assert not report.suppressed
    assert (report.declined, report.proposed, report.hired, report.withdrawn) == (9, 10, 1, 0)
    rows = {row.key: row for row in report.by_reason}
    assert (rows["skills"].employer, rows["skills"].candidate, rows["skills"].total) == (6, 2, 8)
    assert (rows["travel"].employer, rows["travel"].candidate, rows["travel"].total) == (0, 1, 1)
    assert rows["health"].total == 0 and len(rows) == len(DeclineReason.values)
    kinds = {row.key: row for row in report.by_kind}
    assert set(kinds) == {VacancyKind.REGULAR, VacancyKind.JOBS_AGREEMENT}
    assert (kinds["regular"].employer, kinds["regular"].candidate) == (6, 1)
    assert (kinds["jobs_agreement"].employer, kinds["jobs_agreement"].candidate) == (0, 2)

    # Policy advisers and board members: 1 to 4 suppressed, the rest rounded to 5.
    for user in (w.policy, w.board):
        report = selectors.decline_report(user=user, region=w.region)
        rows = {row.key: row for row in report.by_reason}
        assert report.suppressed
        assert (rows["skills"].employer, rows["skills"].candidate, rows["skills"].total) == (5, None, 10)
        assert (rows["travel"].employer, rows["travel"].candidate, rows["travel"].total) == (0, None, None)
        assert (report.declined, report.hired) == (10, None)

    for user in (w.admin, w.auditor, w.employer_user):
        with pytest.raises(PermissionDenied):
            selectors.decline_report(user=user, region=w.region)


def test_decline_report_period(w):
    _many_declines(w, 2, by=DeclinedBy.EMPLOYER, reason=DeclineReason.HOURS)
    today = timezone.localdate()
    assert selectors.decline_report(user=w.manager, region=w.region, date_from=today).declined == 2
    tomorrow = today + timedelta(days=1)
    report = selectors.decline_report(user=w.manager, region=w.region, date_from=tomorrow)
    assert (report.declined, report.proposed, report.by_kind) == (0, 0, [])
    assert (
        selectors.decline_report(user=w.manager, region=w.region, date_to=today - timedelta(days=1)).declined
        == 0
    )
