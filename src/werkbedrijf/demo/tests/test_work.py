"""The demo region's vacancies, job carving and labour pools (demo_region_build)."""

from collections import Counter
from datetime import date
from decimal import Decimal

from werkbedrijf.accounts.models import Organisation, OrganisationKind, User
from werkbedrijf.audit.models import AccessLogEntry
from werkbedrijf.candidates.models import Candidate, Consent, ConsentScope
from werkbedrijf.demo.jobs import employer_profile
from werkbedrijf.employers.models import Employer
from werkbedrijf.labour_pools.models import LabourPool, PoolKind, PoolMembership, Secondment
from werkbedrijf.regions.models import Sector
from werkbedrijf.vacancies.models import EmployerTask, Vacancy, VacancyStatus


def _work_state():
    return {
        "vacancies": sorted(
            Vacancy.objects.values_list("uuid", "employer__organisation__name", "title", "status", "kind")
        ),
        "demands": Counter(Vacancy.objects.values_list("demands__rubric", flat=True)),
        "history": sorted(
            Vacancy.objects.values_list("status_changes__uuid", flat=True).exclude(status_changes=None)
        ),
        "tasks": sorted(EmployerTask.objects.values_list("uuid", "name", "source_job")),
        "pools": sorted(LabourPool.objects.values_list("uuid", "name", "kind", "operator__name")),
        "members": sorted(
            PoolMembership.objects.values_list("uuid", "candidate__bsn", "started_on", "ended_on")
        ),
        "secondments": sorted(
            Secondment.objects.values_list("uuid", "employer_id", "started_on", "ended_on")
        ),
        "audit": AccessLogEntry.objects.count(),
    }


def test_running_twice_gives_the_same_vacancies_and_pools(build):
    first_result = build()
    first = _work_state()
    assert first["vacancies"] and first["tasks"] and first["members"] and first["secondments"]
    result = build()
    assert _work_state() == first
    assert (result.vacancies, result.carved_jobs, result.labour_pools, result.pool_members) == (
        first_result.vacancies,
        first_result.carved_jobs,
        first_result.labour_pools,
        first_result.pool_members,
    )


def test_employers_get_up_to_three_vacancies_in_their_sector_with_demands_and_history(build):
    build()
    account_manager = User.objects.get(username="accountmanager")
    vacancies = Vacancy.objects.select_related("employer__organisation", "employer__sector", "occupation")
    plain = [v for v in vacancies if not v.carved_task_links.exists()]
    assert max(Counter(v.employer_id for v in plain).values()) <= 3
    assert len({v.kind for v in plain}) >= 3
    assert len({v.status for v in vacancies}) >= 3
    for vacancy in vacancies:
        profile = employer_profile(vacancy.employer.name)
        assert vacancy.employer.sector.code == profile.division
        codes = {job.esco_code for job in profile.jobs} | {profile.carved_esco_code}
        assert vacancy.occupation.esco_code in codes
        assert vacancy.demands.exists()
        assert vacancy.created_by == account_manager
        history = list(vacancy.status_changes.order_by("changed_at", "id"))
        if vacancy.status == VacancyStatus.DRAFT:
            assert not history
        else:
            assert history[0].from_status == VacancyStatus.DRAFT
            assert history[-1].to_status == vacancy.status
            assert all(change.reason for change in history)
    assert AccessLogEntry.objects.filter(object_type="vacancy", object_uuid__in=[v.uuid for v in vacancies])


