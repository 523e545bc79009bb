"""Synthetic people and organisations for the demo region: plain values, no ORM.

Everything is drawn from random.Random instances seeded by the caller, so the same seed gives the same
output. Faker (nl_NL) is used once per run to fill name pools; per person only the seeded RNG is used,
which keeps 300,000 candidates fast. Demo 2FA keys are deliberately not made here: they are random
(services.py), so nobody can compute them from the seed.
"""

import random
import re
import unicodedata
import uuid
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker

from werkbedrijf.accounts.models import DEMO_EMAIL_DOMAIN  # noqa: F401 - re-exported for the demo

# Target-group mix of a regional pool: mostly Participatiewet, then Wajong, a few of the rest.
TARGET_GROUP_WEIGHTS: dict[str, int] = {
    "participation_act": 62,
    "wajong": 18,
    "wia": 7,
    "special_education": 6,
    "wsw_indication": 4,
    "sheltered_work": 3,
}
# UWV supports Wajong and WIA; the municipality all the others.
UWV_TARGET_GROUPS = frozenset({"wajong", "wia"})
# The register ground that goes with each target group (DOMAIN.md 3.3).
REGISTER_GROUNDS = {
    "participation_act": "participation_below_minimum_wage",
    "wajong": "wajong",
    "wsw_indication": "wsw_indication",
    "special_education": "former_special_education",
    "wia": "uwv_own_request",
    "sheltered_work": "none",
}

# Education levels, skewed low as in the target group; "" is unknown (UWV's explorer: 42% unknown).
EDUCATION_WEIGHTS = {"": 10, "none_basic": 15, "vmbo_mbo1": 35, "mbo_2_4": 30, "havo_vwo": 6, "hbo_wo": 4}

# Chance of being in the target-group register (DOMAIN.md 3.3, Wfsv art. 38b): Wajong almost always,
# WIA only in the loondispensatie experiment, beschut werk never (it is excluded by law).
REGISTER_PROBABILITY: dict[str, float] = {
    "participation_act": 0.85,
    "wajong": 0.97,
    "wia": 0.10,
    "special_education": 0.90,
    "wsw_indication": 0.80,
    "sheltered_work": 0.0,
}
HOURS_WEIGHTS: dict[int, int] = {8: 4, 12: 6, 16: 14, 20: 18, 24: 20, 28: 12, 32: 16, 36: 10}
AGE_RANGE = (18, 66)
SPECIAL_EDUCATION_AGE_RANGE = (18, 27)
AVAILABLE_FROM_DAYS = (-180, 270)

# PostNL does not use these letter pairs in postcodes.
_EXCLUDED_POSTCODE_LETTERS = frozenset({"SA", "SD", "SS"})
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

_NAME_POOL_DRAWS = 3000
_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


@dataclass(frozen=True)
class NamePools:
    first_names_female: tuple[str, ...]
    first_names_male: tuple[str, ...]
    last_names: tuple[tuple[str, str], ...]  # (prefix, last name), e.g. ("van der", "Ploeg")


@dataclass(frozen=True, slots=True)
class CandidateSpec:
    uuid: uuid.UUID
    bsn: str
    first_name: str
    last_name_prefix: str
    last_name: str
    date_of_birth: date
    gender: str
    email: str
    phone: str
    postcode: str
    municipality_key: object
    target_group: str
    in_target_group_register: bool
    register_ground: str
    registered_from: date | None
    education_level: str
    hours_per_week_min: int
    hours_per_week: int
    available_from: date
    confirmed_days_ago: int
    region_consent: bool


def bsn_check_digit(first_eight: str) -> int | None:
    """The ninth digit that makes the number pass the 11-check, or None when no digit does."""
    total = sum(int(d) * w for d, w in zip(first_eight, _BSN_WEIGHTS, strict=True))
    check = total % 11
    return None if check == 10 else check


def random_bsn(rng: random.Random) -> str:
    """A synthetic 9-digit number that passes the BSN 11-check; it never starts with 0."""
    while True:
        first_eight = str(rng.randrange(10_000_000, 100_000_000))
        check = bsn_check_digit(first_eight)
        if check is not None:
            return f"{first_eight}{check}"


