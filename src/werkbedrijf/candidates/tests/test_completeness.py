"""The completeness score is a pure function: no database needed."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from werkbedrijf.candidates.completeness import ITEMS, ProfileValues, completeness

COMPLETE = ProfileValues(
    email="a@example.invalid",
    education_level="mbo_2_4",
    desired_occupation_count=2,
    sector_count=1,
    hours_per_week_max=24,
    available_from=date(2027, 1, 1),
    ability_count=6,
    hours_per_day=6,
    own_transport="bicycle",
    max_travel_km=15,
    languages="Nederlands",
    has_consultant=True,
)


def test_a_complete_profile_scores_100_with_nothing_missing():
    result = completeness(COMPLETE)
    assert result.score == 100
    assert result.missing == []
    assert result.is_complete


def test_an_empty_profile_scores_0_and_misses_everything():
    result = completeness(ProfileValues())
    assert result.score == 0
    assert [i.key for i in result.missing] == [i.key for i in ITEMS]


def test_missing_education_level_is_named_and_weighs_double():
    no_education = completeness(ProfileValues(**{**COMPLETE.__dict__, "education_level": ""}))
    no_languages = completeness(ProfileValues(**{**COMPLETE.__dict__, "languages": ""}))
    assert no_education.missing_labels == ["opleidingsniveau"]  # Dutch: the interface language
    assert no_education.score < no_languages.score < 100


def test_phone_counts_as_contact_and_five_rubrics_are_not_enough():
    result = completeness(ProfileValues(**{**COMPLETE.__dict__, "email": "", "phone": "0201234567"}))
    assert result.is_complete
    result = completeness(ProfileValues(**{**COMPLETE.__dict__, "ability_count": 5}))
    assert [i.key for i in result.missing] == ["abilities"]


profiles = st.builds(
    ProfileValues,
    email=st.sampled_from(["", "x@example.invalid"]),
    phone=st.sampled_from(["", " ", "0612345678"]),
    education_level=st.sampled_from(["", "vmbo_mbo1", "hbo_wo"]),
    desired_occupation_count=st.integers(0, 5),
    sector_count=st.integers(0, 3),
    hours_per_week_max=st.none() | st.integers(0, 40),
    available_from=st.none() | st.dates(),
    ability_count=st.integers(0, 6),
    hours_per_day=st.none() | st.integers(0, 12),
    own_transport=st.sampled_from(["", "none", "car"]),
    max_travel_km=st.none() | st.integers(0, 200),
    languages=st.sampled_from(["", "Nederlands"]),
    has_consultant=st.booleans(),
)


@given(profiles)
def test_score_is_between_0_and_100_and_100_only_when_nothing_is_missing(values):
    result = completeness(values)
    assert 0 <= result.score <= 100
    assert (result.score == 100) == (not result.missing)
    assert (result.score == 0) == (len(result.missing) == len(ITEMS))


@given(profiles)
def test_filling_in_a_missing_item_never_lowers_the_score(values):
    before = completeness(values)
    filled = ProfileValues(**{**values.__dict__, "education_level": "mbo_2_4", "sector_count": 1})
    after = completeness(filled)
    assert after.score >= before.score
    assert {i.key for i in after.missing} <= {i.key for i in before.missing}
