"""The assessment pages per role: who sees what, access logging, forms that keep input, the PDF download."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.wage_value.models import Assessment, AssessmentStatus

from .assessment_fixtures import *  # noqa: F403
from .assessment_fixtures import COMPUTED, NEXT, OBSERVED, TASKS, make_finalised

pytestmark = pytest.mark.django_db

LIST = "/metingen/"


def _detail(assessment, suffix=""):
    return f"/metingen/{assessment.uuid}/{suffix}"


def test_navigation_flag_per_role(
    login_verified, consultant, expert, account_manager, employer_user, policy_adviser, auditor
):
    for user, expected in (
        (consultant, True),
        (expert, True),
        (account_manager, True),
        (employer_user, True),
        (policy_adviser, False),
        (auditor, False),
    ):
        client = login_verified(user)
        assert client.get("/").context["can_list_assessments"] is expected, user.username
        client.logout()


def test_list_names_own_candidates_and_pseudonymises_others(
    login_verified, consultant, consultant_b, candidate, finalised
):
    response = login_verified(consultant).get(LIST)
    assert response.status_code == 200
    assert candidate.full_name in response.content.decode()
    entry = AccessLogEntry.objects.filter(
        action=AccessAction.SEARCH, object_type="wage_value_assessments"
    ).latest("timestamp")
    assert entry.subject_uuids == [str(candidate.uuid)] and entry.actor == consultant

    other = login_verified(consultant_b, the_client=None)
    response = other.get(LIST)
    page = response.content.decode()
    assert candidate.last_name not in page
    assert pseudonym("kandidaat", candidate.uuid) in page
    entry = AccessLogEntry.objects.filter(actor=consultant_b, action=AccessAction.SEARCH).latest("timestamp")
    assert entry.subject_uuids == []


def test_detail_per_role(
    login_verified,
    consultant,
    consultant_b,
    expert,
    other_expert,
    employer_user,
    other_employer_user,
    policy_adviser,
    auditor,
    candidate,
    finalised,
):
    url = _detail(finalised)
    expected = {
        consultant: (200, True, True),
        expert: (200, True, True),
        employer_user: (200, True, False),
        consultant_b: (200, False, False),
        other_expert: (404, None, None),
        other_employer_user: (404, None, None),
        policy_adviser: (404, None, None),
        auditor: (404, None, None),
    }
    for user, (status, named, candidate_view) in expected.items():
        client = login_verified(user)
        before = AccessLogEntry.objects.filter(actor=user, action=AccessAction.READ).count()
        response = client.get(url)
        assert response.status_code == status, user.username
        if status == 200:
            page = response.content.decode()
            assert (candidate.last_name in page) is named, user.username
            assert ("Ik ben het ermee eens." in page) is candidate_view, user.username
            assert f"{COMPUTED} %" in page
            logged = AccessLogEntry.objects.filter(actor=user, action=AccessAction.READ).count() - before
            assert logged == (1 if named else 0), user.username
        client.logout()


def test_employer_user_does_not_see_drafts(login_verified, employer_user, draft):
    assert login_verified(employer_user).get(_detail(draft)).status_code == 404


def test_candidate_without_consent_is_invisible_to_other_partners(
    login_verified, region, consultant, consultant_b, account_manager, expert, private_candidate, employer
):
    assessment = make_finalised(region, consultant, expert, private_candidate, employer)
    for user in (consultant_b, account_manager):
        assert login_verified(user).get(_detail(assessment)).status_code == 404


def test_other_region_gets_404(login_verified, other_region_consultant, finalised):
    client = login_verified(other_region_consultant)
    assert client.get(_detail(finalised)).status_code == 404
    assert client.get(_detail(finalised, "rapport.pdf")).status_code == 404
    assert str(finalised.uuid) not in client.get(LIST).content.decode()


def test_report_download(login_verified, consultant, expert, employer_user, consultant_b, finalised):
    response = login_verified(consultant).get(_detail(finalised, "rapport.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(
        actor=consultant, action=AccessAction.EXPORT, object_uuid=finalised.uuid
    ).exists()
    for user in (employer_user, consultant_b):
        assert login_verified(user).get(_detail(finalised, "rapport.pdf")).status_code == 404


def test_a_report_download_started_by_another_site_is_refused_and_not_logged(
    login_verified, consultant, finalised
):
    client = login_verified(consultant)
    response = client.get(_detail(finalised, "rapport.pdf"), HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT, object_uuid=finalised.uuid).exists()


def test_create_flow_keeps_input_on_error(login_verified, consultant, expert, candidate, employer):
    client = login_verified(consultant)
    response = client.get("/metingen/nieuw/", {"zoek": candidate.last_name})
    assert response.status_code == 200
    assert candidate.full_name in response.content.decode()
    data = {
        "candidate": str(candidate.uuid),
        "employer": str(employer.uuid),
        "workplace": "",
        "assessor": str(expert.uuid),
        "reference_job": "Medewerker teelt",
        "observed_on": "2026-11-10",
    }
    response = client.post("/metingen/nieuw/", data)
    assert response.status_code == 400
    assert "Medewerker teelt" in response.content.decode()
    assert response.context["form"].errors["workplace"]
    response = client.post("/metingen/nieuw/", {**data, "workplace": "Kwekerij"})
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(assessment)
    assert assessment.assessor == expert and assessment.observed_on == OBSERVED


def test_create_is_for_managing_roles_only(login_verified, expert, employer_user, account_manager):
    for user in (expert, employer_user, account_manager):
        assert login_verified(user).get("/metingen/nieuw/").status_code == 403


def test_expert_works_through_the_draft(login_verified, region, expert, candidate, draft):
    client = login_verified(expert)
    response = client.get(_detail(draft))
    assert response.status_code == 200 and candidate.full_name in response.content.decode()
    bad = {**{k: str(v) for k, v in TASKS[0].items()}, "minutes_per_day": "20"}
    response = client.post(_detail(draft, "taken/nieuw/"), bad)
    assert response.status_code == 400
    assert "Planten oppotten" in response.content.decode()
    with translation.override("nl"):
        assert response.context["form"].errors["minutes_per_day"]
    for task in TASKS:
        response = client.post(_detail(draft, "taken/nieuw/"), {k: str(v) for k, v in task.items()})
        assert response.status_code == 302
    response = client.post(
        _detail(draft, "zienswijze/werkgever/"), {"text": "Herkenbaar", "given_by": "Chef"}
    )
    assert response.status_code == 302
    response = client.post(
        _detail(draft, "vaststellen/"),
        {
            "reported_wage_value": COMPUTED,
            "next_assessment_on": NEXT.isoformat(),
            "next_assessment_agreed": "on",
        },
    )
    assert response.status_code == 400
    with translation.override("nl"):
        assert gettext("Record the candidate's view first.") in response.context["form"].non_field_errors()
    client.post(_detail(draft, "zienswijze/kandidaat/"), {"text": "Eens"})
    response = client.post(
        _detail(draft, "vaststellen/"),
        {
            "reported_wage_value": COMPUTED,
            "next_assessment_on": NEXT.isoformat(),
            "next_assessment_agreed": "on",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.FINALISED and draft.result_percent == COMPUTED


def test_finalised_pages_refuse_changes(login_verified, expert, consultant, finalised):
    client = login_verified(expert)
    task = finalised.tasks.first()
    for path in ("taken/nieuw/", f"taken/{task.uuid}/", "zienswijze/kandidaat/", "vaststellen/"):
        response = client.post(_detail(finalised, path), {"text": "x"})
        assert response.status_code == 302 and response["Location"] == _detail(finalised), path
    finalised.refresh_from_db()
    assert finalised.candidate_view == "Ik ben het ermee eens."


def test_correct_through_the_page(login_verified, consultant, expert, finalised):
    client = login_verified(consultant)
    response = client.post(_detail(finalised, "corrigeren/"), {"reason": "", "assessor": str(expert.uuid)})
    assert response.status_code == 400
    response = client.post(
        _detail(finalised, "corrigeren/"), {"reason": "Normfunctie", "assessor": str(expert.uuid)}
    )
    correction = Assessment.objects.get(corrects=finalised)
    assert response["Location"] == _detail(correction)
    page = client.get(_detail(finalised)).content.decode()
    assert _detail(correction) in page


def test_due_list(login_verified, region, consultant, expert, candidate, employer):
    due = make_finalised(
        region, consultant, expert, candidate, employer, next_assessment_on=OBSERVED.replace(day=30)
    )
    client = login_verified(expert)
    response = client.get("/metingen/herbeoordelingen/")
    assert [r.assessment for r in response.context["rows"]] == [due]
    with translation.override("nl"):
        assert (
            gettext("Re-assessments due")
            in client.get("/metingen/herbeoordelingen/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
        )
    response = client.get(LIST, {"herbeoordeling": "on"})
    assert [r.assessment for r in response.context["rows"]] == [due]
    # a re-assessment finalised later takes it off the list
    make_finalised(region, consultant, expert, candidate, employer)
    assert client.get("/metingen/herbeoordelingen/").context["rows"] == []
