"""Catalogue, grants, payment schedule and budgets through the services (and their selectors)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.tests.factories import staff
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.instruments import selectors, services
from werkbedrijf.instruments.models import (
    Grant,
    GrantStatus,
    GrantStatusChange,
    Instrument,
    InstrumentVersion,
    PaymentLine,
    PaymentStatus,
)
from werkbedrijf.instruments.starter_package import definitions
from werkbedrijf.wage_value import services as assessments
from werkbedrijf.wage_value.tests.assessment_fixtures import add_tasks, make_draft, record_views

from .conftest import apply_lks


def _decide(officer, region, grant, **kwargs):
    values = {"granted": True, "decided_on": date(2026, 3, 2), "note": "Voldoet aan art. 10d"}
    values.update(kwargs)
    return services.grant_decide(user=officer, region=region, grant=grant, **values)


def _budget(officer, region, gemeente, instrument, year=2026, allocated="50000"):
    return services.budget_set(
        user=officer,
        region=region,
        organisation=gemeente,
        instrument=instrument,
        year=year,
        allocated=allocated,
    )


# --- catalogue ------------------------------------------------------------------------------------------


def test_starter_package_has_every_instrument_and_is_idempotent(region, legal_parameters):
    first = services.load_starter_package(region)
    assert len(first.created) == len(definitions()) == 14
    assert services.load_starter_package(region).created == []
    assert Instrument.objects.filter(region=region).count() == 14
    kinds = set(Instrument.objects.filter(region=region).values_list("kind", flat=True))
    assert {
        "wage_cost_subsidy",
        "wage_dispensation",
        "no_risk_policy",
        "lkv_jobs_agreement",
        "job_coaching",
        "workplace_provision",
        "sheltered_work",
        "practical_route",
        "trial_placement",
    } <= kinds


def test_starter_figures_come_from_the_legal_parameters_and_calculation_rules(catalogue):
    lkv = catalogue["lkv-banenafspraak"]
    v2025 = selectors.version_on(lkv, date(2025, 6, 1))
    v2026 = selectors.version_on(lkv, date(2026, 6, 1))
    assert (v2025.number, v2025.max_duration_months, v2025.max_amount) == (1, 36, Decimal("2000.00"))
    assert (v2026.number, v2026.max_duration_months, v2026.requires_register) == (2, None, True)
    dispensation = selectors.version_on(catalogue["loondispensatie"], date(2026, 1, 1))
    assert (dispensation.min_productivity_loss_pct, dispensation.max_duration_months) == (25, 60)
    trial = selectors.version_on(catalogue["proefplaatsing-pw"], date(2026, 1, 1))
    assert trial.max_duration_months == 6
    disabled = selectors.version_on(catalogue["lkv-arbeidsgehandicapt"], date(2026, 1, 1))
    assert (disabled.max_amount, disabled.max_duration_months, disabled.apply_within_months) == (
        Decimal("6000.00"),
        36,
        3,
    )


def test_a_new_version_keeps_the_history(admin, region, lks):
    before = selectors.version_on(lks, date(2026, 3, 16))
    version = services.instrument_version_create(
        user=admin,
        region=region,
        instrument=lks,
        valid_from=date(2026, 7, 1),
        change_note="Regionale afspraak: aanvraag met loonstrook",
        documents=[*before.documents, "Laatste loonstrook"],
    )
    assert version.number == before.number + 1 and version.name == before.name
    assert selectors.version_on(lks, date(2026, 6, 30)) == before
    assert selectors.version_on(lks, date(2026, 7, 1)) == version
    assert InstrumentVersion.objects.filter(instrument=lks).count() == 2
    with pytest.raises(PermissionError):
        InstrumentVersion.objects.filter(pk=before.pk).update(name="x")
    entry = AccessLogEntry.objects.get(object_uuid=version.uuid)
    assert entry.action == AccessAction.CREATE and "documents" in entry.changed_fields
    assert "versie 2" in entry.context


def test_only_the_functional_admin_edits_the_catalogue(officer, admin, region, lks):
    with pytest.raises(PermissionDenied):
        services.instrument_version_create(
            user=officer, region=region, instrument=lks, valid_from=date(2026, 7, 1), change_note="x"
        )
    with pytest.raises(ValidationError) as error:
        services.instrument_version_create(
            user=admin, region=region, instrument=lks, valid_from=None, name="", target_groups=["martians"]
        )
    assert {"valid_from", "name", "target_groups", "change_note"} <= set(error.value.message_dict)


def test_a_new_instrument(admin, region, catalogue):
    instrument = services.instrument_create(
        user=admin,
        region=region,
        code="Scholingsvoucher",
        kind="other",
        valid_from=date(2026, 4, 1),
        name="Scholingsvoucher",
        legal_basis="Regionale afspraak 2026",
        provider="municipality",
        payment_method="one_off",
        max_amount=Decimal("2500"),
        max_amount_period="total",
        decision_period_weeks=8,
    )
    assert instrument.code == "scholingsvoucher"
    assert selectors.version_on(instrument, date(2026, 4, 1)).max_amount == Decimal("2500")
    with pytest.raises(ValidationError) as error:
        services.instrument_create(
            user=admin,
            region=region,
            code="scholingsvoucher",
            kind="x",
            valid_from=date(2026, 4, 1),
            name="Dubbel",
            legal_basis="-",
            provider="uwv",
            payment_method="one_off",
        )
    assert {"code", "kind", "payment_method"} <= set(error.value.message_dict)


# --- grants ---------------------------------------------------------------------------------------------


def test_end_to_end_candidate_eligibility_grant_decision_first_payment_line(
    officer, region, candidate, employer, lks, gemeente_a
):
    """Candidate → eligibility → application → decision → the first month's payment line."""
    result = selectors.eligibility_check(
        user=officer,
        region=region,
        candidate=candidate,
        employer=employer,
        on=date(2026, 2, 10),
        hours_per_week=Decimal(36),
        wage_value=60,
        context="Toets instrumenten (test)",
    )
    lks_outcome = next(o for o in result.outcomes if o.rules.code == "loonkostensubsidie")
    assert lks_outcome.applies
    assert AccessLogEntry.objects.filter(object_uuid=candidate.uuid, action=AccessAction.READ).exists()

    _budget(officer, region, gemeente_a, lks)
    grant = apply_lks(user=officer, region=region, candidate=candidate, employer=employer, lks=lks)
    assert grant.status == GrantStatus.APPLIED
    assert grant.decision_due_on == date(2026, 3, 12)  # 5 weeks after the wage value was determined
    assert grant.paying_organisation == gemeente_a

    grant = _decide(officer, region, grant)
    first = grant.payment_lines.order_by("month").first()
    assert (first.month, first.amount, first.status) == (date(2026, 3, 1), Decimal("1224.11"), "planned")
    assert first.determined_on == date(2026, 3, 1) and first.wage_value == 60
    assert grant.payment_lines.count() == 10  # March to December 2026
    statuses = list(grant.status_changes.values_list("from_status", "to_status"))
    assert statuses == [("", "applied"), ("applied", "granted")]
    contexts = list(AccessLogEntry.objects.filter(object_uuid=grant.uuid).values_list("context", flat=True))
    assert "Aanvraag Loonkostensubsidie (LKS) toegekend" in contexts

    line = services.payment_line_mark_paid(user=officer, region=region, line=first, paid_on=date(2026, 3, 16))
    assert line.status == PaymentStatus.PAID and line.paid_by == officer


