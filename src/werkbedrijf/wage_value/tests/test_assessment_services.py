"""The assessment workflow's rules: main tasks, both views, finalising, immutability and corrections."""

import re
import zlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.wage_value import services
from werkbedrijf.wage_value.models import Assessment, AssessmentStatus, AssessmentTask

from .assessment_fixtures import *  # noqa: F403
from .assessment_fixtures import (
    COMPUTED,
    NEXT,
    OBSERVED,
    TASKS,
    add_tasks,
    make_draft,
    make_finalised,
    record_views,
)

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> bytes:
    """The page content of a PDF written by fpdf2 (its streams are zlib-compressed)."""
    parts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            parts.append(stream)
    return b"\n".join(parts)


def test_create_assigns_an_expert_and_logs(region, consultant, expert, candidate, employer):
    assessment = make_draft(region, consultant, expert, candidate, employer)
    assert assessment.status == AssessmentStatus.DRAFT
    assert assessment.method == "ulm_2021"
    entry = AccessLogEntry.objects.get(object_uuid=assessment.uuid, action=AccessAction.CREATE)
    assert entry.context == "Loonwaardemeting aangemaakt"
    assert entry.subject_uuids == [str(candidate.uuid)]
    assert "assessor" in entry.changed_fields


def test_assessor_must_hold_the_expert_role(region, consultant, consultant_b, candidate, employer):
    with pytest.raises(ValidationError) as error:
        make_draft(region, consultant, consultant_b, candidate, employer)
    assert "assessor" in error.value.message_dict


def test_only_own_organisation_creates(region, consultant_b, account_manager, expert, candidate, employer):
    for user in (consultant_b, account_manager, expert):
        with pytest.raises(PermissionDenied):
            make_draft(region, user, expert, candidate, employer)


def test_employer_of_another_region_is_refused(region, other_region, consultant, expert, candidate):
    from werkbedrijf.employers.tests.factories import EmployerFactory, EmployerOrganisationFactory

    foreign = EmployerFactory(organisation=EmployerOrganisationFactory(region=other_region))
    with pytest.raises(ValidationError) as error:
        make_draft(region, consultant, expert, candidate, foreign)
    assert "employer" in error.value.message_dict


def test_historical_method_only_before_july_2021(region, consultant, expert, candidate, employer):
    with pytest.raises(ValidationError) as error:
        make_draft(region, consultant, expert, candidate, employer, method="tki_bt_2015")
    assert "method" in error.value.message_dict
    old = make_draft(region, consultant, expert, candidate, employer, observed_on=date(2020, 3, 2))
    assert old.method == "tki_bt_2015"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("share_pct", Decimal("6.24")),  # below 1/16 of the week
        ("minutes_per_day", Decimal("29")),  # below 30 minutes a day
        ("tempo_pct", Decimal("101")),
        ("quality_pct", Decimal("-1")),
        ("name", "  "),
    ],
)
def test_main_task_rules(region, expert, draft, field, value):
    task = {**TASKS[0], field: value}
    with pytest.raises(ValidationError) as error:
        services.task_add(user=expert, region=region, assessment=draft, **task)
    assert field in error.value.message_dict
    assert not draft.tasks.exists()


def test_minimum_share_is_exactly_one_sixteenth(region, expert, draft):
    task = services.task_add(
        user=expert, region=region, assessment=draft, **{**TASKS[0], "share_pct": Decimal("6.25")}
    )
    assert task.share_pct == Decimal("6.25")


def test_shares_cannot_exceed_the_week(region, expert, draft):
    add_tasks(region, expert, draft)
    with pytest.raises(ValidationError) as error:
        services.task_add(user=expert, region=region, assessment=draft, **{**TASKS[0], "share_pct": 10})
    assert "share_pct" in error.value.message_dict


def test_task_update_and_remove(region, expert, draft):
    first, second, third = add_tasks(region, expert, draft)
    with pytest.raises(ValidationError):
        services.task_update(user=expert, region=region, task=first, share_pct=Decimal("60"))
    services.task_remove(user=expert, region=region, task=third)
    updated = services.task_update(user=expert, region=region, task=first, share_pct=Decimal("70"))
    assert updated.share_pct == Decimal("70")
    entry = AccessLogEntry.objects.filter(object_uuid=first.uuid, action=AccessAction.UPDATE).get()
    assert entry.changed_fields == ["share_pct"]


