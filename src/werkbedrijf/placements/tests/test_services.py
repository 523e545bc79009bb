"""Writing placements and their aftercare (services.py), read against the issue and DOMAIN.md §1.5."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import rest_framework.serializers  # noqa: F401 - loads psycopg's C module before freezegun patches datetime
from django.core.exceptions import PermissionDenied, ValidationError

from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.candidates.models import CandidateStatus, CandidateStatusChange, TargetGroup
from werkbedrijf.employers.tests.factories import employer_in
from werkbedrijf.instruments.models import Grant, Instrument
from werkbedrijf.instruments.services import load_starter_package
from werkbedrijf.parameters.loader import load_legal_parameters
from werkbedrijf.placements import services
from werkbedrijf.placements.choices import (
    CheckpointOutcome,
    CoachingKind,
    CoachingPeriod,
    ContractType,
    EndReason,
)
from werkbedrijf.placements.models import (
    Checkpoint,
    CoachingActivity,
    CoachingPlan,
    Placement,
    PlacementHours,
)
from werkbedrijf.placements.reminders import checkpoint_reminders
from werkbedrijf.proposals.states import ProposalState
from werkbedrijf.proposals.tests.conftest import make_vacancy, move, propose
from werkbedrijf.vacancies.models import VacancyStatus, VacancyStatusChange

from .support import START, TODAY, place, today_is_fixed  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today_is_fixed")]


def errors_of(exc_info) -> dict:
    return exc_info.value.message_dict


def refresh(obj):
    obj.refresh_from_db()
    return obj


def checkpoint(placement, months) -> Checkpoint:
    return placement.checkpoints.get(months=months)


def entries(placement):
    return AccessLogEntry.objects.filter(object_type="placement", object_uuid=placement.uuid).order_by("id")


# --- registering -------------------------------------------------------------------------------------------


def test_a_hired_proposal_becomes_a_placement(w, hired):
    placement = place(w, proposal=hired, job_title="")
    assert placement.proposal == hired
    assert placement.vacancy == w.vacancy  # taken from the proposal
    assert placement.job_title == w.vacancy.title
    assert placement.responsible == w.consultant_a  # the registering user by default
    assert placement.created_by == w.consultant_a
    assert placement.municipality == w.own.municipality
    assert placement.target_group == w.own.target_group
    assert placement.is_active
    [row] = placement.hours_history.all()
    assert (row.valid_from, row.hours_per_week) == (START, Decimal(24))
    assert [(c.months, c.due_on) for c in placement.checkpoints.order_by("months")] == [
        (1, date(2026, 4, 2)),
        (3, date(2026, 6, 2)),
        (6, date(2026, 9, 2)),
        (12, date(2027, 3, 2)),
        (24, date(2028, 3, 2)),
    ]
    assert all(c.is_open for c in placement.checkpoints.all())


def test_a_placement_registered_directly_without_vacancy_or_proposal(w):
    placement = place(w, job_title="  Magazijnmedewerker  ", hourly_wage=Decimal("14.50"))
    assert placement.vacancy is None and placement.proposal is None
    assert placement.job_title == "Magazijnmedewerker"
    assert placement.hourly_wage == Decimal("14.50")


def test_the_target_group_and_municipality_are_the_ones_at_the_start(w):
    placement = place(w)
    w.own.target_group = TargetGroup.WIA
    w.own.municipality = w.org_b.municipality
    w.own.save()
    placement = refresh(placement)
    assert placement.target_group == TargetGroup.PARTICIPATION_ACT
    assert placement.municipality == w.org_a.municipality


def test_a_job_title_is_needed_without_a_vacancy(w):
    with pytest.raises(ValidationError) as exc:
        place(w, job_title="  ")
    assert "job_title" in errors_of(exc)


@pytest.mark.parametrize("hours", ["0", "-4", "40.01", "12.345", "twaalf", None])
def test_hours_must_be_above_0_and_at_most_40_in_two_decimals(w, hours):
    with pytest.raises(ValidationError) as exc:
        place(w, hours_per_week=hours)
    assert "hours_per_week" in errors_of(exc)
    assert not Placement.objects.exists()


@pytest.mark.parametrize("hours", ["0.01", "40", "12.5"])
def test_hours_within_the_limits_are_accepted(w, hours):
    assert place(w, hours_per_week=hours).hours_per_week == Decimal(hours)


def test_the_employer_must_be_of_the_region(w):
    with pytest.raises(ValidationError) as exc:
        place(w, employer=w.foreign_vacancy.employer)
    assert "employer" in errors_of(exc)


def test_the_vacancy_must_be_the_employers_in_the_region(w):
    with pytest.raises(ValidationError) as exc:
        place(w, vacancy=w.foreign_vacancy)
    assert "vacancy" in errors_of(exc)
    other_employer = employer_in(w.region, "Bakkerij Kruim", "87654321")
    other = make_vacancy(vars(w), "Bakkersassistent", 16)
    other.employer = other_employer
    other.save()
    with pytest.raises(ValidationError) as exc:
        place(w, employer=w.employer, vacancy=other)
    assert "vacancy" in errors_of(exc)
    assert place(w, employer=other_employer, vacancy=other).vacancy == other


def test_a_proposal_must_be_hired_or_in_a_trial_placement(w):
    proposal = move(w, propose(w, w.own, w.vacancy), ProposalState.SENT_TO_EMPLOYER, ProposalState.INTERVIEW)
    with pytest.raises(ValidationError) as exc:
        place(w, proposal=proposal)
    assert "proposal" in errors_of(exc)


def test_a_proposal_of_another_candidate_is_refused(w, hired):
    with pytest.raises(ValidationError) as exc:
        place(w, candidate=w.shared, proposal=hired)
    assert "proposal" in errors_of(exc)


def test_a_proposal_becomes_one_placement_only(w, hired):
    place(w, proposal=hired)
    with pytest.raises(ValidationError) as exc:
        place(w, proposal=hired, start_date=date(2026, 4, 1))
    assert "proposal" in errors_of(exc)
    assert Placement.objects.count() == 1


def test_the_vacancy_must_be_the_proposals(w, hired):
    with pytest.raises(ValidationError) as exc:
        place(w, proposal=hired, vacancy=w.windows)
    assert "vacancy" in errors_of(exc)


def test_a_proposal_in_a_trial_placement_becomes_a_trial_placement(w):
    proposal = move(
        w, propose(w, w.own, w.vacancy), ProposalState.SENT_TO_EMPLOYER, ProposalState.TRIAL_PLACEMENT
    )
    placement = place(
        w, proposal=proposal, contract_type=ContractType.TRIAL, planned_end_date=date(2026, 5, 1)
    )
    assert placement.proposal == proposal


def test_a_proposal_in_a_trial_placement_does_not_become_an_employment_contract(w):
    """services.PLACEABLE_PROPOSALS: "hired, or in a trial placement for a trial placement"; the trial is
    still running, so the proposal is not yet a hire."""
    proposal = move(
        w, propose(w, w.own, w.vacancy), ProposalState.SENT_TO_EMPLOYER, ProposalState.TRIAL_PLACEMENT
    )
    with pytest.raises(ValidationError) as exc:
        place(w, proposal=proposal, contract_type=ContractType.REGULAR)
    assert "proposal" in errors_of(exc) or "contract_type" in errors_of(exc)


def test_an_unknown_contract_type_is_refused(w):
    with pytest.raises(ValidationError) as exc:
        place(w, contract_type="internship")
    assert "contract_type" in errors_of(exc)


def test_a_start_date_is_needed(w):
    with pytest.raises(ValidationError) as exc:
        place(w, start_date=None)
    assert "start_date" in errors_of(exc)


def test_the_planned_end_is_not_before_the_start(w):
    with pytest.raises(ValidationError) as exc:
        place(w, planned_end_date=START - timedelta(days=1))
    assert "planned_end_date" in errors_of(exc)
    assert place(w, planned_end_date=START).planned_end_date == START


# --- trial placements --------------------------------------------------------------------------------------


def test_a_trial_placement_needs_its_end(w):
    with pytest.raises(ValidationError) as exc:
        place(w, contract_type=ContractType.TRIAL)
    assert "planned_end_date" in errors_of(exc)


def test_a_participation_act_trial_of_two_months_needs_no_extension(w):
    placement = place(w, contract_type=ContractType.TRIAL, planned_end_date=date(2026, 5, 1))
    assert placement.contract_type == ContractType.TRIAL


def test_a_longer_participation_act_trial_needs_the_reason_for_the_extension(w):
    with pytest.raises(ValidationError) as exc:
        place(w, contract_type=ContractType.TRIAL, planned_end_date=date(2026, 5, 2))
    assert "planned_end_date" in errors_of(exc)
    placement = place(
        w,
        contract_type=ContractType.TRIAL,
        planned_end_date=date(2026, 9, 1),
        trial_extension_reason="  Meer tijd nodig om het werktempo op te bouwen.  ",
    )
    assert placement.trial_extension_reason == "Meer tijd nodig om het werktempo op te bouwen."


def test_a_trial_of_six_months_or_more_is_refused_even_with_a_reason(w):
    with pytest.raises(ValidationError) as exc:
        place(
            w,
            contract_type=ContractType.TRIAL,
            planned_end_date=date(2026, 9, 2),
            trial_extension_reason="Nog niet klaar",
        )
    assert "planned_end_date" in errors_of(exc)


def test_a_wajong_trial_lasts_six_months_without_an_extension(w):
    candidate = w.add_candidate(w.org_a, target_group=TargetGroup.WAJONG)
    placement = place(
        w, candidate=candidate, contract_type=ContractType.TRIAL, planned_end_date=date(2026, 9, 1)
    )
    assert placement.target_group == TargetGroup.WAJONG
    other = w.add_candidate(w.org_a, target_group=TargetGroup.WAJONG)
    with pytest.raises(ValidationError) as exc:
        place(w, candidate=other, contract_type=ContractType.TRIAL, planned_end_date=date(2026, 9, 2))
    assert "planned_end_date" in errors_of(exc)


def test_only_a_trial_placement_has_an_extension_reason(w):
    with pytest.raises(ValidationError) as exc:
        place(w, trial_extension_reason="Verlenging")
    assert "trial_extension_reason" in errors_of(exc)


# --- other fields ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("wage", [Decimal(0), Decimal("-1"), Decimal("500.01")])
def test_the_hourly_wage_is_above_0_and_at_most_500(w, wage):
    with pytest.raises(ValidationError) as exc:
        place(w, hourly_wage=wage)
    assert "hourly_wage" in errors_of(exc)


@pytest.fixture
def make_grant(w):
    load_legal_parameters()
    load_starter_package(w.region)
    version = (
        Instrument.objects.get(region=w.region, code="loonkostensubsidie").versions.order_by("number").last()
    )

    def make(candidate=None, employer=None, region=None):
        return Grant.objects.create(
            region=region or w.region,
            instrument_version=version,
            candidate=candidate or w.own,
            employer=employer or w.employer,
            paying_organisation=w.org_a,
            applied_on=date(2026, 2, 1),
            term_starts_on=date(2026, 2, 1),
            decision_due_on=date(2026, 3, 15),
            period_start=START,
            hours_per_week=Decimal(24),
            created_by=w.consultant_a,
        )

    return make


def test_grants_of_the_candidate_at_the_employer_are_attached(w, make_grant):
    grant = make_grant()
    placement = place(w, grants=[grant])
    assert list(placement.grants.all()) == [grant]


def test_grants_of_another_candidate_or_employer_are_refused(w, make_grant):
    for grant in (make_grant(candidate=w.shared), make_grant(employer=w.foreign_vacancy.employer)):
        with pytest.raises(ValidationError) as exc:
            place(w, grants=[grant])
        assert "grants" in errors_of(exc)


def test_grants_attach_later_checks_them_too(w, make_grant):
    placement = place(w)
    with pytest.raises(ValidationError):
        services.grants_attach(
            user=w.consultant_a, region=w.region, placement=placement, grants=[make_grant(candidate=w.shared)]
        )
    grant = make_grant()
    services.grants_attach(user=w.consultant_a, region=w.region, placement=placement, grants=[grant])
    assert list(placement.grants.all()) == [grant]
    with pytest.raises(PermissionDenied):
        services.grants_attach(user=w.consultant_b, region=w.region, placement=placement, grants=[grant])


def test_the_responsible_person_must_be_able_to_do_aftercare_in_the_region(w):
    for user in (w.policy, w.board, w.auditor, w.admin, w.employer_user, w.consultant_c):
        with pytest.raises(ValidationError) as exc:
            place(w, responsible=user)
        assert "responsible" in errors_of(exc), user.username
    assert place(w, responsible=w.manager).responsible == w.manager
    assert place(w, responsible=w.officer_a, start_date=date(2026, 4, 1)).responsible == w.officer_a


def test_the_responsible_person_must_be_able_to_do_this_placements_aftercare(w):
    """The consultant of municipality B may not write municipality A's candidate's placement (and sees the
    candidate pseudonymised), so they cannot act on the reminders and checkpoints they would get."""
    with pytest.raises(ValidationError) as exc:
        place(w, responsible=w.consultant_b)
    assert "responsible" in errors_of(exc)


@pytest.mark.parametrize("status", [CandidateStatus.LEFT, CandidateStatus.TEMPORARILY_UNAVAILABLE])
def test_a_candidate_who_left_or_is_unavailable_is_not_placed(w, status):
    w.own.status = status
    w.own.save()
    with pytest.raises(ValidationError) as exc:
        place(w)
    assert "candidate" in errors_of(exc)
    assert refresh(w.own).status == status


def test_all_errors_are_reported_at_once_and_nothing_is_written(w):
    with pytest.raises(ValidationError) as exc:
        place(w, employer=w.foreign_vacancy.employer, hourly_wage=Decimal(0), contract_type="x", job_title="")
    assert {"employer", "hourly_wage", "contract_type", "job_title"} <= set(errors_of(exc))
    assert not Placement.objects.exists() and not Checkpoint.objects.exists()
    assert not PlacementHours.objects.exists()
    assert refresh(w.own).status == CandidateStatus.AVAILABLE


# --- who may register --------------------------------------------------------------------------------------


def test_a_consultant_of_another_organisation_cannot_place_the_candidate(w):
    with pytest.raises(PermissionDenied):
        place(w, user=w.consultant_b)
    with pytest.raises(PermissionDenied):
        place(w, candidate=w.shared, user=w.consultant_a)


@pytest.mark.parametrize("name", ["policy", "board", "auditor", "admin", "employer_user", "consultant_c"])
def test_roles_without_write_rights_cannot_place(w, name):
    with pytest.raises(PermissionDenied):
        place(w, user=getattr(w, name))


def test_the_account_manager_places_any_candidate_of_the_region(w):
    assert place(w, candidate=w.shared, user=w.manager).created_by == w.manager
    assert place(w, candidate=w.private, user=w.manager).created_by == w.manager
    assert place(w, candidate=w.own, user=w.manager).created_by == w.manager


def test_the_instrument_officer_places_the_own_organisations_candidate(w):
    assert place(w, user=w.officer_a).created_by == w.officer_a


def test_a_candidate_of_another_region_is_not_placed_here(w):
    foreign = w.add_candidate(w.org_c)
    with pytest.raises(PermissionDenied):
        place(w, candidate=foreign, user=w.manager)


# --- candidate and vacancy status --------------------------------------------------------------------------


def test_placing_makes_the_candidate_placed_with_history(w):
    place(w)
    assert refresh(w.own).status == CandidateStatus.PLACED
    change = CandidateStatusChange.objects.filter(candidate=w.own).latest("at")
    assert (change.from_status, change.to_status, change.actor) == (
        CandidateStatus.AVAILABLE,
        CandidateStatus.PLACED,
        w.consultant_a,
    )


def test_ending_puts_the_candidate_back_as_available(w):
    placement = place(w)
    end(w, placement)
    assert refresh(w.own).status == CandidateStatus.AVAILABLE
    assert list(
        CandidateStatusChange.objects.filter(candidate=w.own)
        .order_by("at", "id")
        .values_list("to_status", flat=True)
    )[-2:] == [CandidateStatus.PLACED, CandidateStatus.AVAILABLE]


def test_the_candidate_stays_placed_while_another_placement_runs(w):
    first = place(w)
    second = place(w, start_date=date(2026, 4, 1), hours_per_week=Decimal(8))
    history = CandidateStatusChange.objects.filter(candidate=w.own).count()
    end(w, first)
    assert refresh(w.own).status == CandidateStatus.PLACED
    assert CandidateStatusChange.objects.filter(candidate=w.own).count() == history
    end(w, second)
    assert refresh(w.own).status == CandidateStatus.AVAILABLE


def test_the_vacancy_is_filled_when_all_positions_are_taken_and_opens_again_on_an_end(w):
    assert w.vacancy.number_of_positions == 2
    first = place(w, vacancy=w.vacancy)
    assert refresh(w.vacancy).status == VacancyStatus.OPEN
    place(w, candidate=w.shared, vacancy=w.vacancy)
    assert refresh(w.vacancy).status == VacancyStatus.FILLED
    assert VacancyStatusChange.objects.filter(vacancy=w.vacancy, to_status=VacancyStatus.FILLED).exists()
    end(w, first)
    assert refresh(w.vacancy).status == VacancyStatus.OPEN
    assert VacancyStatusChange.objects.filter(vacancy=w.vacancy, to_status=VacancyStatus.OPEN).exists()


def test_a_trial_ending_in_a_contract_keeps_the_vacancy_filled(w):
    trial = place(w, vacancy=w.windows, contract_type=ContractType.TRIAL, planned_end_date=date(2026, 4, 30))
    assert refresh(w.windows).status == VacancyStatus.FILLED
    end(w, trial, ended_on=date(2026, 4, 30), reason=EndReason.TRIAL_CONTRACT)
    assert refresh(w.windows).status == VacancyStatus.FILLED


def test_the_vacancy_opens_again_only_when_a_position_is_free(w):
    """Ending one of three placements on a two-position vacancy leaves both positions taken."""
    first = place(w, vacancy=w.vacancy)
    place(w, candidate=w.shared, vacancy=w.vacancy)
    place(w, candidate=w.private, vacancy=w.vacancy)
    assert refresh(w.vacancy).status == VacancyStatus.FILLED
    end(w, first)
    assert refresh(w.vacancy).status == VacancyStatus.FILLED


# --- hours -------------------------------------------------------------------------------------------------


def change_hours(w, placement, valid_from, hours, user=None, **kwargs):
    return services.placement_change_hours(
        user=user or w.consultant_a,
        region=w.region,
        placement=placement,
        valid_from=valid_from,
        hours_per_week=hours,
        **kwargs,
    )


def test_a_change_of_hours_is_appended(w):
    placement = place(w)
    change_hours(w, placement, date(2026, 5, 1), "28", note="Meer uren op verzoek")
    assert refresh(placement).hours_per_week == Decimal(28)
    assert [(r.valid_from, r.hours_per_week) for r in placement.hours_history.order_by("valid_from")] == [
        (START, Decimal(24)),
        (date(2026, 5, 1), Decimal(28)),
    ]


def test_the_current_hours_are_the_latest_rows_even_when_an_earlier_change_is_added_later(w):
    placement = place(w)
    change_hours(w, placement, date(2026, 5, 1), "28")
    change_hours(w, placement, date(2026, 4, 1), "26")
    assert refresh(placement).hours_per_week == Decimal(28)


@pytest.mark.parametrize("valid_from", [START - timedelta(days=1), START])
def test_a_change_of_hours_starts_after_the_start(w, valid_from):
    placement = place(w)
    with pytest.raises(ValidationError) as exc:
        change_hours(w, placement, valid_from, "20")
    assert "valid_from" in errors_of(exc)
    assert placement.hours_history.count() == 1


def test_a_second_change_on_the_same_day_is_refused(w):
    placement = place(w)
    change_hours(w, placement, date(2026, 5, 1), "28")
    with pytest.raises(ValidationError) as exc:
        change_hours(w, placement, date(2026, 5, 1), "30")
    assert "valid_from" in errors_of(exc)
    assert refresh(placement).hours_per_week == Decimal(28)


def test_a_change_after_the_last_day_is_refused(w):
    placement = place(w)
    end(w, placement, ended_on=date(2026, 5, 31))
    with pytest.raises(ValidationError) as exc:
        change_hours(w, placement, date(2026, 6, 1), "20")
    assert "valid_from" in errors_of(exc)
    change_hours(w, placement, date(2026, 5, 31), "20")  # the last day itself still is within


@pytest.mark.parametrize("hours", ["0", "41", "abc"])
def test_a_change_to_impossible_hours_is_refused(w, hours):
    placement = place(w)
    with pytest.raises(ValidationError) as exc:
        change_hours(w, placement, date(2026, 5, 1), hours)
    assert "hours_per_week" in errors_of(exc)


def test_hours_are_changed_by_who_may_write_only(w):
    placement = place(w)
    with pytest.raises(PermissionDenied):
        change_hours(w, placement, date(2026, 5, 1), "20", user=w.consultant_b)
    with pytest.raises(PermissionDenied):
        change_hours(w, placement, date(2026, 5, 1), "20", user=w.policy)
    change_hours(w, placement, date(2026, 5, 1), "20", user=w.manager)


# --- ending ------------------------------------------------------------------------------------------------


def end(w, placement, *, ended_on=date(2026, 6, 10), reason=EndReason.RESIGNED, user=None, **kwargs):
    return services.placement_end(
        user=user or w.manager,
        region=w.region,
        placement=placement,
        ended_on=ended_on,
        reason=reason,
        **kwargs,
    )


def test_an_end_records_the_last_day_and_reason(w):
    placement = end(w, place(w), note="  Ander werk dichterbij  ")
    placement = refresh(placement)
    assert (placement.ended_on, placement.end_reason, placement.end_note) == (
        date(2026, 6, 10),
        EndReason.RESIGNED,
        "Ander werk dichterbij",
    )
    assert not placement.is_active


def test_a_placement_ends_once(w):
    placement = place(w)
    end(w, placement)
    with pytest.raises(ValidationError) as exc:
        end(w, placement, ended_on=date(2026, 6, 12))
    assert "ended_on" in errors_of(exc)
    assert refresh(placement).ended_on == date(2026, 6, 10)


def test_the_last_day_is_not_before_the_start(w):
    placement = place(w)
    with pytest.raises(ValidationError) as exc:
        end(w, placement, ended_on=START - timedelta(days=1))
    assert "ended_on" in errors_of(exc)
    end(w, placement, ended_on=START)
    assert refresh(placement).ended_on == START


def test_an_end_needs_a_known_reason_and_other_needs_a_note(w):
    placement = place(w)
    with pytest.raises(ValidationError) as exc:
        end(w, placement, reason="bored")
    assert "reason" in errors_of(exc)
    with pytest.raises(ValidationError) as exc:
        end(w, placement, reason=EndReason.OTHER, note="   ")
    assert "note" in errors_of(exc)
    end(w, placement, reason=EndReason.OTHER, note="Verhuisd naar het buitenland")


def test_an_end_cancels_only_the_checkpoints_due_after_the_last_day(w):
    placement = place(w)
    record(w, checkpoint(placement, 1), CheckpointOutcome.EMPLOYED)
    end(w, placement, ended_on=date(2026, 6, 2))  # the day the 3-month checkpoint is due
    states = {c.months: (c.outcome, c.cancelled) for c in placement.checkpoints.all()}
    assert states == {
        1: (CheckpointOutcome.EMPLOYED, False),
        3: ("", False),
        6: ("", True),
        12: ("", True),
        24: ("", True),
    }


def test_only_who_may_write_ends_a_placement(w):
    placement = place(w)
    for user in (w.consultant_b, w.policy, w.consultant_c):
        with pytest.raises(PermissionDenied):
            end(w, placement, user=user)
    assert refresh(placement).ended_on is None


def test_another_regions_service_call_is_refused(w):
    placement = place(w)
    with pytest.raises(PermissionDenied):
        services.placement_end(
            user=w.consultant_c,
            region=w.other_region,
            placement=placement,
            ended_on=date(2026, 6, 10),
            reason=EndReason.RESIGNED,
        )


# --- checkpoints -------------------------------------------------------------------------------------------


def record(w, cp, outcome, *, user=None, today=TODAY, **kwargs):
    return services.checkpoint_record(
        user=user or w.consultant_a, region=w.region, checkpoint=cp, outcome=outcome, today=today, **kwargs
    )


def test_recording_still_employed(w):
    placement = place(w)
    cp = record(w, checkpoint(placement, 1), CheckpointOutcome.EMPLOYED, note="Gaat goed")
    cp = refresh(cp)
    assert (cp.outcome, cp.note, cp.recorded_by) == (CheckpointOutcome.EMPLOYED, "Gaat goed", w.consultant_a)
    assert cp.recorded_at is not None and not cp.is_open
    assert refresh(placement).hours_per_week == Decimal(24)


def test_recording_changed_hours_appends_them(w):
    placement = place(w)
    cp = record(w, checkpoint(placement, 3), CheckpointOutcome.HOURS_CHANGED, new_hours="30")
    assert refresh(cp).new_hours == Decimal(30)
    assert refresh(placement).hours_per_week == Decimal(30)
    assert placement.hours_history.order_by("valid_from").last().valid_from == TODAY


def test_recording_changed_hours_from_a_given_day(w):
    placement = place(w)
    record(
        w,
        checkpoint(placement, 3),
        CheckpointOutcome.HOURS_CHANGED,
        new_hours="16",
        changed_from=date(2026, 5, 18),
    )
    assert placement.hours_history.order_by("valid_from").last().valid_from == date(2026, 5, 18)


def test_recording_changed_hours_needs_the_hours(w):
    placement = place(w)
    with pytest.raises(ValidationError) as exc:
        record(w, checkpoint(placement, 3), CheckpointOutcome.HOURS_CHANGED)
    assert "new_hours" in errors_of(exc)
    assert checkpoint(placement, 3).is_open


def test_recording_the_end_ends_the_placement(w):
    placement = place(w)
    cp = record(
        w,
        checkpoint(placement, 3),
        CheckpointOutcome.ENDED,
        ended_on=date(2026, 5, 29),
        end_reason=EndReason.DISMISSED,
    )
    placement = refresh(placement)
    assert (placement.ended_on, placement.end_reason) == (date(2026, 5, 29), EndReason.DISMISSED)
    assert refresh(cp).outcome == CheckpointOutcome.ENDED and not refresh(cp).cancelled
    assert checkpoint(placement, 6).cancelled
    assert refresh(w.own).status == CandidateStatus.AVAILABLE


def test_recording_the_end_before_the_checkpoints_date_records_that_checkpoint(w):
    """The end cancels checkpoints due after the last day, but not the one being recorded."""
    placement = place(w)
    cp = record(
        w,
        checkpoint(placement, 6),
        CheckpointOutcome.ENDED,
        ended_on=date(2026, 8, 21),
        end_reason=EndReason.HEALTH,
        today=date(2026, 8, 21),
    )
    cp = refresh(cp)
    assert cp.outcome == CheckpointOutcome.ENDED and not cp.cancelled


def test_recording_the_end_needs_the_last_day_and_a_reason(w):
    placement = place(w)
    with pytest.raises(ValidationError) as exc:
        record(w, checkpoint(placement, 3), CheckpointOutcome.ENDED)
    assert {"ended_on", "reason"} <= set(errors_of(exc))
    assert checkpoint(placement, 3).is_open and refresh(placement).ended_on is None


def test_an_unknown_outcome_is_refused(w):
    placement = place(w)
    with pytest.raises(ValidationError) as exc:
        record(w, checkpoint(placement, 3), "fine")
    assert "outcome" in errors_of(exc)


def test_a_checkpoint_is_recorded_from_14_days_before_it_is_due(w):
    placement = place(w)
    cp = checkpoint(placement, 6)  # due 2 September 2026
    with pytest.raises(ValidationError):
        record(w, cp, CheckpointOutcome.EMPLOYED, today=date(2026, 8, 18))
    assert checkpoint(placement, 6).is_open
    record(w, cp, CheckpointOutcome.EMPLOYED, today=date(2026, 8, 19))
    assert refresh(cp).outcome == CheckpointOutcome.EMPLOYED


def test_an_overdue_checkpoint_can_still_be_recorded(w):
    placement = place(w)
    record(w, checkpoint(placement, 1), CheckpointOutcome.EMPLOYED)  # due 2 April, today 15 June
    assert checkpoint(placement, 1).outcome == CheckpointOutcome.EMPLOYED


def test_a_checkpoint_is_recorded_once(w):
    placement = place(w)
    cp = record(w, checkpoint(placement, 1), CheckpointOutcome.EMPLOYED, note="eerste")
    with pytest.raises(ValidationError):
        record(w, checkpoint(placement, 1), CheckpointOutcome.HOURS_CHANGED, new_hours="12", note="tweede")
    cp = refresh(cp)
    assert (cp.outcome, cp.note) == (CheckpointOutcome.EMPLOYED, "eerste")
    assert refresh(placement).hours_per_week == Decimal(24)


def test_no_checkpoint_is_recorded_after_the_end(w):
    placement = place(w)
    end(w, placement, ended_on=date(2026, 6, 5))
    for months in (3, 6):  # one still open (due before the end), one cancelled
        with pytest.raises(ValidationError):
            record(w, checkpoint(placement, months), CheckpointOutcome.EMPLOYED)


def test_only_who_may_write_records_a_checkpoint(w):
    placement = place(w)
    with pytest.raises(PermissionDenied):
        record(w, checkpoint(placement, 1), CheckpointOutcome.EMPLOYED, user=w.consultant_b)
    record(w, checkpoint(placement, 1), CheckpointOutcome.EMPLOYED, user=w.manager)


def test_recording_dismisses_the_reminder(w):
    placement = place(w)
    checkpoint_reminders(today=TODAY)
    cp = checkpoint(placement, 3)
    assert cp.reminders.get().dismissed_at is None
    record(w, cp, CheckpointOutcome.EMPLOYED)
    assert cp.reminders.get().dismissed_at is not None


# --- coaching ----------------------------------------------------------------------------------------------


def plan(w, placement, user=None, **kwargs):
    values = {
        "provider": "Jobcoach Noord B.V.",
        "coach_name": "J. Coach",
        "hours": "4",
        "period": CoachingPeriod.MONTH,
        "goals": "Zelfstandig de route plannen",
        "valid_from": START,
    }
    values.update(kwargs)
    return services.coaching_plan_set(
        user=user or w.consultant_a, region=w.region, placement=placement, **values
    )


def activity(w, placement, user=None, **kwargs):
    values = {"on": date(2026, 6, 1), "kind": CoachingKind.WORKPLACE_VISIT, "hours": "1.5", "today": TODAY}
    values.update(kwargs)
    return services.coaching_activity_add(
        user=user or w.consultant_a, region=w.region, placement=placement, **values
    )


def test_a_coaching_plan_and_its_versions(w):
    placement = place(w)
    first = plan(w, placement)
    second = plan(w, placement, hours="2", valid_from=date(2026, 5, 1), valid_until=date(2026, 12, 31))
    assert list(placement.coaching_plans.order_by("created_at", "id")) == [first, second]
    assert second.hours == Decimal(2)


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("provider", {"provider": "  "}),
        ("goals", {"goals": ""}),
        ("period", {"period": "year"}),
        ("hours", {"hours": "0"}),
        ("hours", {"hours": "200.01"}),
        ("hours", {"hours": "1.234"}),
        ("hours", {"hours": "veel"}),
        ("valid_from", {"valid_from": START - timedelta(days=1)}),
        ("valid_from", {"valid_from": None}),
        ("valid_until", {"valid_from": date(2026, 5, 1), "valid_until": date(2026, 4, 30)}),
        ("goals", {"goals": "x" * 2001}),
    ],
)
def test_a_coaching_plan_is_validated(w, field, kwargs):
    placement = place(w)
    with pytest.raises(ValidationError) as exc:
        plan(w, placement, **kwargs)
    assert field in errors_of(exc)
    assert not CoachingPlan.objects.exists()


def test_a_coaching_plan_on_the_start_day_and_a_one_day_plan_are_fine(w):
    placement = place(w)
    plan(w, placement, valid_from=START, valid_until=START)


def test_an_activity_needs_a_plan(w):
    placement = place(w)
    with pytest.raises(ValidationError):
        activity(w, placement)
    plan(w, placement)
    new = activity(w, placement, note="Werkplekbezoek")
    assert new.plan == placement.coaching_plans.get()
    assert new.hours == Decimal("1.5")


def test_an_activity_is_logged_against_the_latest_plan(w):
    placement = place(w)
    plan(w, placement)
    latest = plan(w, placement, hours="8", valid_from=date(2026, 5, 1))
    assert activity(w, placement).plan == latest


@pytest.mark.parametrize(
    ("on", "ok"),
    [
        (START - timedelta(days=1), False),
        (START, True),
        (TODAY, True),
        (TODAY + timedelta(days=1), False),
    ],
)
def test_an_activity_lies_between_the_start_and_today(w, on, ok):
    placement = place(w)
    plan(w, placement)
    if ok:
        assert activity(w, placement, on=on).on == on
    else:
        with pytest.raises(ValidationError) as exc:
            activity(w, placement, on=on)
        assert "on" in errors_of(exc)


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [("kind", {"kind": "party"}), ("hours", {"hours": "24.01"}), ("hours", {"hours": "0"})],
)
def test_an_activity_is_validated(w, field, kwargs):
    placement = place(w)
    plan(w, placement)
    with pytest.raises(ValidationError) as exc:
        activity(w, placement, **kwargs)
    assert field in errors_of(exc)
    assert not CoachingActivity.objects.exists()


def test_coaching_is_written_by_who_may_write_only(w):
    placement = place(w)
    with pytest.raises(PermissionDenied):
        plan(w, placement, user=w.consultant_b)
    plan(w, placement, user=w.manager)
    with pytest.raises(PermissionDenied):
        activity(w, placement, user=w.consultant_b)
    activity(w, placement, user=w.officer_a)


# --- audit -------------------------------------------------------------------------------------------------


def test_every_write_is_audited_with_field_names_and_no_values(w, hired, make_grant):
    grant = make_grant()
    placement = place(w, proposal=hired, hourly_wage=Decimal("13.27"), grants=[grant])
    change_hours(w, placement, date(2026, 5, 1), "27.75", note="Geheime urennotitie")
    plan(w, placement, goals="Geheim coachingsdoel")
    activity(w, placement, note="Geheime activiteitnotitie")
    record(w, checkpoint(placement, 3), CheckpointOutcome.EMPLOYED, note="Geheime checkpointnotitie")
    end(w, placement, reason=EndReason.OTHER, note="Geheime eindnotitie")

    logged = list(entries(placement))
    assert [(e.action, e.context) for e in logged] == [
        (AccessAction.CREATE, "Plaatsing geregistreerd (vanuit voordracht)"),
        (AccessAction.UPDATE, "Uren van plaatsing gewijzigd"),
        (AccessAction.CREATE, "Jobcoachplan vastgelegd"),
        (AccessAction.CREATE, "Jobcoachingsactiviteit vastgelegd"),
        (AccessAction.UPDATE, "Nazorgmoment na 3 maanden vastgelegd"),
        (AccessAction.UPDATE, "Plaatsing beëindigd"),
    ]
    created, hours, plan_entry, activity_entry, checkpoint_entry, ended = logged
    assert set(created.changed_fields) >= {
        "candidate",
        "employer",
        "contract_type",
        "start_date",
        "hours_per_week",
        "vacancy",
        "proposal",
        "hourly_wage",
        "grants",
    }
    assert "planned_end_date" not in created.changed_fields
    assert hours.changed_fields == ["hours_per_week", "note"]
    assert "goals" in plan_entry.changed_fields
    assert "note" in activity_entry.changed_fields
    assert checkpoint_entry.changed_fields == ["checkpoint", "note", "outcome"]
    assert ended.changed_fields == ["end_note", "end_reason", "ended_on"]
    for entry in logged:
        assert entry.actor in (w.consultant_a, w.manager)
        assert entry.region_code == w.region.code
        assert entry.subject_uuids == [str(w.own.uuid)]
        text = f"{entry.object_label} {entry.context} {entry.changed_fields}"
        for value in ("13.27", "27.75", "Geheim", w.own.first_name, w.own.last_name, w.own.bsn):
            assert value not in text
    assert w.employer.organisation.name in created.object_label


def test_a_refused_write_is_not_audited(w):
    placement = place(w)
    count = entries(placement).count()
    with pytest.raises(ValidationError):
        end(w, placement, reason="x")
    with pytest.raises(PermissionDenied):
        end(w, placement, user=w.consultant_b)
    assert entries(placement).count() == count