def test_six_to_ten_employers_have_a_carved_job_from_their_suitable_tasks(build):
    build()
    carved = Vacancy.objects.filter(carved_task_links__isnull=False).distinct()
    assert 6 <= carved.count() <= 10
    assert carved.count() == len({v.employer_id for v in carved})
    assert set(EmployerTask.objects.values_list("employer_id", flat=True)) == {v.employer_id for v in carved}
    for vacancy in carved:
        links = list(vacancy.carved_task_links.select_related("task"))
        assert all(link.task.employer_id == vacancy.employer_id for link in links)
        assert all(link.task.suitable_for_target_group for link in links)
        assert all(0 < link.hours_per_week <= link.task.hours_per_week for link in links)
        assert vacancy.hours_per_week == sum((link.hours_per_week for link in links), Decimal(0))
        assert (
            EmployerTask.objects.filter(employer=vacancy.employer).values("source_job").distinct().count()
            >= 2
        )
        assert EmployerTask.objects.filter(
            employer=vacancy.employer, suitable_for_target_group=False
        ).exists()
        assert vacancy.demands.exists()
        assert all(d.note for d in vacancy.demands.all())


def test_labour_pools_have_members_who_share_their_profile_and_some_are_seconded(build):
    result = build()
    pools = list(LabourPool.objects.filter(region__code="AM18"))
    assert len(pools) == result.labour_pools == 4
    assert Counter(p.kind for p in pools) == {PoolKind.LABOUR_POOL: 3, PoolKind.GROUP_SECONDMENT: 1}
    shared = set(
        Consent.objects.filter(scope=ConsentScope.REGION_WIDE, withdrawn_at__isnull=True).values_list(
            "candidate_id", flat=True
        )
    )
    members = PoolMembership.objects.filter(pool__in=pools)
    for pool in pools:
        assert 5 <= pool.memberships.count() <= 15
    assert set(members.values_list("candidate_id", flat=True)) <= shared
    assert members.values("candidate_id").distinct().count() == members.count()
    assert not members.filter(ended_on__isnull=False, end_reason="").exists()
    for secondment in Secondment.objects.select_related("membership", "employer__organisation"):
        assert secondment.hours_per_week <= secondment.membership.hours_per_week
        assert secondment.started_on >= secondment.membership.started_on
        assert secondment.employer.organisation.kind == OrganisationKind.EMPLOYER
        assert secondment.tasks
    seconded = Secondment.objects.filter(membership__pool__kind=PoolKind.LABOUR_POOL)
    assert seconded.count() >= 5


def test_the_group_secondment_sends_its_members_together_with_a_job_coach(build):
    build()
    pool = LabourPool.objects.get(kind=PoolKind.GROUP_SECONDMENT)
    assert pool.job_coach is not None
    assert pool.operator.kind == OrganisationKind.SHELTERED_WORK_COMPANY
    secondments = Secondment.objects.filter(membership__pool=pool)
    assert secondments.count() >= 2
    assert secondments.values("employer", "started_on", "hours_per_week", "tasks").distinct().count() == 1
    assert pool.name == f"Groepsdetachering {secondments.first().employer.name}"


def test_without_candidates_the_pools_are_empty_and_fewer_candidates_take_their_memberships_along(build):
    result = build(candidates=0)
    assert result.labour_pools == 4 and result.pool_members == 0
    assert result.vacancies > 0
    build(candidates=50)
    assert PoolMembership.objects.exists() and Secondment.objects.exists()
    build(candidates=10)
    assert Candidate.objects.count() == 10
    assert set(PoolMembership.objects.values_list("candidate_id", flat=True)) <= set(
        Candidate.objects.values_list("pk", flat=True)
    )
    result = build(candidates=0)
    assert result.pool_members == 0 and not PoolMembership.objects.exists()
    assert LabourPool.objects.count() == 4


def test_a_demo_employer_from_before_the_profiles_gets_the_sector_of_its_name(build):
    build(candidates=0)
    bakery = Employer.objects.get(organisation__name__startswith="Bakkerij ")
    Employer.objects.filter(pk=bakery.pk).update(
        sector=Sector.objects.get(classification="SBI2008", code="62")
    )
    build(candidates=0)
    bakery.refresh_from_db()
    assert bakery.sector.code == "10"


