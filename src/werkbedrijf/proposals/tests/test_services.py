"""Creating proposals and taking steps: who may, double booking (hours that fit, override, the same vacancy
twice, two account managers at the same moment), the append-only history and the audit entries."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, connections, transaction

from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.candidates.models import CandidateStatus, Consent
from werkbedrijf.proposals import services
from werkbedrijf.proposals.models import Proposal, ProposalEvent, ProposalSource
from werkbedrijf.proposals.states import DeclinedBy, DeclineReason, ProposalState

from .conftest import move, propose

S = ProposalState


def test_create_keeps_the_vacancy_hours_the_score_and_the_history(w):
    proposal = propose(
        w, w.own, w.vacancy, note="Goede kandidaat", source="round", points=71, tier=1, weights_version="v3"
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.hours_per_week, proposal.region) == (S.PROPOSED, Decimal("24"), w.region)
    assert (proposal.source, proposal.points, proposal.tier, proposal.weights_version) == (
        "round",
        71,
        1,
        "v3",
    )
    assert proposal.created_by == w.consultant_a and proposal.override_reason == ""
    [event] = proposal.events.all()
    assert (event.from_state, event.to_state, event.note, event.actor) == (
        "",
        S.PROPOSED,
        "Goede kandidaat",
        w.consultant_a,
    )
    entry = AccessLogEntry.objects.get(object_type="proposal", action=AccessAction.CREATE)
    assert entry.object_uuid == proposal.uuid and entry.subject_uuids == [str(w.own.uuid)]
    assert entry.context == "Kandidaat voorgedragen voor een vacature (matchingsronde)"
    assert entry.object_label.startswith(pseudonym("kandidaat", w.own.uuid))
    assert w.own.last_name not in entry.object_label
    assert {"candidate", "vacancy", "points"} <= set(entry.changed_fields)


def test_who_may_propose_whom(w):
    # Consultants and instrument officers: their own organisation's candidates only.
    assert propose(w, w.own, w.vacancy, user=w.officer_a).created_by == w.officer_a
    for user, candidate in ((w.consultant_a, w.shared), (w.consultant_b, w.own), (w.manager, w.private)):
        with pytest.raises(ValidationError) as error:
            propose(w, candidate, w.windows, user=user)
        assert "candidate" in error.value.message_dict, user
    # The account manager: any candidate who shares the profile in the region, also of municipality A.
    assert propose(w, w.shared, w.windows, user=w.manager).created_by == w.manager
    assert propose(w, w.own, w.small, user=w.manager).created_by == w.manager
    for user in (w.policy, w.board, w.admin, w.auditor, w.employer_user, w.consultant_c):
        with pytest.raises(PermissionDenied):
            propose(w, w.own, w.windows, user=user)


def test_withdrawn_consent_stops_the_account_manager(w):
    Consent.objects.filter(candidate=w.shared).update(withdrawn_at="2026-01-01T00:00:00Z")
    w.shared.refresh_from_db()
    assert not w.shared.shared_in_region
    with pytest.raises(ValidationError):
        propose(w, w.shared, w.windows, user=w.manager)


def test_refuses_closed_or_foreign_vacancies_and_candidates_who_left(w):
    with pytest.raises(ValidationError) as error:
        propose(w, w.own, w.filled)
    assert "vacancy" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        propose(w, w.own, w.foreign_vacancy)
    assert "vacancy" in error.value.message_dict
    w.own.status = CandidateStatus.LEFT
    w.own.save()
    with pytest.raises(ValidationError) as error:
        propose(w, w.own, w.windows)
    assert "candidate" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        propose(w, w.own, w.windows, points=-1, tier=3)
    assert {"points", "tier"} <= set(error.value.message_dict)
    assert not Proposal.objects.exists()


def test_hours_that_fit_need_no_override(w):
    """The candidate works at most 32 hours: 24 + 8 fits, 24 + 16 does not."""
    first = propose(w, w.own, w.vacancy)
    second = propose(w, w.own, w.small)
    assert second.override_reason == "" and Proposal.objects.filter(state__in=["proposed"]).count() == 2
    with pytest.raises(ValidationError) as error:
        propose(w, w.own, w.windows)
    assert error.value.code == services.DOUBLE_BOOKING
    message = error.value.messages[0]
    assert "Schoonmaker kantoren" in message and "Kantine-assistent" in message and "48" in message
    assert [c.proposal_uuid for c in error.value.conflicts] == [first.uuid, second.uuid]
    # A process that ends frees its hours.
    move(w, first, S.WITHDRAWN, note="De kandidaat kiest voor de kantine.")
    assert propose(w, w.own, w.windows).override_reason == ""


def test_unknown_maximum_hours_allow_one_process_at_a_time(w):
    candidate = w.add_candidate(w.org_a, hours_per_week=None, last_name="Onbekend")
    propose(w, candidate, w.small)
    with pytest.raises(ValidationError) as error:
        propose(w, candidate, w.windows)
    assert error.value.code == services.DOUBLE_BOOKING and "Kantine-assistent" in error.value.messages[0]


def test_override_is_kept_and_logged(w):
    propose(w, w.own, w.vacancy)
    proposal = propose(w, w.own, w.windows, override_reason="Werkgever wil flexibel inroosteren.")
    assert proposal.override_reason == "Werkgever wil flexibel inroosteren."
    assert proposal.events.get().override_reason == "Werkgever wil flexibel inroosteren."
    entry = AccessLogEntry.objects.filter(object_uuid=proposal.uuid).get()
    assert entry.context.endswith("dubbele boeking bewust toegestaan")
    assert "override_reason" in entry.changed_fields
    # A reason where nothing is overridden is not kept: it would say something that did not happen.
    assert propose(w, w.shared, w.small, override_reason="voor de zekerheid").override_reason == ""


def test_never_twice_for_the_same_vacancy_not_even_with_an_override(w):
    propose(w, w.own, w.vacancy)
    for override in ("", "toch"):
        with pytest.raises(ValidationError) as error:
            propose(w, w.own, w.vacancy, override_reason=override, user=w.manager)
        assert error.value.code == services.ALREADY_PROPOSED
    assert Proposal.objects.count() == 1
    # The database refuses it too, whatever writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.create(
            region=w.region,
            candidate=w.own,
            vacancy=w.vacancy,
            hours_per_week=Decimal("24"),
            created_by=w.manager,
        )


def test_a_declined_pair_may_be_proposed_again_by_hand_but_a_hired_one_not(w):
    proposal = move(w, propose(w, w.own, w.vacancy), S.SENT_TO_EMPLOYER)
    services.proposal_transition(
        user=w.manager,
        region=w.region,
        proposal=proposal,
        to_state=S.DECLINED,
        declined_by=DeclinedBy.EMPLOYER,
        reason=DeclineReason.SKILLS,
    )
    again = propose(w, w.own, w.vacancy)
    move(w, again, S.SENT_TO_EMPLOYER, S.INTERVIEW, S.HIRED)
    with pytest.raises(ValidationError) as error:
        propose(w, w.own, w.vacancy)
    assert error.value.code == services.ALREADY_PROPOSED


def test_decline_needs_who_and_a_reason_that_side_can_give(w):
    proposal = move(w, propose(w, w.own, w.vacancy), S.SENT_TO_EMPLOYER)

    def decline(**kwargs):
        return services.proposal_transition(
            user=w.manager, region=w.region, proposal=proposal, to_state=S.DECLINED, **kwargs
        )

    for kwargs, field in (
        ({"declined_by": "", "reason": DeclineReason.HOURS}, "declined_by"),
        ({"declined_by": DeclinedBy.EMPLOYER, "reason": ""}, "reason"),
        ({"declined_by": DeclinedBy.EMPLOYER, "reason": "bad_luck"}, "reason"),
        ({"declined_by": DeclinedBy.CANDIDATE, "reason": DeclineReason.OTHER_CANDIDATE}, "reason"),
        ({"declined_by": DeclinedBy.EMPLOYER, "reason": DeclineReason.OTHER_WORK}, "reason"),
        ({"declined_by": DeclinedBy.CANDIDATE, "reason": DeclineReason.OTHER}, "note"),
    ):
        with pytest.raises(ValidationError) as error:
            decline(**kwargs)
        assert field in error.value.message_dict, kwargs
    proposal = decline(
        declined_by=DeclinedBy.CANDIDATE, reason=DeclineReason.OTHER, note="Verhuist naar Zeeland"
    )
    proposal.refresh_from_db()
    assert (proposal.state, proposal.declined_by, proposal.decline_reason, proposal.decline_note) == (
        S.DECLINED,
        DeclinedBy.CANDIDATE,
        DeclineReason.OTHER,
        "Verhuist naar Zeeland",
    )
    event = proposal.events.get(to_state=S.DECLINED)
    assert (event.reason, event.declined_by, event.note) == ("other", "candidate", "Verhuist naar Zeeland")
    entry = AccessLogEntry.objects.filter(object_uuid=proposal.uuid, action=AccessAction.UPDATE).first()
    assert entry.context == "Voordracht afgewezen door de kandidaat"
    assert set(entry.changed_fields) == {"state", "declined_by", "decline_reason", "decline_note"}


def test_a_reason_only_with_a_decline_and_a_note_with_a_withdrawal(w):
    proposal = propose(w, w.own, w.vacancy)
    with pytest.raises(ValidationError) as error:
        move(w, proposal, S.SENT_TO_EMPLOYER, reason=DeclineReason.HOURS)
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        move(w, proposal, S.WITHDRAWN, note="  ")
    assert "note" in error.value.message_dict


def test_who_may_take_which_step(w):
    own = propose(w, w.own, w.vacancy)
    shared = propose(w, w.shared, w.windows)
    # Employer's side: the account manager only.
    for user in (w.consultant_a, w.officer_a, w.consultant_b, w.policy):
        with pytest.raises(PermissionDenied):
            move(w, own, S.SENT_TO_EMPLOYER, user=user)
    # Candidate's side: the candidate's own organisation, not another partner's.
    with pytest.raises(PermissionDenied):
        move(w, shared, S.WITHDRAWN, user=w.consultant_a, note="niet van ons")
    decline = {
        "to_state": S.DECLINED,
        "declined_by": DeclinedBy.CANDIDATE,
        "reason": DeclineReason.NOT_INTERESTED,
    }
    services.proposal_transition(user=w.consultant_b, region=w.region, proposal=shared, **decline)
    services.proposal_transition(user=w.officer_a, region=w.region, proposal=own, **decline)
    # Another region: as if the proposal did not exist there.
    other = propose(w, w.shared, w.small)
    with pytest.raises(PermissionDenied):
        services.proposal_transition(
            user=w.consultant_c, region=w.other_region, proposal=other, to_state=S.WITHDRAWN, note="x"
        )


def test_history_is_append_only(w):
    proposal = move(w, propose(w, w.own, w.vacancy), S.SENT_TO_EMPLOYER)
    event = proposal.events.first()
    event.note = "achteraf veranderd"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        ProposalEvent.objects.filter(proposal=proposal).update(note="x")
    with pytest.raises(PermissionError):
        ProposalEvent.objects.filter(proposal=proposal).delete()


def test_database_keeps_the_decline_rules(w):
    proposal = propose(w, w.own, w.vacancy)
    for fields in (
        {"state": S.DECLINED},
        {"decline_reason": DeclineReason.HOURS},
        {"state": S.DECLINED, "declined_by": "employer", "decline_reason": DeclineReason.OTHER},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Proposal.objects.filter(pk=proposal.pk).update(**fields)


# --- two account managers at the same moment ------------------------------------------------------------


# Decided when the tests are collected: the settings, not the test database, say where it lives.
SQLITE_IN_MEMORY = pytest.mark.skipif(
    connection.vendor == "sqlite" and connection.is_in_memory_db(),
    reason="The test database is SQLite in memory, which threads share through one shared cache: there a "
    "second writer fails at once with 'database table is locked' instead of waiting for the first "
    "(shared-cache locks ignore the busy timeout). Run on PostgreSQL, or on an SQLite file, where the "
    "settings' BEGIN IMMEDIATE makes the second transaction wait.",
)


def _at_the_same_moment(jobs):
    """Run each job in its own thread (own database connection), all released at once; the results or
    exceptions in order."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
