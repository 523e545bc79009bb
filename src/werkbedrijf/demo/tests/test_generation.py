import random
from datetime import date

from stdnum.nl import bsn

from werkbedrijf.demo.generation import (
    AGE_RANGE,
    NamePools,
    bsn_check_digit,
    employer_names,
    generate_candidates,
    random_bsn,
    random_kvk_number,
    split_last_name,
    unique_bsns,
    username_slug,
)

POOLS = NamePools(
    first_names_female=("Anna", "Esmée"),
    first_names_male=("Daan", "Sem"),
    last_names=(("", "Jansen"), ("van der", "Ploeg"), ("de", "Vries")),
)
AREAS = [("1011", 1), ("1431", 2)]


def _candidates(seed, count, taken=None):
    return list(
        generate_candidates(
            rng=random.Random(seed),
            bsns=unique_bsns(random.Random(f"bsn{seed}"), taken=taken),
            pools=POOLS,
            postcode_areas=AREAS,
            count=count,
            reference_date=date(2026, 1, 1),
        )
    )


def test_generated_bsns_pass_the_eleven_check():
    rng = random.Random(1)
    numbers = [random_bsn(rng) for _ in range(5000)]
    assert all(bsn.is_valid(n) for n in numbers)
    assert all(len(n) == 9 and n[0] != "0" for n in numbers)


def test_no_check_digit_exists_when_the_weighted_sum_leaves_ten():
    # 9*1 + 8*0 + ... + 2*0 = 9 -> check 9; 1000 0001 -> 9 + 2 = 11 -> 0; 0000 0005 -> 10 -> none.
    assert bsn_check_digit("10000000") == 9
    assert bsn_check_digit("10000001") == 0
    assert bsn_check_digit("00000005") is None


def test_kvk_numbers_have_eight_digits():
    rng = random.Random(3)
    assert all(len(k) == 8 and k.isdigit() for k in (random_kvk_number(rng) for _ in range(100)))


def test_dutch_surname_prefix_is_split_off_and_odd_names_are_skipped():
    assert split_last_name("van der Ploeg") == ("van der", "Ploeg")
    assert split_last_name("Jansen") == ("", "Jansen")
    assert split_last_name("Bourgondië, van") is None
    assert split_last_name("Goyaerts van Waderle") is None


def test_username_slug_keeps_cbs_names_readable():
    assert username_slug("'s-Gravenhage") == "s-gravenhage"
    assert username_slug("Súdwest-Fryslân") == "sudwest-fryslan"
    assert username_slug("Bergen (NH.)") == "bergen-nh"


def test_a_larger_run_starts_with_the_people_of_a_smaller_one():
    assert _candidates(7, 10) == _candidates(7, 30)[:10]


def test_ages_lie_between_18_and_66_on_the_reference_date():
    for c in _candidates(5, 2000):
        born = c.date_of_birth
        age = 2026 - born.year - ((born.month, born.day) > (1, 1))
        assert AGE_RANGE[0] <= age <= AGE_RANGE[1]


def test_bsns_already_in_use_are_not_generated_again():
    first = _candidates(11, 20)
    in_use = {c.bsn for c in first[:10]}
    again = _candidates(11, 20, taken=lambda batch: in_use.intersection(batch))
    assert not in_use & {c.bsn for c in again}
    assert len({c.bsn for c in again}) == 20
    assert [c.bsn for c in again[:10]] == [c.bsn for c in first[10:]]


def test_a_bsn_in_use_changes_the_numbers_but_not_the_people():
    first = _candidates(11, 20)
    again = _candidates(11, 20, taken=lambda batch: {first[0].bsn} & set(batch))
    assert [c.first_name for c in again] == [c.first_name for c in first]
    assert [c.uuid for c in again] == [c.uuid for c in first]
    assert again[0].bsn == first[1].bsn


def test_bsns_are_checked_a_batch_at_a_time_with_the_same_outcome():
    asked = []

    def taken(batch):
        asked.append(len(batch))
        return {b for b in batch if b.endswith("7")}

    def first_500(batch_size):
        stream = unique_bsns(random.Random(4), taken=taken, batch_size=batch_size)
        return [next(stream) for _ in range(500)]

    small = first_500(50)
    assert set(asked) == {50}
    assert first_500(1000) == small
    assert len(set(small)) == 500
    assert not any(b.endswith("7") for b in small)


def test_sheltered_work_candidates_are_never_in_the_target_group_register():
    sheltered = [c for c in _candidates(13, 3000) if c.target_group == "sheltered_work"]
    assert sheltered
    assert not any(c.in_target_group_register for c in sheltered)


def test_employer_names_are_distinct():
    names = employer_names(rng=random.Random(2), pools=POOLS, places=["Diemen"])
    assert len(names) == len(set(names)) == 10