def test_only_the_assigned_expert_works_on_tasks(region, consultant, other_expert, draft):
    for user in (consultant, other_expert):
        with pytest.raises(PermissionDenied):
            services.task_add(user=user, region=region, assessment=draft, **TASKS[0])


def test_both_views_are_required_before_finalising(region, expert, draft):
    add_tasks(region, expert, draft)
    services.view_record(user=expert, region=region, assessment=draft, party="employer", text="Akkoord")
    with pytest.raises(ValidationError) as error:
        services.assessment_finalise(
            user=expert,
            region=region,
            assessment=draft,
            reported_wage_value=COMPUTED,
            next_assessment_on=NEXT,
            next_assessment_agreed=True,
        )
    assert "candidate_view" in error.value.message_dict
    assert "employer_view" not in error.value.message_dict
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT


def test_finalise_checks_tasks_date_and_agreement(region, expert, draft):
    services.task_add(user=expert, region=region, assessment=draft, **TASKS[0])  # 50 % only
    record_views(region, expert, draft)
    with pytest.raises(ValidationError) as error:
        services.assessment_finalise(
            user=expert,
            region=region,
            assessment=draft,
            reported_wage_value=None,
            next_assessment_on=OBSERVED,
            next_assessment_agreed=False,
        )
    assert set(error.value.message_dict) >= {
        "tasks",
        "reported_wage_value",
        "next_assessment_on",
        "next_assessment_agreed",
    }


def test_finalise_stores_both_figures_and_a_report(region, consultant, expert, candidate, employer):
    assessment = make_finalised(region, consultant, expert, candidate, employer)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.FINALISED
    assert assessment.result_percent == COMPUTED
    assert assessment.computed_wage_value == COMPUTED
    assert assessment.computed_pct == Decimal("72.2000")
    assert assessment.next_assessment_on == NEXT
    assert assessment.finalised_by == expert
    pdf = bytes(assessment.report_pdf)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert b"72 %" in text
    assert candidate.last_name.encode("cp1252") in text
    entry = AccessLogEntry.objects.get(
        object_uuid=assessment.uuid, context__startswith="Loonwaardemeting vastgesteld"
    )
    assert "result_percent" in entry.changed_fields


def test_the_experts_figure_counts_with_a_reason(region, expert, draft):
    add_tasks(region, expert, draft)
    record_views(region, expert, draft)
    kwargs = {
        "user": expert,
        "region": region,
        "assessment": draft,
        "reported_wage_value": 68,
        "next_assessment_on": NEXT,
        "next_assessment_agreed": True,
    }
    with pytest.raises(ValidationError) as error:
        services.assessment_finalise(**kwargs)
    assert "deviation_reason" in error.value.message_dict
    assessment = services.assessment_finalise(**kwargs, deviation_reason="Extra begeleiding nodig.")
    assert (assessment.result_percent, assessment.computed_wage_value) == (68, COMPUTED)
    assert b"68 %" in pdf_text(bytes(assessment.report_pdf))


def test_only_the_assigned_expert_finalises(region, consultant, other_expert, expert, draft):
    add_tasks(region, expert, draft)
    record_views(region, consultant, draft)
    for user in (consultant, other_expert):
        with pytest.raises(PermissionDenied):
            services.assessment_finalise(
                user=user,
                region=region,
                assessment=draft,
                reported_wage_value=COMPUTED,
                next_assessment_on=NEXT,
                next_assessment_agreed=True,
            )


