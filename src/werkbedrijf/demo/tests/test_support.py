"""The demo region's instrument catalogue, budgets, wage-value assessments and grants (demo_region_build)."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from werkbedrijf.accounts.models import User
from werkbedrijf.audit.models import AccessLogEntry
from werkbedrijf.candidates.models import Candidate
from werkbedrijf.demo.services import demo_region_build
from werkbedrijf.instruments import starter_package
from werkbedrijf.instruments.models import (
    Budget,
    Grant,
    GrantStatus,
    GrantStatusChange,
    Instrument,
    InstrumentKind,
    PaymentLine,
    PaymentStatus,
)
from werkbedrijf.instruments.selectors import deadline_warnings
from werkbedrijf.labour_pools.models import Secondment
from werkbedrijf.regions.models import Region
from werkbedrijf.wage_value.models import Assessment, AssessmentStatus, AssessmentTask
from werkbedrijf.wage_value.selectors import reassessments_due

from .conftest import REFERENCE_DATE

CANDIDATES = 150


@pytest.fixture
def build_with_support(legal_parameters, build):
    def _build(**kwargs):
        kwargs.setdefault("candidates", CANDIDATES)
        return build(**kwargs)

    return _build


def _support_state():
    return {
        "instruments": sorted(Instrument.objects.values_list("uuid", "code")),
        "budgets": sorted(Budget.objects.values_list("uuid", "organisation__name", "year", "allocated")),
        "assessments": sorted(
            Assessment.objects.values_list(
                "uuid", "candidate__bsn", "employer_id", "status", "result_percent"
            )
        ),
        "tasks": sorted(AssessmentTask.objects.values_list("uuid", "share_pct", "tempo_pct")),
        "grants": sorted(Grant.objects.values_list("uuid", "candidate__bsn", "status", "assessment__uuid")),
        "history": sorted(GrantStatusChange.objects.values_list("uuid", "to_status")),
        "lines": sorted(PaymentLine.objects.values_list("uuid", "month", "amount", "status", "paid_on")),
        "audit": AccessLogEntry.objects.count(),
    }


def test_running_twice_gives_the_same_catalogue_budgets_assessments_and_grants(build_with_support):
    first_result = build_with_support()
    first = _support_state()
    assert first["assessments"] and first["grants"] and first["lines"]
    result = build_with_support()
    assert _support_state() == first
    assert (result.assessments, result.grants, result.paid_lines) == (
        first_result.assessments,
        first_result.grants,
        first_result.paid_lines,
    )


def test_the_catalogue_and_this_years_budgets_of_both_municipalities_with_an_instrument_officer(
    build_with_support,
):
    result = build_with_support()
    assert result.instruments == len(starter_package.definitions()) == Instrument.objects.count()
    year = timezone.localdate().year
    budgets = {
        (b.organisation.name, b.instrument.kind): b.allocated
        for b in Budget.objects.filter(year=year).select_related("organisation", "instrument")
    }
    assert result.budgets == len(budgets) == 6
    assert budgets[("Gemeente Amsterdam", InstrumentKind.WAGE_COST_SUBSIDY)] == Decimal(2_400_000)
    for kind in (
        InstrumentKind.WAGE_COST_SUBSIDY,
        InstrumentKind.JOB_COACHING,
        InstrumentKind.WORKPLACE_PROVISION,
    ):
        assert 0 < budgets[("Gemeente Diemen", kind)] < budgets[("Gemeente Amsterdam", kind)]
    officer = User.objects.get(username="instrumenten.diemen")
    assert Budget.objects.filter(organisation=officer.organisation, updated_by=officer).exists()


def test_assessments_by_the_demo_expert_at_the_employers_where_the_candidates_work(build_with_support):
    result = build_with_support()
    expert = User.objects.get(username="loonwaarde")
    region = Region.objects.get(code="AM18")
    assessments = list(Assessment.objects.select_related("candidate__responsible_organisation"))
    assert 6 <= result.assessments == len(assessments) <= 10
    drafts = [a for a in assessments if a.status == AssessmentStatus.DRAFT]
    finalised = [a for a in assessments if a.status == AssessmentStatus.FINALISED]
    assert 1 <= len(drafts) <= 2 and result.finalised_assessments == len(finalised)
    assert {a.candidate.responsible_organisation.name for a in assessments} == {
        "Gemeente Amsterdam",
        "Gemeente Diemen",
    }
    today = timezone.localdate()
    for assessment in assessments:
        assert assessment.assessor == expert
        assert assessment.observed_on < today
        seconded = Secondment.objects.filter(
            membership__candidate=assessment.candidate, employer=assessment.employer
        ).exists()
        offered = assessment.employer.vacancies.filter(title__icontains=assessment.reference_job).exists()
        assert seconded or offered
    for assessment in finalised:
        assert 35 <= assessment.result_percent <= 85
        assert assessment.report_pdf and assessment.employer_view and assessment.candidate_view
        assert assessment.next_assessment_on > assessment.observed_on
    due = reassessments_due(user=expert, region=region, context="test")
    assert len(due) == 1
    assert due[0].assessment.next_assessment_on <= today + timedelta(days=30)


def test_grants_follow_the_finalised_assessments_with_decisions_and_paid_months(build_with_support):
    result = build_with_support()
    officer = User.objects.get(username="instrumenten")
    region = Region.objects.get(code="AM18")
    grants = list(Grant.objects.select_related("instrument_version__instrument", "assessment"))
    subsidies = [
        g for g in grants if g.instrument_version.instrument.kind == InstrumentKind.WAGE_COST_SUBSIDY
    ]
    amsterdam_finalised = Assessment.objects.filter(
        status=AssessmentStatus.FINALISED, candidate__responsible_organisation=officer.organisation
    )
    assert len(subsidies) == amsterdam_finalised.count()
    for grant in subsidies:
        assert grant.assessment is not None and grant.assessment.employer_id == grant.employer_id
        assert grant.wage_value == grant.assessment.result_percent
        assert grant.created_by == officer
    statuses = [g.status for g in grants]
    assert statuses.count(GrantStatus.GRANTED) == result.granted >= 4
    assert statuses.count(GrantStatus.APPLIED) == result.awaiting_decision == 2
    refused = [g for g in grants if g.status == GrantStatus.REFUSED]
    assert len(refused) == result.refused == 1
    assert refused[0].instrument_version.instrument.kind == InstrumentKind.JOB_COACHING
    assert refused[0].decision_note
    coaching = [g for g in grants if g.instrument_version.instrument.kind == InstrumentKind.JOB_COACHING]
    assert len(coaching) == 2
    warnings = deadline_warnings(user=officer, region=region, context="test")
    assert len(warnings) == 1 and 0 <= warnings[0].days_left <= 14

    today = timezone.localdate()
    paid = list(PaymentLine.objects.filter(status=PaymentStatus.PAID).select_related("grant"))
    assert paid and result.paid_lines == len(paid)
    for line in paid:
        assert line.paid_by == officer
        assert line.period_end < today and line.grant.decided_on <= line.paid_on <= today
    assert not PaymentLine.objects.filter(status=PaymentStatus.PLANNED, period_start__gt=today).filter(
        paid_on__isnull=False
    )


def test_without_candidates_there_is_a_catalogue_and_budgets_but_no_assessments(build_with_support):
    result = build_with_support(candidates=0)
    assert result.instruments > 0 and result.budgets == 6
    assert (result.assessments, result.grants, result.paid_lines) == (0, 0, 0)


def test_fewer_candidates_take_their_assessments_and_grants_along(build_with_support):
    build_with_support()
    assert Assessment.objects.filter(status=AssessmentStatus.FINALISED).exists()
    build_with_support(candidates=0)
    assert not Candidate.objects.exists()
    assert not Assessment.objects.exists() and not Grant.objects.exists()
    assert not PaymentLine.objects.exists() and not GrantStatusChange.objects.exists()
    result = build_with_support()
    assert result.assessments >= 6 and result.grants > 0


def test_without_the_legal_figures_the_grants_are_left_out_and_the_demo_says_so(reference_data):
    out = io.StringIO()
    result = demo_region_build(candidates=CANDIDATES, reference_date=REFERENCE_DATE, stdout=out)
    assert result.assessments >= 6
    assert result.grants == Grant.objects.count()
    # Applications need no figures; a decision on wage-cost subsidy needs them for the payment schedule.
    subsidies = Grant.objects.filter(instrument_version__instrument__kind=InstrumentKind.WAGE_COST_SUBSIDY)
    assert set(subsidies.values_list("status", flat=True)) == {GrantStatus.APPLIED}
    assert "the legal figures they need are missing" in out.getvalue()
    assert "Wage-value assessments: " in out.getvalue()
