"""Proposal rounds: the stored round is optimal (brute force over every assignment of a tiny region), each
candidate at most once, N positions, declined pairs and active processes left out, one active round per
region, the Celery task with its stages, accepting and rejecting (double booking included), the fairness
figures and the command."""

import csv
import itertools
import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.candidates.models import Candidate, Gender, TargetGroup
from werkbedrijf.employers.models import EmployerLocation
from werkbedrijf.matching import engine, rounds
from werkbedrijf.matching.facts import candidate_pool, job_facts
from werkbedrijf.matching.models import (
    MatchRound,
    PriorityEffect,
    PriorityRule,
    RoundError,
    RoundStage,
    RoundStatus,
    RoundSuggestion,
    SuggestionState,
)
from werkbedrijf.matching.selectors import weights_in_force
from werkbedrijf.regions.models import PostcodeArea
from werkbedrijf.vacancies.models import Vacancy, VacancyDemand, VacancyKind, VacancyStatus


def _vacancy(world, title, occupation, *, pc4, hours, positions=1, kind=VacancyKind.REGULAR):
    location = EmployerLocation.objects.create(
        employer=world["employer"],
        name=f"Vestiging {title}",
        postcode=f"{pc4} AA",
        postcode_area=PostcodeArea.objects.get(pc4=pc4),
        municipality=world["org_a"].municipality,
    )
    return Vacancy.objects.create(
        employer=world["employer"],
        region=world["region"],
        location=location,
        title=title,
        occupation=occupation,
        tasks="Werk",
        hours_per_week=Decimal(hours),
        number_of_positions=positions,
        kind=kind,
        status=VacancyStatus.OPEN,
        start_date=date(2020, 1, 1),
        created_by=world["manager"],
    )


@pytest.fixture
def tiny(world):
    """Three open vacancies (4 positions) and six candidates with different fits; one first-tier rule."""
    add = world["add_candidate"]
    world["vacancy"].number_of_positions = 2  # cleaner, 24 h, 6 km north, physical environment ≤ 3
    world["vacancy"].save()
    kitchen = _vacancy(world, "Keukenhulp", world["kitchen_help"], pc4="1111", hours=20)
    windows = _vacancy(world, "Glazenwasser", world["window_cleaner"], pc4="1012", hours=32)
    VacancyDemand.objects.create(vacancy=windows, rubric="physical_environment", level=4)
    people = {
        "anna": add(first_name="Anna", hours_per_week=32, registered_from=date(2022, 1, 1)),
        "bram": add(
            first_name="Bram",
            postcode="1021 AB",
            hours_per_week=24,
            max_travel_km=10,
            occupations=(world["kitchen_help"],),
            gender=Gender.MALE,
            date_of_birth=date(1960, 3, 1),
        ),
        "cor": add(
            world["org_b"],
            first_name="Cor",
            postcode="1111 AB",
            hours_per_week=40,
            own_transport="car",
            max_travel_km=None,
            target_group=TargetGroup.WAJONG,
            occupations=(world["window_cleaner"],),
            gender=Gender.FEMALE,
        ),
        "dirk": add(
            first_name="Dirk", hours_per_week=20, occupations=(world["cleaner"], world["kitchen_help"])
        ),
        "eva": add(
            world["org_b"],
            first_name="Eva",
            occupations=(world["kitchen_help"],),
            abilities={"physical_environment": 4},
            gender=Gender.FEMALE,
        ),
        "stale": add(first_name="Oud", last_confirmed_at=None),
    }
    people = {name: Candidate.objects.get(pk=c.pk) for name, c in people.items()}  # with shared_in_region
    PriorityRule.objects.create(
        region=world["region"],
        code="wajong-eerst",
        number=1,
        name="Wajong eerst",
        valid_from=date(2020, 1, 1),
        target_groups=[TargetGroup.WAJONG],
        effect=PriorityEffect.FIRST_TIER,
        created_by=world["admin"],
    )
    return {**world, "kitchen": kitchen, "windows": windows, "people": people}