def test_a_second_region_gets_its_own_work(build):
    build(candidates=30)
    build(region_code="AM17", candidates=30)
    for code in ("AM18", "AM17"):
        assert Vacancy.objects.filter(region__code=code).exists()
        assert LabourPool.objects.filter(region__code=code).count() == 4
        assert not PoolMembership.objects.filter(pool__region__code=code).exclude(
            candidate__region__code=code
        )
    assert Organisation.objects.filter(kind=OrganisationKind.EMPLOYER).count() == 20


def test_the_demo_has_proposals_in_many_states_and_a_finished_round(build):
    from werkbedrijf.matching.models import MatchRound, RoundStatus, RoundSuggestion, SuggestionState
    from werkbedrijf.proposals.models import Proposal

    result = build(candidates=300)
    states = Counter(Proposal.objects.values_list("state", flat=True))
    assert len(states) >= 5, states
    assert {"proposed", "hired", "declined"} <= set(states)
    assert Proposal.objects.filter(state="declined", decline_reason="").count() == 0
    [match_round] = MatchRound.objects.all()
    assert match_round.status == RoundStatus.DONE
    suggestions = RoundSuggestion.objects.filter(round=match_round)
    assert suggestions.count() == result.round_suggestions > 0
    assert suggestions.filter(state=SuggestionState.ACCEPTED).count() >= 1
    assert Proposal.objects.filter(source="round").count() == suggestions.filter(state="accepted").count()
    # Candidates' desired occupations and the vacancies' skills make the scores say something.
    assert Candidate.objects.filter(desired_occupations__isnull=False).distinct().count() == 300
    assert not Vacancy.objects.filter(skills="", carved_task_links__isnull=True).exists()

    # Every hire and the trial placement became a placement with its aftercare; the first checkpoint is due.
    from werkbedrijf.placements.models import Placement

    placements = Placement.objects.filter(proposal__isnull=False)
    assert placements.count() == Proposal.objects.filter(state__in=("hired", "trial_placement")).count()
    assert result.placements == Placement.objects.count() > placements.count()
    assert {p.contract_type for p in placements} == {"regular", "trial"}
    assert all(p.candidate.status == "placed" for p in placements)
    regular = placements.get(contract_type="regular")
    assert regular.coaching_plans.count() == 1 and regular.checkpoints.get(months=1).due_on < date.today()

    again = build(candidates=300)
    assert Proposal.objects.count() == result.proposals == again.proposals
    assert Placement.objects.count() == result.placements == again.placements
    assert MatchRound.objects.count() == 1

    build(candidates=20)  # fewer candidates: the removed ones take their placements along


def test_the_demo_has_ten_years_of_placements_and_its_monitoring_figures(legal_parameters, build):
    from werkbedrijf.monitoring.models import CubeState, MonthlyFigure, RegionTargetShare
    from werkbedrijf.placements.models import Placement

    result = build(candidates=300)
    history = Placement.objects.filter(proposal__isnull=True)
    first = history.order_by("start_date").first().start_date
    assert (date.today() - first).days > 6 * 365  # spread over the years
    assert history.filter(ended_on__isnull=False).count() > 20
    assert result.running_placements == Placement.objects.filter(ended_on__isnull=True).count() > 2
    ended = history.filter(ended_on__isnull=False)
    assert not ended.filter(end_reason="").exists()
    state = CubeState.objects.get(region__code="AM18")
    started = Placement.objects.filter(start_date__lte=state.measured_on).count()
    assert state.built_at is not None and state.placements == started
    assert MonthlyFigure.objects.filter(job_units__gt=0).exists()
    # The municipal print shop is a government employer: both sectors have figures.
    assert {"market", "government"} <= set(MonthlyFigure.objects.values_list("sector_type", flat=True))
    assert RegionTargetShare.objects.filter(region__code="AM18", confidence="UNCONFIRMED").exists()
    again = build(candidates=300)
    assert again.placements == result.placements