@SQLITE_IN_MEMORY
def test_two_account_managers_proposing_the_same_candidate_at_once(w):
    """Each proposal fits alone (24 and 16 hours) but not together (40 > 32 hours): exactly one wins."""
    second_manager = type(w.manager).objects.create_user(
        username="accountmanager2", organisation=w.manager.organisation, password="x" * 12
    )
    from werkbedrijf.accounts.models import Role
    from werkbedrijf.accounts.tests.factories import give_role

    give_role(second_manager, Role.ACCOUNT_MANAGER, w.region)
    jobs = [
        lambda: propose(w, w.own, w.vacancy, user=w.manager),
        lambda: propose(w, w.own, w.windows, user=second_manager),
    ]
    results = _at_the_same_moment(jobs)
    created = [r for r in results if isinstance(r, Proposal)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(created) == 1, results
    assert len(refused) == 1 and refused[0].code == services.DOUBLE_BOOKING, results
    assert Proposal.objects.filter(candidate=w.own, state=S.PROPOSED).count() == 1
    # The loser's message names the winner's vacancy.
    assert created[0].vacancy.title in refused[0].messages[0]


@pytest.mark.django_db(transaction=True)
@SQLITE_IN_MEMORY
def test_two_people_taking_a_step_at_once(w):
    proposal = propose(w, w.own, w.vacancy)
    jobs = [
        lambda: services.proposal_transition(
            user=w.manager, region=w.region, proposal=proposal, to_state=S.SENT_TO_EMPLOYER
        ),
        lambda: services.proposal_transition(
            user=w.consultant_a,
            region=w.region,
            proposal=proposal,
            to_state=S.WITHDRAWN,
            note="Ziek geworden",
        ),
    ]
    results = _at_the_same_moment(jobs)
    assert sum(isinstance(r, Proposal) for r in results) >= 1
    proposal.refresh_from_db()
    # Whatever the order, the history is one straight line with no step from a state it no longer had.
    events = list(proposal.events.order_by("at", "id"))
    for before, after in zip(events, events[1:], strict=False):
        assert after.from_state == before.to_state
    assert events[-1].to_state == proposal.state


def test_source_choices():
    assert set(ProposalSource.values) == {"manual", "round"}