def brute_force(region, on) -> tuple[int, int, int]:
    """The best (first-tier, points, suggestions) over every assignment, scoring with the engine directly."""
    weights = weights_in_force(region=region, on=on)
    rules = [r.as_rule() for r in PriorityRule.objects.filter(region=region)]
    pool = [m.facts for m in candidate_pool(Candidate.objects.filter(region=region))]
    jobs = [f for _v, f in job_facts(Vacancy.objects.filter(region=region, status=VacancyStatus.OPEN))]
    options = []
    for person in pool:
        mine = [None]
        for job in jobs:
            if not engine.hard_constraints(person, job, on):
                result = engine.score(person, job, weights, rules, on)
                mine.append((job.key, result.points, result.tier))
        options.append(mine)
    best = (0, 0, 0)
    for choice in itertools.product(*options):
        used = [c[0] for c in choice if c is not None]
        if any(used.count(job.key) > job.positions for job in jobs):
            continue
        picked = [c for c in choice if c is not None]
        best = max(best, (sum(c[2] for c in picked), sum(c[1] for c in picked), len(picked)))
    return best


def _run(world, **kwargs) -> MatchRound:
    match_round = rounds.round_start(user=world["manager"], region=world["region"], enqueue=False, **kwargs)
    rounds.round_run(match_round.uuid)
    match_round.refresh_from_db()
    return match_round


def test_the_stored_round_is_the_brute_force_optimum(tiny):
    match_round = _run(tiny)
    assert match_round.status == RoundStatus.DONE and match_round.stage == RoundStage.DONE
    suggestions = list(match_round.suggestions.all())
    stored = (sum(s.tier for s in suggestions), sum(s.points for s in suggestions), len(suggestions))
    assert stored == brute_force(tiny["region"], match_round.on)
    assert (match_round.first_tier, match_round.objective, match_round.suggestions_count) == stored
    assert match_round.first_tier == 1  # Cor (Wajong) is suggested in the first tier
    assert {s.candidate for s in suggestions if s.tier} == {tiny["people"]["cor"]}
    people = tiny["people"]
    assert people["stale"].pk not in {s.candidate_id for s in suggestions}
    assert match_round.candidates_considered == 5  # the stale profile is not in the pool
    assert match_round.positions == 4 and match_round.vacancies == 3


def test_each_candidate_once_and_no_vacancy_beyond_its_positions(tiny):
    for n in range(4):
        tiny["add_candidate"](first_name=f"Extra{n}")  # more candidates than positions
    match_round = _run(tiny)
    suggestions = list(match_round.suggestions.all())
    candidates = [s.candidate_id for s in suggestions]
    assert len(candidates) == len(set(candidates))
    per_vacancy = {v.pk: v.number_of_positions for v in (tiny["vacancy"], tiny["kitchen"], tiny["windows"])}
    for vacancy_pk, positions in per_vacancy.items():
        assert sum(1 for s in suggestions if s.vacancy_id == vacancy_pk) <= positions
    assert sum(1 for s in suggestions if s.vacancy_id == tiny["vacancy"].pk) == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        RoundSuggestion.objects.create(
            round=match_round, candidate_id=candidates[0], vacancy=tiny["windows"], points=1
        )


def test_the_round_is_the_brute_force_optimum_against_other_regions_and_left_candidates(tiny):
    tiny["add_candidate"](tiny["org_c"], first_name="Elders")  # another region
    tiny["add_candidate"](first_name="Weg", status="left")
    match_round = _run(tiny)
    suggestions = list(match_round.suggestions.all())
    assert (match_round.first_tier, match_round.objective, len(suggestions)) == brute_force(
        tiny["region"], match_round.on
    )
    assert all(s.candidate.region_id == tiny["region"].pk for s in suggestions)


@pytest.fixture
def proposal_state(monkeypatch):
    """What the proposals app tells the round, set per test (the real selectors are tested below too)."""
    state = rounds.ProposalFacts(declined=set(), commitments={}, taken={})
    monkeypatch.setattr(rounds, "proposal_facts", lambda *, region: state)
    return state