def test_application_validation(officer, region, candidate, employer, lks, catalogue):
    with pytest.raises(ValidationError) as error:
        apply_lks(
            user=officer,
            region=region,
            candidate=candidate,
            employer=employer,
            lks=lks,
            wage_value=100,
            hours_per_week=0,
            applied_on=date(2026, 4, 1),
            period_end=date(2026, 2, 1),
        )
    assert {"wage_value", "hours_per_week", "applied_on", "period_end"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        apply_lks(
            user=officer,
            region=region,
            candidate=candidate,
            employer=employer,
            lks=catalogue["loondispensatie"],
        )
    assert "UWV" in error.value.message_dict["instrument"][0]
    with pytest.raises(ValidationError) as error:
        apply_lks(
            user=officer, region=region, candidate=candidate, employer=employer, lks=lks, wage_value_source=""
        )
    assert set(error.value.message_dict) == {"wage_value_source"}


def test_maximum_duration_from_the_catalogue(officer, region, candidate, employer, catalogue):
    with pytest.raises(ValidationError) as error:
        services.grant_apply(
            user=officer,
            region=region,
            candidate=candidate,
            employer=employer,
            instrument=catalogue["proefplaatsing-pw"],
            applied_on=date(2026, 3, 1),
            period_start=date(2026, 3, 1),
            period_end=date(2026, 9, 1),
            hours_per_week=20,
        )
    assert "31-08-2026" in error.value.message_dict["period_end"][0]


def test_other_organisations_and_roles_cannot_touch_a_grant(
    officer_b, consultant, board_member, region, application
):
    with pytest.raises(PermissionDenied):
        _decide(officer_b, region, application)
    with pytest.raises(PermissionDenied):
        _decide(consultant, region, application)  # consultants apply; instrument officers decide
    with pytest.raises(Http404):
        selectors.grant_get(user=officer_b, region=region, grant_uuid=application.uuid)
    with pytest.raises(Http404):
        selectors.grant_get(user=board_member, region=region, grant_uuid=application.uuid)
    assert selectors.grant_counts(user=board_member, region=region).by_status == {"applied": 1}


def test_a_consultant_applies_for_an_own_candidate_only(
    consultant, region, candidate, candidate_b, employer, lks
):
    grant = apply_lks(user=consultant, region=region, candidate=candidate, employer=employer, lks=lks)
    assert grant.created_by == consultant
    with pytest.raises(PermissionDenied):
        apply_lks(user=consultant, region=region, candidate=candidate_b, employer=employer, lks=lks)


def test_refusal_needs_grounds_and_creates_no_lines(officer, region, application):
    with pytest.raises(ValidationError) as error:
        _decide(officer, region, application, granted=False, note="")
    assert "note" in error.value.message_dict
    grant = _decide(officer, region, application, granted=False, note="Geen doelgroep")
    assert grant.status == GrantStatus.REFUSED and not grant.payment_lines.exists()
    with pytest.raises(ValidationError):
        _decide(officer, region, grant)


def test_over_budget_needs_an_explicit_override(officer, region, application, lks, gemeente_a):
    with pytest.raises(ValidationError) as error:
        _decide(officer, region, application)
    messages = error.value.message_dict["budget_override_reason"]
    assert len(messages) == 2 and "2026" in messages[1]
    _budget(officer, region, gemeente_a, lks, allocated="5000")
    with pytest.raises(ValidationError) as error:
        _decide(officer, region, application)
    assert "€ 5.000,00" in error.value.message_dict["budget_override_reason"][1]
    grant = _decide(officer, region, application, budget_override_reason="Wethouder akkoord 2 maart")
    assert grant.budget_override_by == officer
    entry = AccessLogEntry.objects.filter(object_uuid=grant.uuid, action=AccessAction.UPDATE).get()
    assert "budget_override_reason" in entry.changed_fields and "overschreden" in entry.context
    row = next(
        r for r in selectors.budget_overview(user=officer, region=region, year=2026) if r.instrument == lks
    )
    assert (row.allocated, row.committed, row.paid, row.exceeded) == (
        Decimal("5000.00"),
        Decimal("12241.10"),
        Decimal("0"),
        True,
    )


def test_budget_figures_allocated_committed_paid(officer, board_member, region, application, lks, gemeente_a):
    _budget(officer, region, gemeente_a, lks)
    grant = _decide(officer, region, application)
    services.payment_line_mark_paid(
        user=officer, region=region, line=grant.payment_lines.first(), paid_on=date(2026, 3, 16)
    )
    rows = selectors.budget_overview(user=board_member, region=region, year=2026)
    assert [(r.allocated, r.committed, r.paid, r.available) for r in rows] == [
        (Decimal("50000.00"), Decimal("12241.10"), Decimal("1224.11"), Decimal("37758.90"))
    ]
    with pytest.raises(PermissionDenied):
        _budget(officer, region, region.organisations.exclude(pk=gemeente_a.pk).first() or gemeente_a, lks)


def test_only_the_own_municipality_sets_its_budget(officer_b, region, gemeente_a, lks):
    with pytest.raises(PermissionDenied):
        _budget(officer_b, region, gemeente_a, lks)


def test_redetermination_on_1_january_follows_the_new_minimum_wage(
    officer, region, candidate, employer, lks, gemeente_a
):
    """A grant from 1 March 2025 keeps the figures of that day through 2025 (not the 1 July indexation) and
    gets the 2026 figures from 1 January 2026."""
    for year in (2025, 2026):
        _budget(officer, region, gemeente_a, lks, year=year)
    grant = apply_lks(
        user=officer,
        region=region,
        candidate=candidate,
        employer=employer,
        lks=lks,
        applied_on=date(2025, 2, 1),
        term_starts_on=date(2025, 2, 1),
        period_start=date(2025, 3, 1),
    )
    grant = _decide(officer, region, grant, decided_on=date(2025, 2, 20))
    lines = list(grant.payment_lines.order_by("month"))
    assert len(lines) == 10
    # 2191.80 × 1.08 × 40 % × 1.235 = 1169.369…
    assert {line.amount for line in lines} == {Decimal("1169.37")}
    assert services.grants_redetermine(region=region, year=2026) == 1
    assert services.grants_redetermine(region=region, year=2026) == 0
    january = grant.payment_lines.get(month=date(2026, 1, 1))
    assert (january.amount, january.determined_on) == (Decimal("1224.11"), date(2026, 1, 1))
    assert grant.payment_lines.filter(month__year=2026).count() == 12


def test_flat_rate_then_a_wage_value(officer, region, candidate, employer, lks, gemeente_a):
    _budget(officer, region, gemeente_a, lks)
    grant = apply_lks(
        user=officer,
        region=region,
        candidate=candidate,
        employer=employer,
        lks=lks,
        wage_value=None,
        wage_value_source="",
        period_start=date(2026, 1, 1),
        applied_on=date(2026, 1, 5),
        term_starts_on=date(2026, 1, 5),
    )
    grant = _decide(officer, region, grant, decided_on=date(2026, 2, 1))
    assert [
        (line.month.month, line.amount, line.flat_rate) for line in grant.payment_lines.order_by("month")
    ] == [(m, Decimal("1530.14"), True) for m in range(1, 7)]
    services.grant_wage_value_record(
        user=officer,
        region=region,
        grant=grant,
        wage_value=60,
        source="Meting 20 juni 2026",
        applies_from=date(2026, 7, 1),
    )
    lines = list(grant.payment_lines.order_by("month"))
    assert len(lines) == 12 and lines[6].amount == Decimal("1224.11") and lines[5].flat_rate


def test_ending_cancels_later_lines_and_pays_the_last_month_pro_rata(
    officer, region, application, lks, gemeente_a
):
    _budget(officer, region, gemeente_a, lks)
    grant = _decide(officer, region, application)
    grant = services.grant_start(user=officer, region=region, grant=grant)
    grant = services.grant_end(
        user=officer, region=region, grant=grant, ended_on=date(2026, 5, 15), reason="Ontslag"
    )
    live = list(grant.payment_lines.exclude(status=PaymentStatus.CANCELLED).order_by("month"))
    assert [line.month.month for line in live] == [3, 4, 5]
    # 1224.108288 × 15 / 31 = 592.31
    assert live[-1].amount == Decimal("592.31")
    assert grant.payment_lines.filter(status=PaymentStatus.CANCELLED).count() == 7
    assert list(grant.status_changes.values_list("to_status", flat=True)) == [
        "applied",
        "granted",
        "active",
        "ended",
    ]
    with pytest.raises(ValidationError):
        services.grant_start(user=officer, region=region, grant=grant)


def test_one_off_grant_gets_one_line(officer, region, candidate, employer, catalogue, gemeente_a):
    coaching = catalogue["jobcoaching-gemeente"]
    _budget(officer, region, gemeente_a, coaching, allocated="10000")
    grant = services.grant_apply(
        user=officer,
        region=region,
        candidate=candidate,
        employer=employer,
        instrument=coaching,
        applied_on=date(2026, 3, 1),
        period_start=date(2026, 4, 1),
        hours_per_week=24,
        requested_amount="3200",
    )
    grant = _decide(officer, region, grant, granted_amount="3000")
    assert list(grant.payment_lines.values_list("month", "amount")) == [
        (date(2026, 4, 1), Decimal("3000.00"))
    ]


def test_deadline_warnings(officer, region, candidate, employer, lks):
    due_soon = apply_lks(
        user=officer,
        region=region,
        candidate=candidate,
        employer=employer,
        lks=lks,
        term_starts_on=date(2026, 2, 12),
    )  # due 19 March
    apply_lks(
        user=officer,
        region=region,
        candidate=candidate,
        employer=employer,
        lks=lks,
        applied_on=date(2026, 3, 10),
        term_starts_on=date(2026, 3, 10),
    )  # due 14 April
    overdue = apply_lks(
        user=officer,
        region=region,
        candidate=candidate,
        employer=employer,
        lks=lks,
        term_starts_on=date(2026, 1, 20),
    )  # due 24 February
    warned = selectors.deadline_warnings(user=officer, region=region, context="Termijnen (test)")
    assert [(g.pk, g.days_left) for g in warned] == [(overdue.pk, -20), (due_soon.pk, 3)]
    entry = AccessLogEntry.objects.filter(action=AccessAction.SEARCH, object_type="instrument_grant").last()
    assert entry.subject_uuids == [str(candidate.uuid)]


def test_grant_detail_is_access_logged(officer, region, application):
    detail = selectors.grant_detail(
        user=officer, region=region, grant=application, context="Toekenning bekeken"
    )
    assert detail.deadline_warning and detail.overdue  # due 12 March, today is 16 March
    entry = AccessLogEntry.objects.filter(action=AccessAction.READ, object_uuid=application.uuid).get()
    assert entry.subject_uuids == [str(application.candidate.uuid)]


def test_without_a_finalised_assessment_there_is_no_wage_value_to_offer(candidate):
    assert selectors.wage_value_for_grant(candidate) is None


def test_a_grant_using_the_latest_finalised_assessments_figure_is_linked_to_it(
    officer, region, candidate, employer, lks, werkbedrijf_org
):
    expert = staff(region, werkbedrijf_org, Role.WAGE_VALUE_EXPERT, "deskundige")
    draft = make_draft(region, officer, expert, candidate, employer, observed_on=date(2026, 2, 5))
    add_tasks(region, expert, draft)
    record_views(region, expert, draft)
    assessment = assessments.assessment_finalise(
        user=expert,
        region=region,
        assessment=draft,
        reported_wage_value=60,
        deviation_reason="Ingewerkt na de observatie",
        next_assessment_on=date(2027, 2, 5),
        next_assessment_agreed=True,
    )

    record = selectors.wage_value_for_grant(candidate)
    assert (record.percent, record.assessment) == (60, assessment)
    linked = apply_lks(user=officer, region=region, candidate=candidate, employer=employer, lks=lks)
    assert linked.assessment == assessment
    other_figure = apply_lks(
        user=officer, region=region, candidate=candidate, employer=employer, lks=lks, wage_value=55
    )
    assert other_figure.assessment is None


def test_grants_of_uwv_candidates_are_not_for_the_municipality(region, uwv, wajong_candidate, employer, lks):
    uwv_officer = staff(region, uwv, "instrument_officer", "uwv_officer")
    with pytest.raises(ValidationError) as error:
        apply_lks(user=uwv_officer, region=region, candidate=wajong_candidate, employer=employer, lks=lks)
    assert "UWV" in error.value.message_dict["candidate"][0]
    assert not Grant.objects.exists() and not PaymentLine.objects.exists()


def test_management_commands(region, legal_parameters, officer, application, gemeente_a, lks):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("load_starter_package", region.code, stdout=out)
    assert "0 instrumenten toegevoegd, 14 al aanwezig" in out.getvalue()
    _budget(officer, region, gemeente_a, lks)
    _decide(officer, region, application)
    out = io.StringIO()
    call_command("redetermine_grants", "--year", "2027", stdout=out)
    assert "1 toekenningen opnieuw vastgesteld voor 2027" in out.getvalue()
    assert application.payment_lines.filter(month__year=2027).count() == 12


def test_versions_status_history_and_paid_lines_never_change(officer, region, application, lks):
    version = InstrumentVersion.objects.filter(instrument=lks).first()
    version.name = "Anders"
    with pytest.raises(PermissionError):
        version.save()
    with pytest.raises(PermissionError):
        version.delete()
    change = GrantStatusChange.objects.filter(grant=application).first()
    change.reason = "Anders"
    with pytest.raises(PermissionError):
        change.save()
    with pytest.raises(PermissionError):
        GrantStatusChange.objects.filter(grant=application).update(reason="x")
    grant = services.grant_decide(
        user=officer,
        region=region,
        grant=application,
        granted=True,
        decided_on=date(2026, 3, 12),
        budget_override_reason="Test",
    )
    line = grant.payment_lines.order_by("month").first()
    services.payment_line_mark_paid(user=officer, region=region, line=line, paid_on=date(2026, 3, 16))
    line.refresh_from_db()
    line.amount = Decimal("1")
    with pytest.raises(PermissionError):
        line.save()
    with pytest.raises(PermissionError):
        PaymentLine.objects.filter(pk=line.pk).update(amount=Decimal("1"))
    with pytest.raises(PermissionError):
        line.delete()
