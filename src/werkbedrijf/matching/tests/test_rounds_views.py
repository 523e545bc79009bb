"""The round pages: the list with its start form, progress polled by htmx, suggestions per vacancy with why
and the decision forms (double booking included), the fairness report, and access per role."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from werkbedrijf.accounts.models import Role
from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.accounts.tests.factories import staff
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.matching import rounds
from werkbedrijf.matching.models import MatchRound, RoundStatus, SuggestionState

from .test_rounds import _run, _vacancy, tiny  # noqa: F401 (the fixture)

LIST = reverse("matching:rounds")


def _detail(match_round, query=""):
    return reverse("matching:round", args=[match_round.uuid]) + query


def _nl(message: str) -> str:
    with translation.override("nl"):
        return escape(translation.gettext(message))


@pytest.fixture
def done(tiny):  # noqa: F811
    return {**tiny, "round": _run(tiny)}


def test_the_list_offers_the_start_form_and_an_empty_state(login_verified, tiny):  # noqa: F811
    html = login_verified(tiny["manager"]).get(LIST).content.decode()
    assert 'name="top_k"' in html and 'id="no-rounds"' in html
    assert _nl("No round has been run in this region yet. Start the first one with the form above.") in html
    response = login_verified(tiny["policy"]).get(LIST)
    assert response.status_code == 200 and 'name="top_k"' not in response.content.decode()


def test_the_list_is_refused_outside_the_region_staff(login_verified, tiny):  # noqa: F811
    auditor = staff(tiny["region"], tiny["org_a"], Role.AUDITOR, "auditor")
    for user in (tiny["employer_user"], auditor):
        assert login_verified(user).get(LIST).status_code == 403


def test_starting_a_round_runs_it_and_shows_the_result(
    login_verified,
    tiny,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    client = login_verified(tiny["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LIST, {"datum": "", "top_k": ""})
    match_round = MatchRound.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(match_round)
    assert match_round.status == RoundStatus.DONE and match_round.started_by == tiny["manager"]
    html = client.get(_detail(match_round)).content.decode()
    assert 'id="suggestions"' in html and 'id="fairness"' in html and "hx-get" not in html
    assert 'id="count-suggestions"' in html
    html = client.get(LIST).content.decode()
    assert _detail(match_round) in html and 'id="no-rounds"' not in html


def test_a_failed_round_says_so(login_verified, tiny):  # noqa: F811
    match_round = MatchRound.objects.create(
        region=tiny["region"], on=tiny["today"], status=RoundStatus.FAILED, error="unexpected"
    )
    html = login_verified(tiny["manager"]).get(_detail(match_round)).content.decode()
    assert (
        _nl(
            "The round stopped because of an unexpected error. No suggestions were saved. Try again later or "
            "contact the functional administrator."
        )
        in html
    )
    assert 'id="suggestions"' not in html


def test_start_errors_keep_the_input(login_verified, tiny):  # noqa: F811
    client = login_verified(tiny["admin"])
    response = client.post(LIST, {"datum": "2026-01-01", "top_k": "0"})
    assert response.status_code == 400 and 'value="2026-01-01"' in response.content.decode()
    rounds.round_start(user=tiny["manager"], region=tiny["region"], enqueue=False)
    response = client.post(LIST, {"datum": "", "top_k": "25"})
    html = response.content.decode()
    assert response.status_code == 400 and 'value="25"' in html
    assert _nl("A round for this region is already queued or running. Wait until it has finished.") in html
    assert MatchRound.objects.count() == 1
    assert login_verified(tiny["consultant_a"]).post(LIST, {}).status_code == 403


def test_progress_is_polled_until_the_round_is_done(login_verified, tiny):  # noqa: F811
    match_round = rounds.round_start(user=tiny["manager"], region=tiny["region"], enqueue=False)
    client = login_verified(tiny["policy"])
    html = client.get(_detail(match_round)).content.decode()
    assert f'hx-get="{_detail(match_round, "?deel=status")}"' in html and 'id="round-progress"' in html
    fragment = client.get(_detail(match_round, "?deel=status"), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    assert "HX-Refresh" not in fragment
    rounds.round_run(match_round.uuid)
    fragment = client.get(_detail(match_round, "?deel=status"), HTTP_HX_REQUEST="true")
    assert fragment["HX-Refresh"] == "true"


def test_the_account_manager_sees_every_suggestion_pseudonymised_with_why(login_verified, done):
    response = login_verified(done["manager"]).get(_detail(done["round"]))
    html = response.content.decode()
    suggestions = list(done["round"].suggestions.select_related("candidate"))
    for s in suggestions:
        assert pseudonym("kandidaat", s.candidate.uuid) in html
        assert escape(s.candidate.full_name) not in html
        assert f'id="suggestie-{s.uuid}"' in html
    assert html.count('value="accepteren"') == len(suggestions)
    with translation.override("nl"):
        assert escape(translation.gettext("desired occupation")) in html  # a factor of the explanation
    entry = AccessLogEntry.objects.get(actor=done["manager"], action=AccessAction.SEARCH)
    assert entry.subject_uuids == []  # nobody shown in full


def test_a_consultant_sees_own_candidates_in_full_and_decides_only_for_them(login_verified, done):
    html = login_verified(done["consultant_a"]).get(_detail(done["round"])).content.decode()
    own = [
        s
        for s in done["round"].suggestions.select_related("candidate")
        if s.candidate.responsible_organisation_id == done["org_a"].pk
    ]
    others = [s for s in done["round"].suggestions.select_related("candidate") if s not in own]
    assert own and others
    for s in own:
        assert escape(s.candidate.full_name) in html
    for s in others:
        assert pseudonym("kandidaat", s.candidate.uuid) in html and escape(s.candidate.full_name) not in html
    assert html.count('value="accepteren"') == len(own)
    entry = AccessLogEntry.objects.get(actor=done["consultant_a"], action=AccessAction.SEARCH)
    assert sorted(entry.subject_uuids) == sorted(str(s.candidate.uuid) for s in own)


def test_aggregate_roles_see_the_fairness_report_only(login_verified, done):
    for role in ("policy", "board", "admin"):
        html = login_verified(done[role]).get(_detail(done["round"])).content.decode()
        assert 'id="fairness"' in html and 'id="suggestions"' not in html
        assert "&lt;5" in html  # the tiny round's groups are all small
        for s in done["round"].suggestions.select_related("candidate"):
            assert pseudonym("kandidaat", s.candidate.uuid) not in html
    assert not AccessLogEntry.objects.filter(action=AccessAction.SEARCH).exists()


def test_another_regions_round_is_404(login_verified, done):
    assert login_verified(done["consultant_c"]).get(_detail(done["round"])).status_code == 404  # AM17 active
    other = MatchRound.objects.create(
        region=done["other_region"], on=done["round"].on, status=RoundStatus.DONE
    )
    assert login_verified(done["manager"]).get(_detail(other)).status_code == 404


def test_accepting_on_the_page(login_verified, done):
    from werkbedrijf.proposals.models import Proposal

    suggestion = done["round"].suggestions.order_by("id").first()
    client = login_verified(done["manager"])
    response = client.post(
        _detail(done["round"], "?pagina=1"),
        {"suggestie": suggestion.uuid, "actie": "accepteren", "toelichting": "Goede match"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?pagina=1#suggestions")
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.ACCEPTED
    assert Proposal.objects.get(uuid=suggestion.proposal_uuid).source == "round"


def test_a_double_booking_asks_for_a_reason_and_keeps_the_note(login_verified, done):
    from werkbedrijf.proposals.services import proposal_create

    suggestion = done["round"].suggestions.exclude(vacancy=done["windows"]).order_by("id").first()
    candidate = suggestion.candidate
    elsewhere = _vacancy(done, "Elders", done["cleaner"], pc4="1012", hours=candidate.hours_per_week)
    proposal_create(user=done["manager"], region=done["region"], candidate=candidate, vacancy=elsewhere)
    client = login_verified(done["manager"])
    data = {"suggestie": suggestion.uuid, "actie": "accepteren", "toelichting": "Mijn notitie"}
    response = client.post(_detail(done["round"]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'name="reden_dubbel"' in html and "Mijn notitie" in html
    assert _nl("Propose anyway") in html
    response = client.post(_detail(done["round"]), {**data, "reden_dubbel": "Twee korte contracten"})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.ACCEPTED


def test_rejecting_needs_a_reason_on_the_page(login_verified, done):
    suggestion = done["round"].suggestions.order_by("id").first()
    client = login_verified(done["manager"])
    response = client.post(
        _detail(done["round"]), {"suggestie": suggestion.uuid, "actie": "afwijzen", "reden": ""}
    )
    assert response.status_code == 400
    assert _nl("Say briefly why this suggestion is not followed.") in response.content.decode()
    response = client.post(
        _detail(done["round"]), {"suggestie": suggestion.uuid, "actie": "afwijzen", "reden": "Te ver"}
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.REJECTED
    html = client.get(_detail(done["round"])).content.decode()
    assert "Te ver" in html


def test_a_consultant_cannot_decide_for_another_organisation(login_verified, done):
    other = done["round"].suggestions.exclude(candidate__responsible_organisation=done["org_a"]).first()
    response = login_verified(done["consultant_a"]).post(
        _detail(done["round"]), {"suggestie": other.uuid, "actie": "afwijzen", "reden": "Nee"}
    )
    assert response.status_code == 403
    response = login_verified(done["policy"]).post(
        _detail(done["round"]), {"suggestie": other.uuid, "actie": "afwijzen", "reden": "Nee"}
    )
    assert response.status_code == 404  # the policy adviser sees no suggestion at all


def test_suggestions_are_paginated_and_filtered(done):
    first = rounds.round_suggestions(
        user=done["manager"], region=done["region"], match_round=done["round"], per_page=2
    )
    assert first.page.paginator.num_pages == 2 and first.total == done["round"].suggestions_count
    assert sum(len(g.rows) for g in first.groups) == 2
    second = rounds.round_suggestions(
        user=done["manager"], region=done["region"], match_round=done["round"], per_page=2, page_number=2
    )
    seen = {r.suggestion.pk for g in first.groups + second.groups for r in g.rows}
    assert seen == set(done["round"].suggestions.values_list("pk", flat=True))
    only_rejected = rounds.round_suggestions(
        user=done["manager"], region=done["region"], match_round=done["round"], state=SuggestionState.REJECTED
    )
    assert only_rejected.groups == [] and only_rejected.total == done["round"].suggestions_count