def test_declined_pairs_are_not_suggested_again(tiny, proposal_state):
    first = _run(tiny)
    pairs = {(str(s.candidate.uuid), str(s.vacancy.uuid)) for s in first.suggestions.all()}
    proposal_state.declined.update(pairs)
    second = _run(tiny)
    again = {(str(s.candidate.uuid), str(s.vacancy.uuid)) for s in second.suggestions.all()}
    assert not again & pairs
    assert second.declined_pairs_skipped == len(pairs)


def test_candidates_in_an_active_process_are_left_out(tiny, proposal_state):
    cor = tiny["people"]["cor"]
    proposal_state.commitments[str(cor.uuid)] = Decimal("8")
    match_round = _run(tiny)
    assert cor.pk not in set(match_round.suggestions.values_list("candidate_id", flat=True))
    assert match_round.candidates_in_process == 1 and match_round.candidates_considered == 4
    assert match_round.pool_groups["total"] == 4


def test_open_positions_are_the_positions_less_those_taken(tiny, proposal_state):
    proposal_state.taken[str(tiny["vacancy"].uuid)] = 1
    proposal_state.taken[str(tiny["windows"].uuid)] = 3  # more than it has: none open, never negative
    match_round = _run(tiny)
    assert match_round.positions == 2 and match_round.vacancies == 2
    suggested = list(match_round.suggestions.values_list("vacancy_id", flat=True))
    assert suggested.count(tiny["vacancy"].pk) == 1 and tiny["windows"].pk not in suggested


def test_the_real_proposals_app_feeds_the_round(tiny):
    """Declined, active and hired proposals from proposals.services, as the round reads them."""
    from werkbedrijf.proposals.models import Proposal
    from werkbedrijf.proposals.services import proposal_create, proposal_transition

    people, manager, region = tiny["people"], tiny["manager"], tiny["region"]
    declined = proposal_create(user=manager, region=region, candidate=people["anna"], vacancy=tiny["vacancy"])
    proposal_transition(
        user=manager,
        region=region,
        proposal=declined,
        to_state="declined",
        declined_by="candidate",
        reason="other",
        note="Andere plannen",
    )
    proposal_create(user=manager, region=region, candidate=people["bram"], vacancy=tiny["kitchen"])
    match_round = _run(tiny)
    pairs = set(match_round.suggestions.values_list("candidate_id", "vacancy_id"))
    assert (people["anna"].pk, tiny["vacancy"].pk) not in pairs
    assert people["bram"].pk not in {c for c, _v in pairs}
    assert match_round.candidates_in_process == 1
    assert match_round.positions == 3  # the kitchen's one position is in a process
    assert Proposal.objects.count() == 2


def test_one_active_round_per_region(tiny):
    first = rounds.round_start(user=tiny["manager"], region=tiny["region"], enqueue=False)
    with pytest.raises(ValidationError) as caught:
        rounds.round_start(user=tiny["admin"], region=tiny["region"], enqueue=False)
    assert caught.value.code == "round_active"
    with pytest.raises(IntegrityError), transaction.atomic():  # also when the check is raced past
        MatchRound.objects.create(region=tiny["region"], on=first.on, status=RoundStatus.RUNNING)
    other = rounds.round_start(user=None, region=tiny["other_region"], enqueue=False)
    assert other.status == RoundStatus.QUEUED  # other regions are independent
    rounds.round_run(first.uuid)
    assert rounds.round_start(user=tiny["manager"], region=tiny["region"], enqueue=False).is_active


@pytest.mark.django_db(transaction=True)
def test_two_starts_at_the_same_moment_give_one_round(tiny):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads share SQLite in memory through one cache, where a second writer fails at once")
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def start(i, user):
        try:
            barrier.wait(timeout=10)
            results[i] = rounds.round_start(user=user, region=tiny["region"], enqueue=False)
        except Exception as exc:  # noqa: BLE001 - handed back to the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start, args=(i, tiny[u])) for i, u in enumerate(("manager", "admin"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(isinstance(r, MatchRound) for r in results) == 1, results
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1 and refused[0].code == "round_active", results
    assert MatchRound.objects.filter(region=tiny["region"]).count() == 1


