from werkbedrijf.matching.tests.conftest import world  # noqa: F401 - the fixture `w` builds on
from werkbedrijf.proposals.tests.conftest import w  # noqa: F401
