"""The proposal pages per role: list, detail with its step forms, proposing from the match lists (with the
double-booking confirmation), the decline report, and the sections on the vacancy and candidate pages."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.proposals.models import Proposal
from werkbedrijf.proposals.states import DeclinedBy, DeclineReason, ProposalState

from .conftest import move, propose

S = ProposalState
LIST = reverse("proposals:list")
CREATE = reverse("proposals:create")
REPORT = reverse("proposals:report")


def _detail(proposal):
    return reverse("proposals:detail", args=[proposal.uuid])


def _step(proposal):
    return reverse("proposals:transition", args=[proposal.uuid])


def dutch(text):
    with translation.override("nl"):
        return gettext(text)


def test_navigation_flag_per_role(w, login_verified):
    for user, expected in (
        (w.consultant_a, True),
        (w.officer_a, True),
        (w.manager, True),
        (w.policy, True),
        (w.board, True),
        (w.admin, False),
        (w.auditor, False),
    ):
        client = login_verified(user)
        assert client.get("/").context["can_list_proposals"] is expected, user.username
        client.logout()


def test_list_empty_state_and_who_may_see_it(w, login_verified):
    response = login_verified(w.manager).get(LIST)
    assert response.status_code == 200 and response.context["rows"] == []
    assert dutch("Go to the vacancies.") in response.text
    for user in (w.policy, w.board):
        assert login_verified(user).get(LIST).url == REPORT
    for user in (w.admin, w.auditor, w.employer_user):
        assert login_verified(user).get(LIST).status_code == 403


def test_list_pseudonymises_filters_and_logs(w, login_verified):
    own = propose(w, w.own, w.vacancy)
    shared = propose(w, w.shared, w.windows)
    move(w, shared, S.WITHDRAWN, note="Niet meer beschikbaar")
    client = login_verified(w.consultant_a)
    response = client.get(LIST)
    assert response.status_code == 200
    assert w.own.full_name in response.text
    assert w.shared.last_name not in response.text and w.shared.bsn not in response.text
    assert pseudonym("kandidaat", w.shared.uuid) in response.text
    entry = AccessLogEntry.objects.filter(
        action=AccessAction.SEARCH, context="Voordrachten bekeken (interface)"
    )
    assert entry.get().subject_uuids == [str(w.own.uuid)]
    assert [r.proposal for r in client.get(LIST, {"status": "actief"}).context["rows"]] == [own]
    assert [r.proposal for r in client.get(LIST, {"status": "withdrawn"}).context["rows"]] == [shared]
    assert [r.proposal for r in client.get(LIST, {"vacature": str(w.windows.uuid)}).context["rows"]] == [
        shared
    ]
    response = client.get(LIST, {"status": "hired"})
    assert response.context["rows"] == [] and dutch("No proposals match these filters.") in response.text


def test_detail_per_role(w, login_verified):
    proposal = propose(w, w.own, w.vacancy, note="Sterk in schoonmaak")
    response = login_verified(w.consultant_a).get(_detail(proposal))
    assert response.status_code == 200 and w.own.full_name in response.text
    assert "Sterk in schoonmaak" in response.text
    assert {f.step.key for _label, f in response.context["step_forms"]} == {
        "declined:candidate",
        "withdrawn",
    }
    assert AccessLogEntry.objects.filter(
        action=AccessAction.READ, object_uuid=w.own.uuid, context="Voordracht bekeken (interface)"
    ).exists()

    response = login_verified(w.consultant_b).get(_detail(proposal))
    assert response.status_code == 200 and w.own.last_name not in response.text
    assert "Sterk in schoonmaak" not in response.text and response.context["step_forms"] == []

    response = login_verified(w.manager).get(_detail(proposal))
    assert "Sterk in schoonmaak" in response.text and w.own.last_name not in response.text
    assert "sent_to_employer" in {f.step.key for _label, f in response.context["step_forms"]}

    for user in (w.consultant_c, w.policy, w.employer_user):
        assert login_verified(user).get(_detail(proposal)).status_code == 404


def test_steps_through_the_page_with_errors_kept(w, login_verified):
    proposal = propose(w, w.own, w.vacancy)
    client = login_verified(w.manager)
    response = client.post(
        _step(proposal), {"step": "sent_to_employer", "sent_to_employer-to_state": "sent_to_employer"}
    )
    assert response.status_code == 302 and response.url == _detail(proposal)
    proposal.refresh_from_db()
    assert proposal.state == S.SENT_TO_EMPLOYER

    data = {
        "step": "declined:employer",
        "declined-employer-to_state": "declined",
        "declined-employer-declined_by": "employer",
        "declined-employer-reason": "other",
        "declined-employer-note": "",
    }
    response = client.post(_step(proposal), data)
    assert response.status_code == 400
    form = next(f for _label, f in response.context["step_forms"] if f.step.key == "declined:employer")
    assert "note" in form.errors and form["reason"].value() == "other"
    proposal.refresh_from_db()
    assert proposal.state == S.SENT_TO_EMPLOYER

    data["declined-employer-note"] = "Zoekt iemand met rijbewijs"
    response = client.post(_step(proposal), data, follow=True)
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert (proposal.state, proposal.declined_by, proposal.decline_reason) == (
        S.DECLINED,
        "employer",
        "other",
    )
    assert dutch("The proposal is now “%(state)s”.") % {"state": dutch("Declined")} in response.text


def test_a_step_the_user_may_not_take(w, login_verified):
    proposal = propose(w, w.own, w.vacancy)
    # The consultant takes the candidate's side but not the employer's: the step is not offered.
    response = login_verified(w.consultant_a).post(
        _step(proposal), {"step": "sent_to_employer", "sent_to_employer-to_state": "sent_to_employer"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == S.PROPOSED
    # Another partner's consultant takes no side at all.
    response = login_verified(w.consultant_b).post(
        _step(proposal), {"step": "withdrawn", "withdrawn-to_state": "withdrawn", "withdrawn-note": "x"}
    )
    assert response.status_code == 403
    assert login_verified(w.consultant_a).get(_step(proposal)).status_code == 405


def _propose_data(candidate, vacancy, **extra):
    return {"candidate": str(candidate.uuid), "vacancy": str(vacancy.uuid), **extra}


def test_propose_from_the_match_list(w, login_verified):
    client = login_verified(w.consultant_a)
    response = client.post(
        CREATE, _propose_data(w.own, w.vacancy, points="64", tier="0", weights_version="v2")
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == _detail(proposal)
    assert (proposal.points, proposal.tier, proposal.weights_version, proposal.created_by) == (
        64,
        0,
        "v2",
        w.consultant_a,
    )
    # Proposing the same pair again: refused, with the reason on the page.
    response = client.post(CREATE, _propose_data(w.own, w.vacancy))
    assert response.status_code == 400
    assert dutch("This candidate is already in an active process for this vacancy.") in response.text
    # Someone else's candidate, or nonsense: refused without creating anything.
    assert client.post(CREATE, _propose_data(w.shared, w.windows)).status_code == 400
    assert client.post(CREATE, {"candidate": "nope", "vacancy": str(w.windows.uuid)}).status_code == 400
    assert Proposal.objects.count() == 1
    assert client.get(CREATE).status_code == 405
    assert login_verified(w.policy).post(CREATE, _propose_data(w.own, w.windows)).status_code == 403


def test_double_booking_asks_for_a_reason_and_keeps_the_note(w, login_verified):
    propose(w, w.own, w.vacancy)
    client = login_verified(w.consultant_a)
    response = client.post(CREATE, _propose_data(w.own, w.windows, note="Kan ook op zaterdag"))
    assert response.status_code == 200 and response.context["confirming"]
    assert "Schoonmaker kantoren" in response.text
    assert dutch("The hours do not fit: double booking") in response.text
    assert 'name="confirm"' in response.text and "Kan ook op zaterdag" in response.text
    assert Proposal.objects.count() == 1

    # Confirmed without a reason: the error is next to the field, the note is kept.
    response = client.post(CREATE, _propose_data(w.own, w.windows, note="Kan ook op zaterdag", confirm="1"))
    assert response.status_code == 400 and "override_reason" in response.context["form"].errors
    assert "Kan ook op zaterdag" in response.text and Proposal.objects.count() == 1

    data = _propose_data(
        w.own, w.windows, note="Kan ook op zaterdag", confirm="1", override_reason="Flexibel"
    )
    response = client.post(CREATE, data)
    assert response.status_code == 302
    proposal = Proposal.objects.get(vacancy=w.windows)
    assert proposal.override_reason == "Flexibel" and proposal.events.get().note == "Kan ook op zaterdag"


def test_decline_report_page(w, login_verified):
    proposal = move(w, propose(w, w.own, w.vacancy), S.SENT_TO_EMPLOYER)
    from werkbedrijf.proposals import services

    services.proposal_transition(
        user=w.manager,
        region=w.region,
        proposal=proposal,
        to_state=S.DECLINED,
        declined_by=DeclinedBy.EMPLOYER,
        reason=DeclineReason.TRAVEL,
    )
    response = login_verified(w.manager).get(REPORT)
    assert response.status_code == 200 and response.context["report"].declined == 1
    response = login_verified(w.policy).get(REPORT)
    assert response.status_code == 200 and response.context["report"].suppressed
    assert "&lt;5" in response.text and w.own.last_name not in response.text
    response = login_verified(w.policy).get(REPORT, {"van": "2026-03-01", "tot": "2026-02-01"})
    assert response.status_code == 400 and "tot" in response.context["form"].errors
    for user in (w.admin, w.employer_user):
        assert login_verified(user).get(REPORT).status_code == 403


def test_sections_on_the_vacancy_and_candidate_pages(w, login_verified):
    vacancy_page = reverse("vacancies:detail", args=[w.vacancy.uuid])
    response = login_verified(w.manager).get(vacancy_page)
    assert dutch("No candidate has been proposed for this vacancy yet.") in response.text
    propose(w, w.own, w.vacancy)
    response = login_verified(w.manager).get(vacancy_page)
    assert pseudonym("kandidaat", w.own.uuid) in response.text and w.own.last_name not in response.text
    response = login_verified(w.consultant_a).get(vacancy_page)
    assert w.own.full_name in response.text
    response = login_verified(w.employer_user).get(vacancy_page)
    assert response.status_code == 200 and 'id="voordrachten"' not in response.text

    candidate_page = reverse("candidates:detail", args=[w.own.uuid])
    response = login_verified(w.consultant_a).get(candidate_page)
    assert "Schoonmaker kantoren" in response.text and 'id="voordrachten"' in response.text
    response = login_verified(w.manager).get(candidate_page)
    assert response.status_code == 200 and 'id="voordrachten"' in response.text


@pytest.mark.parametrize("per", ["vacancy", "candidate"])
def test_match_lists_offer_propose_and_then_show_proposed(w, login_verified, per):
    client = login_verified(w.consultant_a)
    page = (
        reverse("matching:vacancy", args=[w.vacancy.uuid])
        if per == "vacancy"
        else reverse("matching:candidate", args=[w.own.uuid])
    )
    response = client.get(page)
    assert response.status_code == 200
    assert f'value="{w.own.uuid}"' in response.text and 'name="points"' in response.text
    proposal = propose(w, w.own, w.vacancy)
    response = client.get(page)
    assert _detail(proposal) in response.text


def test_match_list_for_account_manager_offers_consenting_candidates_only(w, login_verified):
    response = login_verified(w.manager).get(reverse("matching:vacancy", args=[w.vacancy.uuid]))
    assert response.status_code == 200
    assert f'name="candidate" value="{w.shared.uuid}"' in response.text
    assert f'name="candidate" value="{w.own.uuid}"' in response.text  # shares the profile in the region
    assert f'value="{w.private.uuid}"' not in response.text
    response = login_verified(w.policy).get(reverse("matching:vacancy", args=[w.vacancy.uuid]))
    assert 'name="candidate"' not in response.text


def test_list_queries_do_not_grow_with_the_rows(w, login_verified):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count_queries(client):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    client = login_verified(w.consultant_a)
    for i in range(2):
        propose(w, w.add_candidate(w.org_a, last_name=f"Eerste{i}"), w.vacancy)
    few = count_queries(client)
    for i in range(8):
        candidate = w.add_candidate(w.org_b if i % 2 else w.org_a, last_name=f"Later{i}")
        propose(w, candidate, w.windows if i % 2 else w.small)
    assert count_queries(client) == few