def test_a_round_whose_worker_vanished_is_failed_at_the_next_start(tiny):
    stuck = rounds.round_start(user=tiny["manager"], region=tiny["region"], enqueue=False)
    MatchRound.objects.filter(pk=stuck.pk).update(
        status=RoundStatus.RUNNING, created_at=timezone.now() - rounds.STALE_ROUND_AGE - timedelta(minutes=1)
    )
    fresh = rounds.round_start(user=tiny["manager"], region=tiny["region"], enqueue=False)
    stuck.refresh_from_db()
    assert stuck.status == RoundStatus.FAILED and stuck.error == RoundError.STALE
    assert fresh.is_active
    # The old worker finishing late stores nothing.
    assert rounds.round_run(stuck.uuid) is None and not stuck.suggestions.exists()


def test_the_task_runs_the_round_after_commit_with_its_stages(
    tiny, django_capture_on_commit_callbacks, monkeypatch
):
    seen = []
    real = rounds._set_progress

    def spy(round_pk, stage, percent, progress):
        real(round_pk, stage, percent, progress)
        seen.append(MatchRound.objects.values_list("stage", "progress").get(pk=round_pk))

    monkeypatch.setattr(rounds, "_set_progress", spy)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        match_round = rounds.round_start(user=tiny["manager"], region=tiny["region"])
        assert MatchRound.objects.get(pk=match_round.pk).status == RoundStatus.QUEUED
    assert len(callbacks) == 1  # the task, queued on commit (in-process here: no broker in the tests)
    match_round.refresh_from_db()
    assert match_round.status == RoundStatus.DONE and match_round.progress == 100
    stages = [stage for stage, _percent in seen]
    assert stages[0] == RoundStage.LOADING and stages[-1] == RoundStage.SAVING
    assert list(dict.fromkeys(stages)) == ["loading", "scoring", "solving", "saving"]
    assert [p for _s, p in seen] == sorted(p for _s, p in seen)
    entry = AccessLogEntry.objects.filter(object_type="match_round", action=AccessAction.CREATE).get()
    assert entry.actor == tiny["manager"] and entry.object_uuid == match_round.uuid


PERSONAL = "Anna Jansen 123456782"


