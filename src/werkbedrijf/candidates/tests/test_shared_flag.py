"""Candidate.shared_in_region follows the active region-wide consent, whatever writes the rows.

The database keeps it (triggers of migration 0002), so these tests also fail when a later migration rebuilds
the candidate or consent table on SQLite and so drops the triggers.
"""

import pytest
from django.utils import timezone

from werkbedrijf.accounts.tests.factories import UserFactory
from werkbedrijf.candidates import services
from werkbedrijf.candidates.models import Candidate, Consent, ConsentScope
from werkbedrijf.candidates.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def shared(candidate) -> bool:
    return Candidate.objects.values_list("shared_in_region", flat=True).get(pk=candidate.pk)


def consent(candidate, scope=ConsentScope.REGION_WIDE, **values) -> Consent:
    recorder = UserFactory(organisation=candidate.responsible_organisation)
    return Consent(candidate=candidate, scope=scope, given_at=timezone.now(), recorded_by=recorder, **values)


def test_direct_writes_to_consent_rows_keep_the_flag():
    candidate = CandidateFactory(region_consent=False)
    assert not shared(candidate)
    consent(candidate, ConsentScope.EMPLOYERS).save()
    Consent.objects.filter(candidate=candidate).update(withdrawn_at=timezone.now())
    assert not shared(candidate)
    given = consent(candidate)
    given.save()
    assert shared(candidate)
    Consent.objects.filter(pk=given.pk).update(withdrawn_at=timezone.now())
    assert not shared(candidate)
    Consent.objects.filter(pk=given.pk).update(withdrawn_at=None)
    assert shared(candidate)
    Consent.objects.filter(pk=given.pk).update(scope=ConsentScope.EMPLOYERS)
    assert not shared(candidate)
    Consent.objects.filter(pk=given.pk).update(scope=ConsentScope.REGION_WIDE)
    assert shared(candidate)
    Consent.objects.filter(pk=given.pk).delete()
    assert not shared(candidate)


def test_moving_a_consent_to_another_candidate_updates_both():
    first, second = CandidateFactory(), CandidateFactory(region_consent=False)
    Consent.objects.filter(candidate=first).update(candidate=second)
    assert (shared(first), shared(second)) == (False, True)


def test_bulk_created_consents_set_the_flag():
    candidates = CandidateFactory.create_batch(3, region_consent=False)
    Consent.objects.bulk_create(consent(c) for c in candidates[:2])
    assert [shared(c) for c in candidates] == [True, True, False]


def test_a_candidate_row_cannot_store_another_value():
    with_consent, without = CandidateFactory(), CandidateFactory(region_consent=False)
    stale_copy = Candidate.objects.get(pk=without.pk)
    consent(without).save()
    stale_copy.first_name = "Changed"
    stale_copy.save()  # writes every column, shared_in_region=False from before the consent included
    assert shared(without)
    Candidate.objects.filter(pk=with_consent.pk).update(shared_in_region=False)
    assert shared(with_consent)
    created = CandidateFactory(region_consent=False, shared_in_region=True)
    assert not shared(created)


def test_the_consent_services_keep_the_flag(pool):
    candidate, user, region = pool["cand_a"], pool["consultant_a"], pool["region"]
    assert shared(candidate)
    services.consent_withdraw(user=user, region=region, candidate=candidate, scope=ConsentScope.REGION_WIDE)
    assert not shared(candidate)
    services.consent_give(user=user, region=region, candidate=candidate, scope=ConsentScope.REGION_WIDE)
    assert shared(candidate)
