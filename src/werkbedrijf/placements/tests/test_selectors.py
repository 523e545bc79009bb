"""Reading placements as a user in a region (selectors.py): scoping, persons, access log, aftercare to do."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import rest_framework.serializers  # noqa: F401 - loads psycopg's C module before freezegun patches datetime
from django.core.exceptions import PermissionDenied
from django.http import Http404

from werkbedrijf.accounts.permissions import Visibility, pseudonym
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.placements import services
from werkbedrijf.placements.choices import (
    CheckpointOutcome,
    CoachingKind,
    CoachingPeriod,
    ContractType,
    EndReason,
)
from werkbedrijf.placements.selectors import (
    PlacementFilters,
    checkpoints_due,
    placement_detail,
    placement_get,
    placement_list,
    placements_section,
)

from .support import START, TODAY, place, today_is_fixed  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("today_is_fixed")]


@pytest.fixture
def placements(w):
    """One placement per candidate: the own (municipality A), the shared and private ones (municipality B)."""
    return {
        "own": place(w),
        "shared": place(w, candidate=w.shared, start_date=date(2026, 4, 1)),
        "private": place(
            w, candidate=w.private, start_date=date(2026, 5, 1), contract_type=ContractType.SECONDMENT
        ),
    }


@pytest.fixture
def foreign(w):
    candidate = w.add_candidate(w.org_c)
    return services.placement_create(
        user=w.consultant_c,
        region=w.other_region,
        candidate=candidate,
        employer=w.foreign_vacancy.employer,
        contract_type=ContractType.REGULAR,
        start_date=START,
        hours_per_week=Decimal(20),
        job_title="Elders",
    )


def listing(w, user, **filters):
    return placement_list(user=user, region=w.region, filters=PlacementFilters(**filters), context="test")


def searches(user):
    return AccessLogEntry.objects.filter(actor=user, action=AccessAction.SEARCH).order_by("id")


# --- scoping -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["policy", "board", "auditor", "admin", "employer_user", "consultant_c"])
def test_who_may_not_read_placements_gets_permission_denied(w, placements, name):
    with pytest.raises(PermissionDenied):
        listing(w, getattr(w, name))


@pytest.mark.parametrize("name", ["policy", "board", "auditor", "employer_user", "consultant_c"])
def test_who_may_not_read_placements_gets_404_for_one(w, placements, name):
    with pytest.raises(Http404):
        placement_get(user=getattr(w, name), region=w.region, placement_uuid=placements["own"].uuid)


def test_the_list_has_the_regions_placements_only(w, placements, foreign):
    rows = listing(w, w.consultant_a).rows
    assert {row.placement for row in rows} == set(placements.values())
    assert [row.placement.start_date for row in rows] == sorted(
        (p.start_date for p in placements.values()), reverse=True
    )


def test_another_regions_placement_is_404(w, placements, foreign):
    with pytest.raises(Http404):
        placement_get(user=w.manager, region=w.region, placement_uuid=foreign.uuid)
    with pytest.raises(Http404):
        placement_detail(user=w.manager, region=w.region, placement=foreign, context="test")
    assert placement_get(user=w.consultant_c, region=w.other_region, placement_uuid=foreign.uuid) == foreign


@pytest.mark.parametrize("value", ["not-a-uuid", "", None, "00000000-0000-0000-0000-000000000000"])
def test_a_wrong_uuid_is_404(w, placements, value):
    with pytest.raises(Http404):
        placement_get(user=w.consultant_a, region=w.region, placement_uuid=value)


def test_consultants_read_each_others_placements_and_may_write_their_own(w, placements):
    rows = {row.placement: row for row in listing(w, w.consultant_b).rows}
    assert rows[placements["own"]].may_write is False
    assert rows[placements["shared"]].may_write is True
    assert placement_get(user=w.consultant_b, region=w.region, placement_uuid=placements["own"].uuid)


def test_filters(w, placements):
    services.placement_end(
        user=w.manager,
        region=w.region,
        placement=placements["shared"],
        ended_on=TODAY,
        reason=EndReason.RESIGNED,
    )

    def found(**filters):
        return {row.placement for row in listing(w, w.consultant_a, **filters).rows}

    assert found(active_only=True) == {placements["own"], placements["private"]}
    assert found(contract_type=ContractType.SECONDMENT) == {placements["private"]}
    assert found(own_only=True) == {placements["own"]}
    assert found(candidate_uuid=str(w.shared.uuid)) == {placements["shared"]}
    assert found(employer_uuid=str(w.employer.uuid)) == set(placements.values())
    assert {row.placement for row in listing(w, w.manager, own_only=True).rows} == set()


def test_the_section_of_a_candidates_page(w, placements):
    rows, total = placements_section(
        user=w.consultant_a, region=w.region, candidate_uuid=w.own.uuid, context="t"
    )
    assert total == 1 and [row.placement for row in rows] == [placements["own"]]
    assert placements_section(user=w.policy, region=w.region, candidate_uuid=w.own.uuid, context="t") == (
        [],
        0,
    )
    rows, total = placements_section(
        user=w.manager, region=w.region, employer_uuid=w.employer.uuid, context="t"
    )
    assert total == 3


# --- persons -----------------------------------------------------------------------------------------------


def test_persons_in_full_for_the_own_organisation_and_pseudonymised_for_the_rest(w, placements):
    people = {row.placement: row.person for row in listing(w, w.consultant_a).rows}
    own, shared, private = (people[placements[k]] for k in ("own", "shared", "private"))
    assert own.visibility == Visibility.FULL and own.is_full
    assert shared.visibility == Visibility.PSEUDONYMISED and not shared.is_full
    assert shared.label == pseudonym("kandidaat", w.shared.uuid)
    assert w.shared.last_name not in shared.label
    # without a region-wide consent another partner sees the pseudonym alone
    assert private.visibility == Visibility.AGGREGATE and private.withheld
    assert private.label == pseudonym("kandidaat", w.private.uuid)


def test_the_account_manager_sees_persons_pseudonymised(w, placements):
    people = [row.person for row in listing(w, w.manager).rows]
    assert not any(person.is_full for person in people)


def test_the_list_logs_the_persons_shown_in_full(w, placements):
    listing(w, w.consultant_a)
    [entry] = searches(w.consultant_a)
    assert entry.subject_uuids == [str(w.own.uuid)]
    assert entry.object_type == "candidate" and entry.region_code == w.region.code
    listing(w, w.consultant_b)
    [entry] = searches(w.consultant_b)
    assert entry.subject_uuids == sorted([str(w.shared.uuid), str(w.private.uuid)])
    listing(w, w.manager)
    assert searches(w.manager).get().subject_uuids == []


# --- one placement -----------------------------------------------------------------------------------------


@pytest.fixture
def coached(w, placements):
    placement = placements["own"]
    services.coaching_plan_set(
        user=w.consultant_a,
        region=w.region,
        placement=placement,
        provider="Jobcoach Noord",
        hours="4",
        period=CoachingPeriod.MONTH,
        goals="Zelfstandig werken",
        valid_from=START,
    )
    for on in (date(2026, 4, 1), date(2026, 5, 1)):
        services.coaching_activity_add(
            user=w.consultant_a,
            region=w.region,
            placement=placement,
            on=on,
            kind=CoachingKind.PHONE,
            hours="1.25",
        )
    return placement


def detail(w, user, placement):
    return placement_detail(user=user, region=w.region, placement=placement, context="test")


def reads(user, candidate):
    return AccessLogEntry.objects.filter(
        actor=user, action=AccessAction.READ, object_type="candidate", object_uuid=candidate.uuid
    )


def test_the_own_organisations_consultant_sees_everything_and_the_read_is_logged(w, coached):
    d = detail(w, w.consultant_a, coached)
    assert d.person.is_full and d.may_write and d.details_visible
    assert len(d.plans) == 1 and len(d.activities) == 2
    assert d.coaching_hours == Decimal("2.50")
    assert [row.valid_from for row in d.hours] == [START]
    assert [row.checkpoint.months for row in d.checkpoints] == [1, 3, 6, 12, 24]
    entry = reads(w.consultant_a, w.own).get()
    assert entry.object_label == pseudonym("kandidaat", w.own.uuid)
    assert w.own.last_name not in entry.object_label


def test_another_organisations_consultant_sees_no_details(w, coached):
    d = detail(w, w.consultant_b, coached)
    assert not d.person.is_full and d.person.visibility == Visibility.PSEUDONYMISED
    assert d.may_write is False and d.details_visible is False
    assert d.plans == [] and d.activities == [] and d.grants == [] and d.coaching_hours == 0
    assert not any(row.recordable for row in d.checkpoints)
    assert not reads(w.consultant_b, w.own).exists()


def test_the_account_manager_sees_the_details_of_a_pseudonymised_person(w, coached):
    d = detail(w, w.manager, coached)
    assert not d.person.is_full
    assert d.may_write and d.details_visible and len(d.activities) == 2
    assert not reads(w.manager, w.own).exists()


def test_who_may_not_read_gets_no_detail(w, placements):
    with pytest.raises(PermissionDenied):
        detail(w, w.policy, placements["own"])


def test_checkpoint_rows_recordable_within_14_days_and_overdue_when_past(w, placements):
    rows = {row.checkpoint.months: row for row in detail(w, w.consultant_a, placements["own"]).checkpoints}
    # today 15 June: 1 month (2 April) and 3 months (2 June) overdue; 6 months (2 September) not yet
    assert (rows[1].recordable, rows[1].overdue) == (True, True)
    assert (rows[3].recordable, rows[3].overdue) == (True, True)
    assert (rows[6].recordable, rows[6].overdue) == (False, False)


def test_checkpoint_row_14_days_ahead_is_recordable(w):
    placement = place(w, start_date=date(2026, 5, 29))  # 1 month: 29 June, 14 days from 15 June
    rows = {row.checkpoint.months: row for row in detail(w, w.consultant_a, placement).checkpoints}
    assert rows[1].recordable and not rows[1].overdue
    placement = place(w, start_date=date(2026, 5, 30), hours_per_week=Decimal(8))  # 15 days away
    rows = {row.checkpoint.months: row for row in detail(w, w.consultant_a, placement).checkpoints}
    assert not rows[1].recordable


def test_an_ended_placements_checkpoints_are_neither_recordable_nor_overdue(w, placements):
    """Once the placement ended nothing can be recorded any more (services.checkpoint_record refuses), so an
    open checkpoint left from before the end is not "overdue" aftercare."""
    services.placement_end(
        user=w.consultant_a,
        region=w.region,
        placement=placements["own"],
        ended_on=TODAY,
        reason=EndReason.RESIGNED,
    )
    placements["own"].refresh_from_db()
    rows = {row.checkpoint.months: row for row in detail(w, w.consultant_a, placements["own"]).checkpoints}
    assert not any(row.recordable for row in rows.values())
    assert rows[6].checkpoint.cancelled
    assert not rows[1].overdue and not rows[3].overdue


# --- aftercare to do ---------------------------------------------------------------------------------------


def due(w, user, today=TODAY, **kwargs):
    return checkpoints_due(user=user, region=w.region, today=today, **kwargs)


def test_checkpoints_due_are_the_users_own_open_ones_soonest_first(w, placements):
    rows = due(w, w.consultant_a)
    assert [(r.checkpoint.placement, r.checkpoint.months) for r in rows] == [
        (placements["own"], 1),
        (placements["own"], 3),
    ]
    assert all(r.overdue for r in rows)
    assert rows[0].person.is_full
    # the shared and private placements are the account manager's
    assert {(r.checkpoint.placement, r.checkpoint.months) for r in due(w, w.manager)} == {
        (placements["shared"], 1),
        (placements["private"], 1),
    }
    assert due(w, w.consultant_b) == []


def test_checkpoints_due_window_boundary(w):
    place(w, start_date=date(2026, 5, 29))  # 1 month: 29 June
    assert [r.checkpoint.due_on for r in due(w, w.consultant_a)] == [date(2026, 6, 29)]
    assert due(w, w.consultant_a, today=TODAY - timedelta(days=1)) == []
    assert [r.overdue for r in due(w, w.consultant_a, today=date(2026, 6, 29))] == [False]
    assert [r.overdue for r in due(w, w.consultant_a, today=date(2026, 6, 30))] == [True]
    assert len(due(w, w.consultant_a, today=date(2026, 6, 1), window_days=28)) == 1


def test_checkpoints_due_leave_out_recorded_cancelled_and_ended(w, placements):
    own = placements["own"]
    services.checkpoint_record(
        user=w.consultant_a,
        region=w.region,
        checkpoint=own.checkpoints.get(months=1),
        outcome=CheckpointOutcome.EMPLOYED,
        today=TODAY,
    )
    assert [r.checkpoint.months for r in due(w, w.consultant_a)] == [3]
    services.placement_end(
        user=w.consultant_a, region=w.region, placement=own, ended_on=TODAY, reason=EndReason.RESIGNED
    )
    assert due(w, w.consultant_a, today=date(2026, 9, 1)) == []


def test_checkpoints_due_of_the_responsible_person_not_the_registrar(w):
    place(w, responsible=w.officer_a)
    assert due(w, w.consultant_a) == []
    assert len(due(w, w.officer_a)) == 2


def test_checkpoints_due_in_another_region_or_for_readers_without_rights(w, placements, foreign):
    assert checkpoints_due(user=w.consultant_a, region=w.other_region, today=TODAY) == []
    assert [
        r.checkpoint.placement
        for r in checkpoints_due(user=w.consultant_c, region=w.other_region, today=TODAY)
    ] == [
        foreign,
        foreign,
    ]
    assert checkpoints_due(user=w.policy, region=w.region, today=TODAY) == []


def test_checkpoints_due_log_the_persons_shown_in_full(w, placements):
    due(w, w.consultant_a)
    [entry] = searches(w.consultant_a)
    assert entry.subject_uuids == [str(w.own.uuid)]
    due(w, w.consultant_b)
    assert not searches(w.consultant_b).exists()  # nothing shown, nothing logged
