"""The paged list (CandidateListing) gives exactly candidate_queryset's rows and order, one page at a time."""

from datetime import timedelta
from itertools import product

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from werkbedrijf.accounts.tests.factories import MunicipalityOrganisationFactory
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.candidates import selectors
from werkbedrijf.candidates.models import CandidateStatus, TargetGroup
from werkbedrijf.candidates.tests.factories import CandidateFactory, place_in_region

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - timedelta(days=400)


@pytest.fixture
def crowd(pool):
    """Candidates of three organisations in the region, spread over municipalities whose names do not sort
    like their ids, with equal names, other statuses and target groups, stale profiles and missing consent."""
    region, org_a, org_b = pool["region"], pool["org_a"], pool["org_b"]
    org_d = MunicipalityOrganisationFactory(region=region, municipality__name="Aalsmeer")
    place_in_region(org_d.municipality, region)
    amsterdam, diemen, aalsmeer = org_a.municipality, org_b.municipality, org_d.municipality
    rows = [
        (org_a, amsterdam, "Eva", "Aarts", {}),
        (org_a, diemen, "Eva", "Aarts", {}),  # same name: the municipality decides
        (org_a, aalsmeer, "Eva", "Aarts", {}),
        (org_a, amsterdam, "Daan", "Smit", {"status": CandidateStatus.PLACED}),
        (org_a, amsterdam, "Sanne", "Dekker", {"last_confirmed_at": LONG_AGO}),
        (org_a, amsterdam, "Lars", "Mulder", {"region_consent": False}),
        (org_a, amsterdam, "Fenna", "Bos", {"target_group": TargetGroup.WAJONG}),
        (org_b, diemen, "Noah", "Vos", {}),
        (org_b, diemen, "Tess", "Wit", {"region_consent": False}),
        (org_b, aalsmeer, "Sem", "Kok", {}),
        (org_b, aalsmeer, "Julia", "de Vries", {"last_confirmed_at": None}),
        (org_b, amsterdam, "Finn", "Meijer", {"status": CandidateStatus.PLACED}),
        (org_b, diemen, "Saar", "Peters", {"last_confirmed_at": LONG_AGO}),
        (org_d, aalsmeer, "Mila", "Jansen", {}),
        (org_d, aalsmeer, "Luuk", "Dijkstra", {"target_group": TargetGroup.WAJONG}),
        (org_d, aalsmeer, "Zoë", "Hendriks", {}),
        (org_d, aalsmeer, "Bram", "Dekker", {"region_consent": False}),
        (pool["org_c"], pool["org_c"].municipality, "Evi", "de Groot", {}),  # another region
    ]
    for org, municipality, first, last, extra in rows:
        CandidateFactory(
            responsible_organisation=org, municipality=municipality, first_name=first, last_name=last, **extra
        )
    return pool


FILTERS = {
    "own_only": (False, True),
    "status": ("", CandidateStatus.AVAILABLE),
    "target_group": ("", TargetGroup.PARTICIPATION_ACT),
    "freshness": (selectors.Freshness.DEFAULT, selectors.Freshness.INCLUDE, selectors.Freshness.ONLY),
    "search": ("", "de", "aarts eva"),
}


@pytest.mark.parametrize("viewer", ["consultant_a", "consultant_b", "wsp_manager"])
def test_every_filter_combination_gives_the_rows_and_order_of_the_queryset(crowd, viewer):
    user, region = crowd[viewer], crowd["region"]
    for values in product(*FILTERS.values()):
        filters = dict(zip(FILTERS, values, strict=True))
        expected = [c.pk for c in selectors.candidate_queryset(user=user, region=region, **filters)]
        listing = selectors.candidate_listing(user=user, region=region, **filters)
        assert listing.count() == len(expected), filters
        paged = []
        paginator = Paginator(listing, 3)
        for number in paginator.page_range:
            paged += [c.pk for c in paginator.page(number).object_list]
        assert paged == expected, filters


def test_any_slice_crosses_the_parts_of_the_list_correctly(crowd):
    user, region = crowd["consultant_a"], crowd["region"]
    listing = selectors.candidate_listing(user=user, region=region, freshness=selectors.Freshness.INCLUDE)
    expected = [
        c.pk
        for c in selectors.candidate_queryset(user=user, region=region, freshness=selectors.Freshness.INCLUDE)
    ]
    assert len(listing.segments()) > 3  # own, then Aalsmeer, Amsterdam and Diemen
    for start in range(len(expected) + 1):
        for stop in range(start, len(expected) + 2):
            assert [c.pk for c in listing[start:stop]] == expected[start:stop], (start, stop)
    assert listing[len(expected) - 1].pk == expected[-1]
    with pytest.raises(IndexError):
        listing[len(expected)]  # noqa: B018


def test_the_shared_part_is_ordered_by_municipality_name_not_by_name(crowd):
    user, region = crowd["consultant_a"], crowd["region"]
    profiles = selectors.candidate_list(user=user, region=region, context="test").profiles
    shared = [p.municipality for p in profiles if not p.is_full]
    own = [p.full_name for p in profiles if p.is_full]
    assert shared == sorted(shared) and set(shared) == {"Aalsmeer", "Amsterdam", "Diemen"}
    assert own[:3] == ["Eva Aarts"] * 3  # then by municipality: Aalsmeer, Amsterdam, Diemen
    assert [p.municipality for p in profiles[:3]] == ["Aalsmeer", "Amsterdam", "Diemen"]


def test_a_page_across_own_and_shared_rows_logs_only_the_full_rows(crowd):
    user, region = crowd["consultant_a"], crowd["region"]
    result = selectors.candidate_list(user=user, region=region, page_number=3, per_page=3, context="test")
    shown = result.profiles
    assert any(p.is_full for p in shown) and any(not p.is_full for p in shown)
    entry = AccessLogEntry.objects.filter(action=AccessAction.SEARCH, actor=user).latest("id")
    assert sorted(map(str, entry.subject_uuids)) == sorted(str(p.uuid) for p in shown if p.is_full)


def test_a_page_costs_the_same_number_of_queries_however_many_candidates(crowd):
    user, region = crowd["consultant_a"], crowd["region"]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            selectors.candidate_list(user=user, region=region, per_page=50, context="test")
        return len(captured)

    queries()  # the user's roles are read once and kept on the user
    before = queries()
    for municipality in (crowd["org_a"].municipality, crowd["org_b"].municipality):
        CandidateFactory.create_batch(10, responsible_organisation=crowd["org_b"], municipality=municipality)
    CandidateFactory.create_batch(10, responsible_organisation=crowd["org_a"])
    assert queries() == before


def test_page_numbers_beyond_the_end_give_the_last_page(crowd):
    user, region = crowd["consultant_a"], crowd["region"]
    result = selectors.candidate_list(user=user, region=region, page_number=99, per_page=5, context="test")
    expected = [c.uuid for c in selectors.candidate_queryset(user=user, region=region)]
    assert result.page.number == result.page.paginator.num_pages
    assert [p.uuid for p in result.profiles] == expected[(result.page.number - 1) * 5 :]
