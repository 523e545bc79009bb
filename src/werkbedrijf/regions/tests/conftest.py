import pytest

from werkbedrijf.regions.fixtures import load_reference_data_for_tests


@pytest.fixture
def reference_data(db):
    return load_reference_data_for_tests()
