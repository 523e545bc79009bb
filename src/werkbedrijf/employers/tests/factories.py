"""factory_boy factories for employers (synthetic data only)."""

import factory

from werkbedrijf.accounts.models import OrganisationKind
from werkbedrijf.accounts.tests.factories import OrganisationFactory
from werkbedrijf.employers.models import Employer, SectorType, SizeClass
from werkbedrijf.regions.models import Sector, SectorClassification


def sbi_division(
    code: str = "62",
    section: str = "J",
    name: str = "Dienstverlenende activiteiten op het gebied van informatietechnologie",
) -> Sector:
    sector, _ = Sector.objects.get_or_create(
        classification=SectorClassification.SBI_2008,
        code=code,
        defaults={"level": "afdeling", "section": section, "parent_code": section, "name_nl": name},
    )
    return sector


class EmployerOrganisationFactory(OrganisationFactory):
    kind = OrganisationKind.EMPLOYER
    name = factory.Sequence(lambda n: f"Testbedrijf {n} B.V.")
    kvk_number = factory.Sequence(lambda n: f"{70000000 + n:08d}")


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    organisation = factory.SubFactory(EmployerOrganisationFactory)
    sector = factory.LazyFunction(sbi_division)
    size_class = SizeClass.SMALL
    sector_type = SectorType.MARKET


def employer_in(region, name: str, kvk_number: str, **fields) -> Employer:
    """An employer of `region` whose organisation has this name and KvK number; `fields` set the employer."""
    return EmployerFactory(
        organisation=EmployerOrganisationFactory(region=region, name=name, kvk_number=kvk_number), **fields
    )
