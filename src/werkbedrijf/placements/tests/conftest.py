"""The proposals tests' region (proposals/tests/conftest.py `w`), with a hired proposal to place from."""

import pytest

from werkbedrijf.matching.tests.conftest import world  # noqa: F401 - the fixture `w` builds on
from werkbedrijf.proposals.states import ProposalState
from werkbedrijf.proposals.tests.conftest import move, propose, w  # noqa: F401 - fixtures and helpers


@pytest.fixture
def hired(w):  # noqa: F811
    """The own candidate hired for the 24-hour cleaning vacancy (sent, interview, hired)."""
    proposal = propose(w, w.own, w.vacancy)
    return move(w, proposal, ProposalState.SENT_TO_EMPLOYER, ProposalState.INTERVIEW, ProposalState.HIRED)