def test_a_failing_round_is_marked_failed_without_personal_data(tiny, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError(PERSONAL)  # a message that could hold personal data

    monkeypatch.setattr(rounds, "solve", broken)
    match_round = _run(tiny)
    assert match_round.status == RoundStatus.FAILED and match_round.error == RoundError.UNEXPECTED
    assert not match_round.suggestions.exists()
    assert "RuntimeError" in caplog.text and "Anna" not in caplog.text
    assert rounds.round_start(user=tiny["manager"], region=tiny["region"], enqueue=False).is_active


def test_who_may_start_a_round(tiny):
    for role in ("consultant_a", "policy", "board", "employer_user"):
        with pytest.raises(PermissionDenied):
            rounds.round_start(user=tiny[role], region=tiny["region"], enqueue=False)
    assert (
        rounds.round_start(user=tiny["admin"], region=tiny["region"], enqueue=False).started_by
        == tiny["admin"]
    )


def test_bad_input_to_start(tiny):
    with pytest.raises(ValidationError) as caught:
        rounds.round_start(
            user=tiny["manager"], region=tiny["region"], on=date(2000, 1, 1), top_k=0, enqueue=False
        )
    assert set(caught.value.message_dict) == {"on", "top_k"}


def test_top_k_keeps_the_best_pairs_per_position(tiny):
    full = _run(tiny)
    pruned = _run(tiny, top_k=1)
    assert pruned.eligible_edges < full.eligible_edges
    assert pruned.eligible_edges <= pruned.positions
    assert pruned.objective <= full.objective


# --- accepting and rejecting --------------------------------------------------------------------------------


@pytest.fixture
def done(tiny):
    return {**tiny, "round": _run(tiny)}


def _suggestion_of(done, name) -> RoundSuggestion:
    return done["round"].suggestions.get(candidate=done["people"][name])


def test_accepting_makes_a_proposal_from_the_round(done):
    from werkbedrijf.proposals.models import Proposal

    suggestion = done["round"].suggestions.order_by("id").first()
    accepted = rounds.suggestion_accept(
        user=done["manager"], region=done["region"], suggestion=suggestion, note="Past goed"
    )
    proposal = Proposal.objects.get(uuid=accepted.proposal_uuid)
    assert (proposal.candidate_id, proposal.vacancy_id) == (suggestion.candidate_id, suggestion.vacancy_id)
    assert (proposal.source, proposal.points, proposal.tier) == ("round", suggestion.points, suggestion.tier)
    assert proposal.weights_version == done["round"].weights_version
    assert accepted.state == SuggestionState.ACCEPTED and accepted.decided_by == done["manager"]
    with pytest.raises(ValidationError) as caught:
        rounds.suggestion_accept(user=done["manager"], region=done["region"], suggestion=suggestion)
    assert caught.value.code == "decided"
    assert AccessLogEntry.objects.filter(object_type="round_suggestion", object_uuid=suggestion.uuid).exists()


def test_accepting_a_double_booking_needs_a_reason(done):
    from werkbedrijf.proposals.models import Proposal
    from werkbedrijf.proposals.services import proposal_create

    suggestion = done["round"].suggestions.exclude(vacancy=done["windows"]).order_by("id").first()
    candidate = suggestion.candidate
    elsewhere = _vacancy(done, "Elders", done["cleaner"], pc4="1012", hours=candidate.hours_per_week)
    proposal_create(user=done["manager"], region=done["region"], candidate=candidate, vacancy=elsewhere)
    with pytest.raises(ValidationError) as caught:
        rounds.suggestion_accept(user=done["manager"], region=done["region"], suggestion=suggestion)
    assert caught.value.code == "double_booking"
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.OPEN and Proposal.objects.count() == 1
    rounds.suggestion_accept(
        user=done["manager"], region=done["region"], suggestion=suggestion, override_reason="Korte klus"
    )
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.ACCEPTED
    assert Proposal.objects.get(uuid=suggestion.proposal_uuid).override_reason == "Korte klus"


def test_rejecting_needs_a_reason_and_makes_no_proposal(done):
    from werkbedrijf.proposals.models import Proposal

    suggestion = done["round"].suggestions.order_by("id").first()
    with pytest.raises(ValidationError) as caught:
        rounds.suggestion_reject(
            user=done["manager"], region=done["region"], suggestion=suggestion, reason=" "
        )
    assert "reason" in caught.value.message_dict
    rounds.suggestion_reject(
        user=done["manager"], region=done["region"], suggestion=suggestion, reason="Werkgever wil ervaring"
    )
    suggestion.refresh_from_db()
    assert (
        suggestion.state == SuggestionState.REJECTED and suggestion.reject_reason == "Werkgever wil ervaring"
    )
    assert not Proposal.objects.exists()


def test_who_may_decide_a_suggestion(done):
    own = _suggestion_of(done, "anna")  # org A
    other = _suggestion_of(done, "cor")  # org B
    for role in ("policy", "board", "admin", "employer_user"):
        with pytest.raises(PermissionDenied):
            rounds.suggestion_reject(user=done[role], region=done["region"], suggestion=own, reason="x")
    with pytest.raises(PermissionDenied):
        rounds.suggestion_reject(
            user=done["consultant_a"], region=done["region"], suggestion=other, reason="x"
        )
    rounds.suggestion_reject(user=done["consultant_a"], region=done["region"], suggestion=own, reason="x")
    rounds.suggestion_reject(user=done["manager"], region=done["region"], suggestion=other, reason="x")


# --- the fairness report ------------------------------------------------------------------------------------


@pytest.fixture
def fair(world):
    """A hand-built round: 40 in the pool (Amsterdam 30, Diemen 10), 10 suggestions (Amsterdam 8, Diemen 2),
    of which 4 decided (Amsterdam 3 accepted 2, Diemen 1 accepted 0)."""
    region = world["region"]
    amsterdam, diemen = world["org_a"].municipality, world["org_b"].municipality
    match_round = MatchRound.objects.create(
        region=region,
        on=date(2026, 1, 1),
        status=RoundStatus.DONE,
        pool_groups={
            "total": 40,
            "municipality": {amsterdam.code: 30, diemen.code: 10},
            "target_group": {"participation_act": 37, "wajong": 3},
            "age_band": {"25–34": 40},
            "gender": {"female": 20, "male": 17, "": 3},
        },
    )
    add, now = world["add_candidate"], timezone.now()
    layout = [(amsterdam, "accepted")] * 2 + [(amsterdam, "rejected")] + [(amsterdam, "open")] * 5
    layout += [(diemen, "rejected"), (diemen, "open")]
    for i, (municipality, state) in enumerate(layout):
        candidate = add(world["org_a"] if municipality == amsterdam else world["org_b"], first_name=f"F{i}")
        RoundSuggestion.objects.create(
            round=match_round,
            candidate=candidate,
            vacancy=world["vacancy"],
            points=10,
            state=state,
            decided_at=None if state == "open" else now,
            proposal_uuid=candidate.uuid if state == "accepted" else None,
            reject_reason="nee" if state == "rejected" else "",
            group_municipality=municipality.code,
            group_target_group="wajong" if i == 0 else "participation_act",
            group_age_band="25–34",
            group_gender="female" if i % 2 else "male",
        )
    return {**world, "round": match_round, "amsterdam": amsterdam, "diemen": diemen}


def _table(report, dimension):
    return {row.code: row for row in next(t for t in report.tables if t.dimension == dimension).rows}


def test_fairness_figures_on_a_hand_built_round(fair):
    report = rounds.fairness_report(user=fair["manager"], region=fair["region"], match_round=fair["round"])
    assert not report.suppressed
    assert (report.pool_total.value, report.suggested_total.value) == (40, 10)
    assert (report.decided_total.value, report.accepted_total.value) == (4, 2)
    assert report.per_100.value == pytest.approx(25.0)
    rows = _table(report, "municipality")
    a, d = rows[fair["amsterdam"].code], rows[fair["diemen"].code]
    assert a.label == "Amsterdam" and d.label == "Diemen"
    assert (a.pool.value, a.pool_share.value, a.suggested.value, a.suggested_share.value) == (
        30,
        75.0,
        8,
        80.0,
    )
    assert a.per_100.value == pytest.approx(100 * 8 / 30)
    assert a.ratio.value == pytest.approx(80 / 75)
    assert (a.accepted.value, a.decided.value) == (2, 3) and a.acceptance.value == pytest.approx(200 / 3)
    assert (d.pool.value, d.suggested.value, d.per_100.value, d.ratio.value) == (10, 2, 20.0, 0.8)
    assert (d.accepted.value, d.decided.value, d.acceptance.value) == (0, 1, 0.0)
    gender = _table(report, "gender")
    assert list(gender) == ["female", "male", ""]  # in the order of the choices
    assert gender[""].suggested.value == 0 and gender[""].per_100.value == 0.0
    assert _table(report, "target_group")["wajong"].per_100.value == pytest.approx(100 / 3)


def test_fairness_hides_small_cells_and_rounds_for_aggregate_roles(fair):
    report = rounds.fairness_report(user=fair["policy"], region=fair["region"], match_round=fair["round"])
    assert report.suppressed
    assert report.decided_total.hidden and report.per_100.value == pytest.approx(25.0)
    rows = _table(report, "municipality")
    a, d = rows[fair["amsterdam"].code], rows[fair["diemen"].code]
    assert (a.pool.value, a.suggested.value) == (30, 10)  # 8 rounded to the nearest 5
    assert d.suggested.hidden and d.per_100.hidden and d.ratio.hidden and d.acceptance.hidden
    assert d.pool.value == 10 and not d.pool.hidden
    wajong = _table(report, "target_group")["wajong"]
    assert wajong.pool.hidden and wajong.pool_share.hidden and wajong.suggested.hidden
    assert _table(report, "target_group")["participation_act"].pool.value == 35  # 37 rounded


def test_fairness_is_for_staff_of_the_region_only(fair):
    for role in ("employer_user", "consultant_c"):
        with pytest.raises(PermissionDenied):
            rounds.fairness_report(user=fair[role], region=fair["region"], match_round=fair["round"])


# --- the command --------------------------------------------------------------------------------------------


def test_the_dry_run_exports_every_scored_pair_and_stores_nothing(tiny, tmp_path, capsys):
    path = tmp_path / "ronde.csv"
    call_command("match_round", "--region", "am18", "--dry-run", "--export", str(path))
    assert not MatchRound.objects.exists()
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and set(rows[0]) == {"candidate_uuid", "vacancy_uuid", "points", "tier", "chosen"}
    chosen = [r for r in rows if r["chosen"] == "1"]
    # The file is enough to check the result: the chosen rows are the brute-force optimum of its edges.
    assert (sum(int(r["tier"]) for r in chosen), sum(int(r["points"]) for r in chosen), len(chosen)) == (
        brute_force(tiny["region"], timezone.localdate())
    )
    assert len({r["candidate_uuid"] for r in chosen}) == len(chosen)
    pool = {str(c.uuid) for c in Candidate.objects.filter(region=tiny["region"])} - {
        str(tiny["people"]["stale"].uuid)
    }
    assert {r["candidate_uuid"] for r in rows} <= pool
    out = capsys.readouterr().out
    assert "suggesties" in out and "totaal punten" in out and f"{len(rows)} paren" in out
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORT)
    assert entry.actor is None and entry.actor_username == "system" and entry.region_code == "AM18"
    assert "proefrun" in entry.context


