"""Reference data for other apps' tests.

Call load_reference_data_for_tests() from a fixture that has database access, e.g.

    @pytest.fixture
    def reference_data(db):
        return load_reference_data_for_tests()

It loads the real files (35 regions, 342 municipalities, 4,086 PC4, occupations and sectors).
"""

from .loader import load_all


def load_reference_data_for_tests() -> dict[str, int]:
    return load_all()
