from datetime import date

import pytest
from django.utils import translation

from werkbedrijf.demo.services import demo_region_build
from werkbedrijf.parameters.loader import load_legal_parameters
from werkbedrijf.regions.fixtures import load_reference_data_for_tests

REFERENCE_DATE = date(2026, 1, 1)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted on their English msgids, whatever the Dutch catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def demo_allowed(settings):
    """A development system, where the demo may run; refusal tests switch these off again."""
    settings.DEBUG = True
    settings.WERKBEDRIJF_DEMO_ALLOWED = True


@pytest.fixture
def reference_data(db):
    return load_reference_data_for_tests()


@pytest.fixture
def legal_parameters(reference_data):
    """The dated legal figures, which `werkbedrijf load_reference_data` loads with the reference data: the
    payment schedules of the demo's grants need them."""
    return load_legal_parameters()


@pytest.fixture
def build(reference_data):
    """Build the demo region with small defaults; keyword arguments override them."""

    def _build(**kwargs):
        kwargs.setdefault("candidates", 50)
        kwargs.setdefault("reference_date", REFERENCE_DATE)
        return demo_region_build(**kwargs)

    return _build