def test_the_command_stores_a_round_as_a_user(tiny, tmp_path, capsys):
    path = tmp_path / "ronde.csv"
    call_command("match_round", "--region", "AM18", "--user", tiny["manager"].username, "--export", str(path))
    match_round = MatchRound.objects.get()
    assert match_round.status == RoundStatus.DONE and match_round.started_by == tiny["manager"]
    with path.open(encoding="utf-8") as f:
        chosen = {(r["candidate_uuid"], r["vacancy_uuid"]) for r in csv.DictReader(f) if r["chosen"] == "1"}
    stored = {(str(s.candidate.uuid), str(s.vacancy.uuid)) for s in match_round.suggestions.all()}
    assert chosen == stored
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORT)
    assert entry.actor == tiny["manager"] and entry.object_uuid == match_round.uuid
    assert str(match_round.uuid) in capsys.readouterr().out


def test_the_command_as_a_system_run(tiny):
    call_command("match_round", "--region", "AM18", "--top-k", "3")
    match_round = MatchRound.objects.get()
    assert (
        match_round.started_by is None and match_round.top_k == 3 and match_round.status == RoundStatus.DONE
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "AM99"], "Onbekende regio"),
        (["--region", "AM18", "--on", "2026-02-30"], "geen geldige datum"),
        (["--region", "AM18", "--top-k", "0"], "minstens 1"),
        (
            ["--region", "AM18", "--export", "/nonexistent/dir/ronde.csv"],
            "Kan het exportbestand niet schrijven",
        ),
        (["--region", "AM18", "--user", "niemand"], "Onbekende of inactieve gebruiker"),
        (["--all-regions", "--dry-run"], "alleen samen met --region"),
    ],
)
def test_the_command_refuses_bad_input_clearly(tiny, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("match_round", *args)
    assert not MatchRound.objects.exists()


def test_the_command_refuses_a_user_who_may_not_start(tiny):
    with pytest.raises(CommandError, match="mag geen matchronde starten"):
        call_command("match_round", "--region", "AM18", "--user", tiny["consultant_a"].username, "--dry-run")


def test_all_regions_queues_one_task_per_region_with_open_vacancies(
    tiny, django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("match_round", "--all-regions")
    assert len(callbacks) == 2  # AM18 and AM17 (its foreign vacancy is open), one task each
    assert set(MatchRound.objects.values_list("region__code", "status")) == {
        ("AM18", RoundStatus.DONE),
        ("AM17", RoundStatus.DONE),
    }
    assert "2 matchronde(s) gestart" in capsys.readouterr().out