def unique_bsns(
    rng: random.Random,
    *,
    taken: Callable[[list[str]], Collection[str]] | None = None,
    batch_size: int = 1000,
) -> Iterator[str]:
    """An endless stream of distinct valid BSNs drawn from `rng`, leaving out the ones `taken` reports in use.

    `taken` gets a batch of fresh numbers at a time and returns those already in use, so a caller can check
    a batch with one query instead of holding every BSN in the database in memory. Which numbers come out
    depends on the RNG and on what is taken, not on `batch_size`.
    """
    used: set[str] = set()
    while True:
        fresh: list[str] = []
        while len(fresh) < batch_size:
            bsn = random_bsn(rng)
            if bsn not in used:
                used.add(bsn)
                fresh.append(bsn)
        in_use = set(taken(fresh)) if taken is not None else set()
        for bsn in fresh:
            if bsn not in in_use:
                yield bsn


def random_kvk_number(rng: random.Random) -> str:
    """A synthetic KvK number: 8 digits (the KvK number has no check digit, only this format)."""
    return str(rng.randrange(10_000_000, 100_000_000))


def random_postcode(rng: random.Random, pc4: str) -> str:
    while True:
        letters = rng.choice(_LETTERS) + rng.choice(_LETTERS)
        if letters not in _EXCLUDED_POSTCODE_LETTERS:
            return f"{pc4} {letters}"


