"""The placement pages per role: the list, registering from a hired proposal (errors next to the fields, the
input kept), a placement with its aftercare and the actions on it, and the hooks on other apps' pages."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.candidates.models import CandidateStatus
from werkbedrijf.placements import services
from werkbedrijf.placements.choices import CheckpointOutcome, ContractType, EndReason
from werkbedrijf.placements.context_processors import placement_navigation
from werkbedrijf.placements.models import Checkpoint, CoachingActivity, CoachingPlan, Placement, Reminder
from werkbedrijf.placements.reminders import checkpoint_reminders
from werkbedrijf.proposals.states import ProposalState

from .conftest import move, propose

pytestmark = pytest.mark.django_db

LIST = reverse("placements:list")
CREATE = reverse("placements:create")


def dutch(text):
    with translation.override("nl"):
        return gettext(text)


def _detail(placement):
    return reverse("placements:detail", args=[placement.uuid])


def _days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def place(w, candidate=None, *, user=None, start=None, **kwargs):
    candidate = candidate or w.own
    if user is None:
        user = w.consultant_a if candidate.responsible_organisation_id == w.org_a.pk else w.manager
    values = {
        "employer": w.employer,
        "contract_type": ContractType.REGULAR,
        "start_date": start or _days_ago(25),
        "hours_per_week": Decimal(24),
        "job_title": "Schoonmaker",
    }
    values.update(kwargs)
    return services.placement_create(user=user, region=w.region, candidate=candidate, **values)


def _create_data(w, **extra):
    data = {
        "employer": str(w.employer.uuid),
        "vacancy": str(w.vacancy.uuid),
        "job_title": "Schoonmaker kantoren (avond)",
        "contract_type": ContractType.REGULAR,
        "start_date": _days_ago(3).isoformat(),
        "planned_end_date": "",
        "trial_extension_reason": "",
        "hours_per_week": "24",
        "hourly_wage": "14.25",
        "responsible": str(w.consultant_a.uuid),
    }
    data.update(extra)
    return data


def test_navigation_flag_per_role(w):
    factory = RequestFactory()
    for user, expected in (
        (w.consultant_a, True),
        (w.officer_a, True),
        (w.manager, True),
        (w.policy, False),
        (w.board, False),
        (w.admin, False),
        (w.auditor, False),
        (w.employer_user, False),
    ):
        request = factory.get("/")
        request.user, request.region = user, w.region
        assert placement_navigation(request) == {"can_list_placements": expected}, user.username


def test_list_empty_state_and_who_may_see_it(w, login_verified):
    response = login_verified(w.manager).get(LIST)
    assert response.status_code == 200 and response.context["rows"] == []
    assert dutch("Go to the proposals.") in response.text
    for user in (w.policy, w.board, w.admin, w.auditor, w.employer_user):
        assert login_verified(user).get(LIST).status_code == 403, user.username


def test_list_pseudonymises_filters_and_logs(w, login_verified):
    own = place(w, w.own)
    shared = place(w, w.shared, contract_type=ContractType.SECONDMENT, start=_days_ago(40))
    services.placement_end(
        user=w.manager, region=w.region, placement=shared, ended_on=_days_ago(1), reason=EndReason.HEALTH
    )
    client = login_verified(w.consultant_a)
    response = client.get(LIST)
    assert response.status_code == 200
    assert [row.placement for row in response.context["rows"]] == [own, shared]
    assert w.own.full_name in response.text
    assert pseudonym("kandidaat", w.shared.uuid) in response.text
    assert w.shared.last_name not in response.text and w.shared.bsn not in response.text
    entry = AccessLogEntry.objects.get(action=AccessAction.SEARCH, context="Plaatsingen bekeken (interface)")
    assert entry.subject_uuids == [str(w.own.uuid)]

    assert [r.placement for r in client.get(LIST, {"status": "lopend"}).context["rows"]] == [own]
    assert [r.placement for r in client.get(LIST, {"contract": "secondment"}).context["rows"]] == [shared]
    assert [r.placement for r in client.get(LIST, {"eigen": "on"}).context["rows"]] == [own]
    assert [r.placement for r in client.get(LIST, {"kandidaat": str(w.shared.uuid)}).context["rows"]] == [
        shared
    ]
    response = client.get(LIST, {"contract": "trial"})
    assert response.context["rows"] == [] and dutch("No placements match these filters.") in response.text

    # The account manager sees every candidate pseudonymised.
    response = login_verified(w.manager).get(LIST)
    assert w.own.last_name not in response.text and pseudonym("kandidaat", w.own.uuid) in response.text


def test_list_pages(w, login_verified):
    for i in range(26):
        place(w, w.add_candidate(w.org_a, last_name=f"Achternaam{i}"), start=_days_ago(30 + i))
    client = login_verified(w.consultant_a)
    first = client.get(LIST)
    assert len(first.context["rows"]) == 25 and "pagina=2" in first.text
    assert len(client.get(LIST, {"pagina": "2"}).context["rows"]) == 1


def test_register_from_a_hired_proposal(w, hired, login_verified):
    client = login_verified(w.consultant_a)
    url = f"{CREATE}?voordracht={hired.uuid}"
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["employer"].value() == w.employer.uuid
    assert form["vacancy"].value() == w.vacancy.uuid
    assert form["job_title"].value() == w.vacancy.title
    assert Decimal(form["hours_per_week"].value()) == Decimal(24)
    assert form["contract_type"].value() == ContractType.REGULAR
    assert form["responsible"].value() == w.consultant_a.uuid
    assert w.own.full_name in response.text
    # Other municipalities' consultants cannot do this candidate's aftercare; the account manager can.
    responsibles = set(form.fields["responsible"].queryset)
    assert {w.consultant_a, w.officer_a, w.manager} <= responsibles and w.consultant_b not in responsibles

    response = client.post(url, _create_data(w))
    placement = Placement.objects.get()
    assert response.status_code == 302 and response.url == _detail(placement)
    assert (placement.proposal, placement.vacancy, placement.hourly_wage, placement.created_by) == (
        hired,
        w.vacancy,
        Decimal("14.25"),
        w.consultant_a,
    )
    assert placement.job_title == "Schoonmaker kantoren (avond)" and placement.checkpoints.count() == 5
    w.own.refresh_from_db()
    assert w.own.status == CandidateStatus.PLACED

    # The proposal's page now links to the placement, and registering again leads there.
    response = client.get(reverse("proposals:detail", args=[hired.uuid]))
    assert _detail(placement) in response.text and f"voordracht={hired.uuid}" not in response.text
    assert client.get(url).url == _detail(placement)


def test_the_proposal_page_offers_registering_only_when_placeable(w, hired, login_verified):
    page = reverse("proposals:detail", args=[hired.uuid])
    assert f"{CREATE}?voordracht={hired.uuid}" in login_verified(w.consultant_a).get(page).text
    assert f"{CREATE}?voordracht={hired.uuid}" in login_verified(w.manager).get(page).text
    # Another partner's consultant may read the proposal but not place the candidate.
    assert "voordracht=" not in login_verified(w.consultant_b).get(page).text

    proposed = propose(w, w.shared, w.windows)
    client = login_verified(w.manager)
    page = reverse("proposals:detail", args=[proposed.uuid])
    assert "voordracht=" not in client.get(page).text
    response = client.get(f"{CREATE}?voordracht={proposed.uuid}")
    assert response.status_code == 302 and response.url == page


def test_a_trial_placement_proposal_prefills_a_trial_and_explains_the_limit(w, login_verified):
    proposal = move(
        w, propose(w, w.own, w.vacancy), ProposalState.SENT_TO_EMPLOYER, ProposalState.TRIAL_PLACEMENT
    )
    response = login_verified(w.consultant_a).get(f"{CREATE}?voordracht={proposal.uuid}")
    assert response.status_code == 200
    assert response.context["form"]["contract_type"].value() == ContractType.TRIAL
    assert "Participatiewet art. 8a lid 2 onder d" in response.text


def test_errors_are_shown_next_to_the_fields_and_the_input_is_kept(w, login_verified):
    from werkbedrijf.proposals.states import ProposalState
    from werkbedrijf.proposals.tests.conftest import move, propose

    trial = move(
        w, propose(w, w.own, w.vacancy), ProposalState.SENT_TO_EMPLOYER, ProposalState.TRIAL_PLACEMENT
    )
    client = login_verified(w.consultant_a)
    url = f"{CREATE}?voordracht={trial.uuid}"
    start = _days_ago(3)
    data = _create_data(
        w,
        contract_type=ContractType.TRIAL,
        planned_end_date=(start + timedelta(days=120)).isoformat(),
        job_title="Proefplaatsing schoonmaak",
        hourly_wage="13.50",
    )
    response = client.post(url, data)
    assert response.status_code == 400 and not Placement.objects.exists()
    form = response.context["form"]
    assert list(form.errors) == ["planned_end_date"]  # longer than 2 months without an extension's reason
    assert 'id="id_planned_end_date_error"' in response.text
    assert 'value="Proefplaatsing schoonmaak"' in response.text and 'value="13.50"' in response.text
    assert form["contract_type"].value() == ContractType.TRIAL

    # Form errors (no start, hours above 40) also keep what was typed.
    response = client.post(url, {**data, "start_date": "", "hours_per_week": "41"})
    assert response.status_code == 400
    assert {"start_date", "hours_per_week"} <= set(response.context["form"].errors)
    assert 'value="Proefplaatsing schoonmaak"' in response.text

    response = client.post(url, {**data, "trial_extension_reason": "Meer tijd nodig om in te werken"})
    assert response.status_code == 302
    assert Placement.objects.get().trial_extension_reason == "Meer tijd nodig om in te werken"


def test_updating_the_choices_saves_nothing_and_keeps_the_input(w, login_verified):
    client = login_verified(w.consultant_a)
    url = f"{CREATE}?kandidaat={w.own.uuid}"
    response = client.post(
        url, {"employer": str(w.employer.uuid), "job_title": "Glazen wassen", "verversen": "1"}
    )
    assert response.status_code == 200 and not Placement.objects.exists()
    form = response.context["form"]
    assert not form.is_bound and form["job_title"].value() == "Glazen wassen"
    assert set(form.fields["vacancy"].queryset) == {w.vacancy, w.windows, w.small, w.filled}
    assert w.foreign_vacancy not in form.fields["vacancy"].queryset


def test_registering_is_refused_without_the_right(w, hired, login_verified):
    url = f"{CREATE}?voordracht={hired.uuid}"
    for user in (w.policy, w.auditor, w.board, w.admin):
        assert login_verified(user).get(url).status_code == 403, user.username
        assert login_verified(user).post(url, _create_data(w)).status_code == 403, user.username
    # Another municipality's consultant sees the candidate pseudonymised only: no registering.
    assert login_verified(w.consultant_b).get(url).status_code == 403
    assert login_verified(w.consultant_b).get(f"{CREATE}?kandidaat={w.own.uuid}").status_code == 403
    # Another region's consultant does not find the proposal or the candidate.
    assert login_verified(w.consultant_c).get(url).status_code == 404
    assert login_verified(w.consultant_c).get(f"{CREATE}?kandidaat={w.own.uuid}").status_code == 404
    assert login_verified(w.consultant_a).get(CREATE).status_code == 404
    assert not Placement.objects.exists()


def test_detail_per_role(w, login_verified):
    placement = place(w, hourly_wage=Decimal("15.10"), start=_days_ago(40))
    services.placement_end(
        user=w.consultant_a,
        region=w.region,
        placement=placement,
        ended_on=_days_ago(1),
        reason=EndReason.OTHER,
        note="Verhuisd naar Groningen",
    )
    response = login_verified(w.consultant_a).get(_detail(placement))
    assert response.status_code == 200 and w.own.full_name in response.text
    assert "Verhuisd naar Groningen" in response.text and "15,10" in response.text
    assert "plan_form" not in response.context and "end_form" not in response.context  # it has ended
    assert AccessLogEntry.objects.filter(
        action=AccessAction.READ, object_uuid=w.own.uuid, context="Plaatsing bekeken (interface)"
    ).exists()
    checkpoints = response.context["detail"].checkpoints
    assert [row.checkpoint.cancelled for row in checkpoints] == [False, True, True, True, True]
    assert dutch("cancelled") in response.text

    response = login_verified(w.consultant_b).get(_detail(placement))
    assert response.status_code == 200 and w.own.last_name not in response.text
    assert "Verhuisd naar Groningen" not in response.text and "15,10" not in response.text
    assert "plan_form" not in response.context and reverse("placements:end", args=[placement.uuid]) not in (
        response.text
    )

    response = login_verified(w.manager).get(_detail(placement))
    assert "Verhuisd naar Groningen" in response.text and w.own.last_name not in response.text

    for user in (w.policy, w.auditor, w.employer_user):
        assert login_verified(user).get(_detail(placement)).status_code == 403, user.username
    assert login_verified(w.consultant_c).get(_detail(placement)).status_code == 404


def test_recording_checkpoints_through_the_page(w, login_verified):
    placement = place(w)
    first = placement.checkpoints.get(months=1)
    url = reverse("placements:checkpoint", args=[placement.uuid, first.uuid])
    client = login_verified(w.consultant_a)
    response = client.get(_detail(placement))
    assert url in response.text  # due within 14 days: recordable
    assert client.get(url).status_code == 200

    response = client.post(url, {"outcome": CheckpointOutcome.HOURS_CHANGED, "note": "Wil minder werken"})
    assert response.status_code == 400 and "new_hours" in response.context["form"].errors
    assert "Wil minder werken" in response.text
    first.refresh_from_db()
    assert first.outcome == ""

    response = client.post(
        url, {"outcome": CheckpointOutcome.HOURS_CHANGED, "new_hours": "20", "note": "Wil minder"}
    )
    assert response.status_code == 302 and response.url == _detail(placement) + "#nazorg"
    first.refresh_from_db()
    placement.refresh_from_db()
    assert (first.outcome, first.new_hours, first.recorded_by) == (
        "hours_changed",
        Decimal(20),
        w.consultant_a,
    )
    assert placement.hours_per_week == 20
    # Recorded once: the page sends you back.
    assert client.post(url, {"outcome": CheckpointOutcome.EMPLOYED}).status_code == 302
    first.refresh_from_db()
    assert first.outcome == "hours_changed"
    # Not yet due: the 3-month checkpoint shows when it can be recorded, and refuses an outcome.
    later = placement.checkpoints.get(months=3)
    later_url = reverse("placements:checkpoint", args=[placement.uuid, later.uuid])
    assert later_url not in client.get(_detail(placement)).text
    assert client.get(later_url).context["too_early"]
    response = client.post(later_url, {"outcome": CheckpointOutcome.EMPLOYED})
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    # Another partner's consultant may not record.
    assert login_verified(w.consultant_b).get(later_url).status_code == 403


def test_a_checkpoint_that_records_the_end(w, login_verified):
    placement = place(w, start=_days_ago(40))
    checkpoint = placement.checkpoints.get(months=1)
    url = reverse("placements:checkpoint", args=[placement.uuid, checkpoint.uuid])
    client = login_verified(w.manager)
    response = client.post(url, {"outcome": CheckpointOutcome.ENDED, "ended_on": _days_ago(2).isoformat()})
    assert response.status_code == 400 and "end_reason" in response.context["form"].errors
    assert f'value="{_days_ago(2).isoformat()}"' in response.text
    response = client.post(
        url,
        {"outcome": CheckpointOutcome.ENDED, "ended_on": _days_ago(2).isoformat(), "end_reason": "resigned"},
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.ended_on, placement.end_reason) == (_days_ago(2), EndReason.RESIGNED)
    assert Checkpoint.objects.filter(placement=placement, cancelled=True).count() == 4


def test_ending_through_the_page(w, login_verified):
    placement = place(w)
    url = reverse("placements:end", args=[placement.uuid])
    client = login_verified(w.consultant_a)
    ended_on = _days_ago(1).isoformat()
    response = client.post(url, {"einde-ended_on": ended_on, "einde-end_reason": "other", "einde-note": ""})
    assert response.status_code == 400 and "note" in response.context["end_form"].errors
    assert f'value="{ended_on}"' in response.text
    placement.refresh_from_db()
    assert placement.ended_on is None

    response = client.post(
        url, {"einde-ended_on": ended_on, "einde-end_reason": "other", "einde-note": "Zelf iets gevonden"}
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    w.own.refresh_from_db()
    assert (placement.end_reason, placement.end_note) == ("other", "Zelf iets gevonden")
    assert w.own.status == CandidateStatus.AVAILABLE
    assert login_verified(w.consultant_b).post(url, {}).status_code == 403
    assert client.get(url).status_code == 405


def test_hours_and_coaching_through_the_page(w, login_verified):
    placement = place(w)
    client = login_verified(w.consultant_a)
    hours = reverse("placements:hours", args=[placement.uuid])
    response = client.post(
        hours, {"uren-valid_from": placement.start_date.isoformat(), "uren-hours_per_week": "16"}
    )
    assert response.status_code == 400 and "valid_from" in response.context["hours_form"].errors
    assert (
        client.post(
            hours, {"uren-valid_from": _days_ago(2).isoformat(), "uren-hours_per_week": "16"}
        ).status_code
        == 302
    )
    placement.refresh_from_db()
    assert placement.hours_per_week == 16 and placement.hours_history.count() == 2

    activity = reverse("placements:coaching_activity", args=[placement.uuid])
    data = {"activiteit-on": _days_ago(1).isoformat(), "activiteit-kind": "phone", "activiteit-hours": "1.5"}
    response = client.post(activity, data)
    assert response.status_code == 400 and response.context["activity_form"].non_field_errors()

    plan = reverse("placements:coaching_plan", args=[placement.uuid])
    plan_data = {
        "plan-provider": "Jobcoach Noord",
        "plan-hours": "4",
        "plan-period": "month",
        "plan-goals": "Zelfstandig de route plannen",
        "plan-valid_from": placement.start_date.isoformat(),
    }
    assert client.post(plan, plan_data).status_code == 302
    assert client.post(activity, data).status_code == 302
    assert client.post(activity, {**data, "activiteit-hours": "2"}).status_code == 302
    assert CoachingPlan.objects.filter(placement=placement).count() == 1
    assert CoachingActivity.objects.filter(plan__placement=placement).count() == 2
    response = client.get(_detail(placement))
    assert response.context["detail"].coaching_hours == Decimal("3.5")
    assert "Zelfstandig de route plannen" in response.text
    # Another partner's consultant sees neither the plan nor the coaching.
    response = login_verified(w.consultant_b).get(_detail(placement))
    assert "Zelfstandig de route plannen" not in response.text
    assert login_verified(w.consultant_b).post(plan, plan_data).status_code == 403


def test_home_shows_reminders_and_checkpoints_due_and_a_reminder_can_be_dismissed(w, login_verified):
    placement = place(w, start=_days_ago(35))  # the 1-month checkpoint is overdue
    assert checkpoint_reminders() == 1
    reminder = Reminder.objects.get()
    client = login_verified(w.consultant_a)
    response = client.get("/")
    assert response.context["aftercare"] is not None
    [due] = response.context["aftercare"]["due"]
    assert due.checkpoint.placement == placement and due.overdue
    dismiss = reverse("placements:reminder_dismiss", args=[reminder.uuid])
    assert dismiss in response.text and w.own.full_name in response.text
    assert dismiss in client.get(_detail(placement)).text

    assert login_verified(w.manager, Client()).post(dismiss, {"next": "/"}).status_code == 404
    response = client.post(dismiss, {"next": "https://elders.example/"})
    assert response.status_code == 302 and response.url == reverse("home:home")
    reminder.refresh_from_db()
    assert reminder.dismissed_at is not None
    response = client.get("/")
    assert response.context["aftercare"]["reminders"] == [] and dismiss not in response.text
    # Who is not responsible for a placement has nothing to do here.
    assert login_verified(w.policy).get("/").context["aftercare"] is None


def test_sections_on_the_candidate_and_employer_pages(w, login_verified):
    candidate_page = reverse("candidates:detail", args=[w.own.uuid])
    employer_page = reverse("employers:detail", args=[w.employer.uuid])
    client = login_verified(w.consultant_a)
    response = client.get(candidate_page)
    assert 'id="plaatsingen"' in response.text and f"{CREATE}?kandidaat={w.own.uuid}" in response.text
    assert dutch("This candidate has not been placed yet.") in response.text
    placement = place(w)
    assert _detail(placement) in client.get(candidate_page).text
    response = client.get(employer_page)
    assert _detail(placement) in response.text and w.own.full_name in response.text

    response = login_verified(w.manager).get(employer_page)
    assert _detail(placement) in response.text and w.own.last_name not in response.text
    response = login_verified(w.policy).get(employer_page)
    assert response.status_code == 200 and 'id="plaatsingen"' not in response.text


def test_list_queries_do_not_grow_with_the_rows(w, login_verified):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login_verified(w.consultant_a)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    for i in range(2):
        place(w, w.add_candidate(w.org_a, last_name=f"Eerste{i}"))
    few = count_queries()
    for i in range(8):
        place(w, w.add_candidate(w.org_b if i % 2 else w.org_a, last_name=f"Later{i}"))
    assert count_queries() == few