def test_finalised_is_immutable(region, consultant, expert, finalised):
    task = finalised.tasks.first()
    with pytest.raises(services.AssessmentFinalisedError):
        services.assessment_update(user=consultant, region=region, assessment=finalised, workplace="Anders")
    with pytest.raises(services.AssessmentFinalisedError):
        services.task_update(user=expert, region=region, task=task, tempo_pct=Decimal("10"))
    with pytest.raises(services.AssessmentFinalisedError):
        services.view_record(
            user=expert, region=region, assessment=finalised, party="candidate", text="Toch niet"
        )
    with pytest.raises(services.AssessmentFinalisedError):
        services.assessment_delete(user=consultant, region=region, assessment=finalised)
    # and below the services, the model refuses too
    finalised.refresh_from_db()
    finalised.result_percent = 99
    with pytest.raises(PermissionError):
        finalised.save()
    with pytest.raises(PermissionError):
        Assessment.objects.filter(pk=finalised.pk).update(result_percent=99)
    with pytest.raises(PermissionError):
        task.save()
    with pytest.raises(PermissionError):
        AssessmentTask.objects.filter(assessment=finalised).delete()
    with pytest.raises(PermissionError):
        finalised.delete()
    assert Assessment.objects.get(pk=finalised.pk).result_percent == COMPUTED


def test_no_bulk_path_changes_the_tasks_of_a_finalised_assessment(
    region, consultant, expert, finalised, draft
):
    extra = services.task_add(user=expert, region=region, assessment=draft, **TASKS[0])
    count = finalised.tasks.count()
    with pytest.raises(PermissionError):
        AssessmentTask.objects.bulk_create([AssessmentTask(assessment=finalised, **TASKS[0])])
    with pytest.raises(PermissionError):
        finalised.tasks.add(extra)
    with pytest.raises(PermissionError):
        AssessmentTask.objects.filter(pk=extra.pk).update(assessment=finalised)
    task = finalised.tasks.first()
    task.tempo_pct = Decimal("10")
    with pytest.raises(PermissionError):
        AssessmentTask.objects.bulk_update([task], ["tempo_pct"])
    extra.assessment = finalised
    with pytest.raises(PermissionError):
        extra.save()
    finalised.result_percent = 1
    with pytest.raises(PermissionError):
        Assessment.objects.bulk_update([finalised], ["result_percent"])
    assert finalised.tasks.count() == count


def test_correction_is_a_new_assessment(region, consultant, expert, finalised):
    correction = services.assessment_correct(
        user=consultant, region=region, assessment=finalised, reason="Verkeerde normfunctie"
    )
    assert correction.pk != finalised.pk
    assert correction.status == AssessmentStatus.DRAFT
    assert correction.corrects == finalised
    assert correction.tasks.count() == len(TASKS)
    assert correction.employer_view == "" and correction.candidate_view_recorded_at is None
    with pytest.raises(ValidationError):
        services.assessment_correct(user=consultant, region=region, assessment=finalised, reason="Nog eens")
    finalised.refresh_from_db()
    assert finalised.result_percent == COMPUTED
    services.task_update(user=expert, region=region, task=correction.tasks.first(), tempo_pct=Decimal("100"))
    record_views(region, expert, correction)
    corrected = services.assessment_finalise(
        user=expert,
        region=region,
        assessment=correction,
        reported_wage_value=81,
        next_assessment_on=NEXT,
        next_assessment_agreed=True,
    )
    assert corrected.result_percent == 81  # 0.45 + 0.162 + 0.20 = 0.812
    assert corrected.corrects == finalised


def test_correction_needs_a_reason(region, consultant, finalised):
    with pytest.raises(ValidationError) as error:
        services.assessment_correct(user=consultant, region=region, assessment=finalised, reason=" ")
    assert "reason" in error.value.message_dict


def test_a_draft_cannot_be_corrected(region, consultant, draft):
    with pytest.raises(ValidationError):
        services.assessment_correct(user=consultant, region=region, assessment=draft, reason="x")


def test_database_refuses_incomplete_finalised_rows(region, consultant, expert, candidate, employer):
    draft = make_draft(region, consultant, expert, candidate, employer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=draft.pk).update(status=AssessmentStatus.FINALISED)


def test_delete_draft(region, consultant, expert, draft):
    add_tasks(region, expert, draft)
    with pytest.raises(PermissionDenied):
        services.assessment_delete(user=expert, region=region, assessment=draft)
    services.assessment_delete(user=consultant, region=region, assessment=draft)
    assert not Assessment.objects.filter(pk=draft.pk).exists()
    assert AccessLogEntry.objects.filter(object_uuid=draft.uuid, action=AccessAction.DELETE).exists()