_PREFIX_TOKENS = frozenset(
    {"van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "in", "op", "d'", "la", "le"}
)


def split_last_name(full: str) -> tuple[str, str] | None:
    """Split a Dutch surname into (prefix, name): "van der Ploeg" -> ("van der", "Ploeg").

    Returns None for names that do not have that plain shape (double names, titles, "Bourgondië, van").
    """
    if "," in full:
        return None
    tokens = full.split()
    prefix = []
    while tokens and tokens[0] in _PREFIX_TOKENS:
        prefix.append(tokens.pop(0))
    if len(tokens) != 1 or len(prefix) > 3 or not tokens[0][:1].isupper():
        return None
    return " ".join(prefix), tokens[0]


def build_name_pools(seed: int | str) -> NamePools:
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    female = tuple(faker.first_name_female() for _ in range(_NAME_POOL_DRAWS))
    male = tuple(faker.first_name_male() for _ in range(_NAME_POOL_DRAWS))
    last = tuple(
        parts
        for parts in (split_last_name(faker.last_name()) for _ in range(_NAME_POOL_DRAWS))
        if parts is not None
    )
    return NamePools(first_names_female=female, first_names_male=male, last_names=last)


def ascii_slug(*parts: str) -> str:
    """Lower-case ASCII letters and digits only: ("Esmée", "van Vliet") -> "esmeevanvliet"."""
    text = unicodedata.normalize("NFKD", "".join(parts)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", text.lower())


def username_slug(name: str) -> str:
    """A username part from a municipality name: "'s-Gravenhage" -> "s-gravenhage"."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_EMAIL_DOMAIN}"


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _birth_date(rng: random.Random, reference_date: date, age_range: tuple[int, int]) -> date:
    youngest, oldest = age_range
    latest = _years_before(reference_date, youngest)
    earliest = _years_before(reference_date, oldest + 1) + timedelta(days=1)
    return earliest + timedelta(days=rng.randrange((latest - earliest).days + 1))


def generate_candidates(
    *,
    rng: random.Random,
    bsns: Iterator[str],
    pools: NamePools,
    postcode_areas: Sequence[tuple[str, object]],
    count: int,
    reference_date: date,
) -> Iterator[CandidateSpec]:
    """Yield `count` synthetic candidates, each living in one of `postcode_areas` ((pc4, municipality key)).

    Picking a PC4 uniformly weights each municipality by its number of PC4 areas, a rough proxy for its
    population. The stream depends only on the RNG state, so the first N of a seed are the same whatever
    `count` is. Each candidate takes the next number of `bsns` (see unique_bsns); the BSNs have an RNG of
    their own, so a number skipped because it is in use does not change who the people are.
    """
    if not postcode_areas and count:
        raise ValueError("No postcode areas to place candidates in.")
    groups = list(TARGET_GROUP_WEIGHTS)
    group_weights = list(TARGET_GROUP_WEIGHTS.values())
    hours = list(HOURS_WEIGHTS)
    hours_weights = list(HOURS_WEIGHTS.values())
    for _, bsn in zip(range(count), bsns, strict=False):
        female = rng.random() < 0.5
        first_name = rng.choice(pools.first_names_female if female else pools.first_names_male)
        prefix, last_name = rng.choice(pools.last_names)
        target_group = rng.choices(groups, group_weights)[0]
        age_range = SPECIAL_EDUCATION_AGE_RANGE if target_group == "special_education" else AGE_RANGE
        pc4, municipality_key = rng.choice(postcode_areas)
        in_register = rng.random() < REGISTER_PROBABILITY[target_group]
        max_hours = rng.choices(hours, hours_weights)[0]
        yield CandidateSpec(
            uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
            bsn=bsn,
            first_name=first_name,
            last_name_prefix=prefix,
            last_name=last_name,
            date_of_birth=_birth_date(rng, reference_date, age_range),
            gender="female" if female else "male",
            email=demo_email(
                f"{ascii_slug(first_name)}.{ascii_slug(prefix, last_name)}{rng.randrange(1, 100)}"
            ),
            phone=f"06-{rng.randrange(10_000_000, 100_000_000)}",
            postcode=random_postcode(rng, pc4),
            municipality_key=municipality_key,
            target_group=target_group,
            in_target_group_register=in_register,
            register_ground=REGISTER_GROUNDS[target_group] if in_register else "none",
            registered_from=reference_date - timedelta(days=rng.randint(30, 3650)) if in_register else None,
            education_level=rng.choices(list(EDUCATION_WEIGHTS), list(EDUCATION_WEIGHTS.values()))[0],
            hours_per_week_min=max(4, max_hours - rng.choice((0, 4, 8))),
            hours_per_week=max_hours,
            available_from=reference_date + timedelta(days=rng.randint(*AVAILABLE_FROM_DAYS)),
            # Most profiles were confirmed within the 90-day freshness period; about one in eight is stale.
            confirmed_days_ago=rng.randint(0, 89) if rng.random() < 0.88 else rng.randint(90, 400),
            region_consent=rng.random() < 0.9,
        )


EMPLOYER_TEMPLATES = (
    "Schoonmaakbedrijf {name}",
    "Hoveniersbedrijf {name}",
    "Bakkerij {name}",
    "{name} Logistiek B.V.",
    "Zorggroep {place}",
    "Hotel {place}",
    "{name} Installatietechniek",
    "Supermarkt {name}",
    "{name} Facilitaire Diensten",
    "Stadsdrukkerij {place}",
)


def _surname(rng: random.Random, pools: NamePools) -> str:
    prefix, name = rng.choice(pools.last_names)
    return f"{prefix} {name}".strip()


def _capitalised(text: str) -> str:
    """Without a first name before it, a Dutch surname prefix takes a capital: Bakkerij De Vries."""
    return text[:1].upper() + text[1:]


def employer_names(*, rng: random.Random, pools: NamePools, places: Sequence[str]) -> list[str]:
    names: list[str] = []
    for template in EMPLOYER_TEMPLATES:
        while True:
            surname = _surname(rng, pools)
            name = template.format(name=_capitalised(surname), place=rng.choice(places))
            if name not in names:
                names.append(name)
                break
    return names


def job_coach_provider_names(*, rng: random.Random, pools: NamePools) -> list[str]:
    first = _surname(rng, pools)
    second = _surname(rng, pools)
    while second == first:
        second = _surname(rng, pools)
    return [f"{_capitalised(first)} Jobcoaching", f"Jobcoachbureau {_capitalised(second)}"]
