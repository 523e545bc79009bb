"""factory_boy factories for candidates (synthetic data only)."""

from datetime import date

import factory
from django.utils import timezone

from werkbedrijf.accounts.tests.factories import (
    MunicipalityFactory,
    MunicipalityOrganisationFactory,
    UserFactory,
    synthetic_bsn,
)
from werkbedrijf.candidates.models import Candidate, Consent, ConsentScope, RegisterGround, TargetGroup
from werkbedrijf.regions.models import RegionMembership


class CandidateFactory(factory.django.DjangoModelFactory):
    """A confirmed candidate in the register who gave region-wide consent (so partners see it pseudonymised).

    `region_consent=False` leaves the consent out; `last_confirmed_at=None` makes the profile stale.
    """

    class Meta:
        model = Candidate
        skip_postgeneration_save = True

    bsn = factory.LazyFunction(synthetic_bsn)
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    date_of_birth = date(1990, 5, 17)
    postcode = "1012 AB"
    responsible_organisation = factory.SubFactory(MunicipalityOrganisationFactory)
    municipality = factory.LazyAttribute(
        lambda c: c.responsible_organisation.municipality or MunicipalityFactory()
    )
    region = factory.LazyAttribute(lambda c: c.responsible_organisation.region)
    target_group = TargetGroup.PARTICIPATION_ACT
    register_ground = RegisterGround.PARTICIPATION_BELOW_MINIMUM_WAGE
    registered_from = date(2024, 1, 1)
    in_target_group_register = True
    hours_per_week = 24
    last_confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def region_consent(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        recorder = UserFactory(organisation=obj.responsible_organisation)
        Consent.objects.create(
            candidate=obj, scope=ConsentScope.REGION_WIDE, given_at=timezone.now(), recorded_by=recorder
        )


def place_in_region(municipality, region, year: int = 2026) -> RegionMembership:
    """Make the municipality part of the region (services check a candidate's municipality against it)."""
    membership, _ = RegionMembership.objects.get_or_create(
        municipality=municipality, year=year, defaults={"region": region}
    )
    return membership
