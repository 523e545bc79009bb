"""Matching many candidates at once: a column index of candidates, and the edges of a region-wide round.

`CandidateIndex` holds a pool as numpy columns, one row per candidate, so that one job is matched against
every candidate with a few dozen array operations instead of an engine call per pair. Its results are the
engine's by construction rather than by a second implementation of the rules:

- every factor's points come from the engine's own factor functions (`engine._occupation`, `_hours`, …),
  called once per distinct value in the pool (a PC4 centroid and a set of travel limits, a set of desired
  occupations, a date, a number of hours …) and gathered to the rows. A candidate's occupation points are the
  best of the points of each desired occupation alone: `engine._points` is monotone, so the best fraction and
  the best points agree; those are computed once per ISCO code in the pool, plus the exact occupation.
  Distances are `engine.distance_km` once per distinct candidate location and job location;
- hard constraints are comparisons of whole numbers (dates as ordinals, kilometres, ability levels) or tables
  of the engine's own comparisons per distinct value (hours);
- the order is the selectors' (tier, then points, descending, then candidate key ascending). Keys are compared
  as UTF-8 bytes, which orders them as Python orders the strings (no key ends in a NUL character).

The employer's cost factor (costs.py) depends on the candidate through a profile of four small values (target
group, wage value, registration on the day, age band) and on the job through its hours: with a
`CostCalculator` its points are computed once per profile present and hours, and gathered to the rows.
Without one every pair scores the engine's "not calculated" (0 points).

`RegionIndex` keeps the candidates of a region in an index for the life of the process, brought up to date
from the database on every use (its docstring says how, and what it costs). `round_edges` gives the edges of
a region-wide round (the contract rounds.py builds on), `round_edge_arrays` the same as arrays (an Edge
object costs about 1.5 µs, which counts with millions of edges); `round_edges_reference` is the
engine-per-pair version they must equal, kept for tests and benchmarks.
"""

from __future__ import annotations

import dataclasses
import threading
import time
import weakref
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from werkbedrijf.candidates.models import Candidate, CandidateStatus, Consent, FunctionalAbility
from werkbedrijf.regions.models import ReferenceDataSet, Region
from werkbedrijf.wage_value.models import Assessment, AssessmentStatus

from . import engine
from .assignment import Edge
from .costs import CostCalculator, cost_profile
from .facts import candidate_pool

# Missing dates as ordinals: LOW never comes after a date (a missing availability date never excludes; a
# never-confirmed profile is always stale), HIGH never before one (a registration without end date).
LOW = -(2**31)
HIGH = 2**31 - 1
# Distances as int16: a limit of KM_LIMIT is never exceeded (the earth is 20,038 km around halfway), and an
# unknown distance is UNKNOWN_KM, which exceeds no limit.
KM_LIMIT = 2**15 - 1
UNKNOWN_KM = -(2**15)

# Ages as the cost factor tells them apart: under 15 (no minimum wage), 15 … 20 (youth variants), 21 and over
# (an unknown birth date is paid as an adult). A row's age band is its age clipped to these, less YOUNGEST.
YOUNGEST, ADULT = 14, 21
AGE_BANDS = ADULT - YOUNGEST + 1
_NOT_COMPUTED = np.iinfo(np.int64).min

# The per-value tables an index keeps (bytes): a table per set of desired occupations takes 8 bytes a set,
# about 1 MB for 300,000 candidates; past this the cache starts again.
_CACHE_BYTES = 64 * 2**20


def _stand_in(**facts: Any) -> engine.CandidateFacts:
    """A candidate with only the facts one factor reads, to evaluate that factor for one distinct value."""
    return engine.CandidateFacts(key="", target_group=facts.pop("target_group", ""), **facts)


class _Codes(dict[Any, int]):
    """The distinct values of one attribute, numbered in order of first appearance (append-only): value →
    code, and `by_code` the values by code. `codes[value]` numbers a value not seen before, and is a plain
    dict lookup for one that was (which keeps building an index of 300,000 candidates quick)."""

    __slots__ = ("by_code",)

    def __init__(self) -> None:
        super().__init__()
        self.by_code: list[Any] = []

    def __missing__(self, value: Hashable) -> int:
        code = self[value] = len(self.by_code)
        self.by_code.append(value)
        return code

    def code(self, value: Hashable) -> int:
        return self[value]


class _Sets:
    """Distinct collections of items (desired occupations, skills, sectors), numbered like `_Codes`; set 0 is
    the empty one. The items of set s are `entries[starts[s]:starts[s + 1]]`, as codes of `items`."""

    def __init__(self, empty: Hashable) -> None:
        self.sets = _Codes()
        self.items = _Codes()
        self._entries: list[int] = []
        self._starts: list[int] = [0]
        self._arrays: tuple[np.ndarray, np.ndarray] | None = None
        self.code(empty)

    def code(self, collection: Any) -> int:
        found = self.sets.get(collection)
        if found is not None:
            return found
        codes = [self.items[item] for item in collection]
        # Kept with the items of `items` (equal to the collection's): each candidate's facts bring their own
        # objects, which would otherwise stay alive for every distinct collection.
        found = self.sets[type(collection)(self.items.by_code[code] for code in codes)]
        self._entries.extend(codes)
        self._starts.append(len(self._entries))
        self._arrays = None
        return found

    def __len__(self) -> int:
        return len(self.sets)

    def reduce(self, item_values: np.ndarray, ufunc: np.ufunc, first: int, empty: int) -> np.ndarray:
        """`ufunc` over each set's item values, for sets `first` onwards (`empty` for the empty set)."""
        if self._arrays is None:
            self._arrays = (np.array(self._entries, dtype=np.int64), np.array(self._starts, dtype=np.int64))
        entries, starts = self._arrays
        head = [empty] if first == 0 else []
        first = max(first, 1)
        if first >= len(self.sets):
            return np.array(head, dtype=item_values.dtype)
        offset = starts[first]
        values = item_values[entries[offset:]]
        reduced = ufunc.reduceat(values, starts[first : len(self.sets)] - offset)
        return np.concatenate((np.array(head, dtype=reduced.dtype), reduced))


class _Tables:
    """The distinct values of a pool and the per-value tables computed from them (shared by subsets)."""

    def __init__(self) -> None:
        self.target_group = _Codes()
        self.status = _Codes()
        self.hours = _Codes()  # minimum and maximum hours per week
        self.location = _Codes()
        self.travel = _Codes()  # (max_travel_km, own_transport)
        self.education = _Codes()
        self.abilities = _Codes()  # sorted (rubric, level) items
        self.waiting = _Codes()
        self.wage_value = _Codes()
        self.occupations = _Sets(())
        self.skills = _Sets(frozenset())
        self.sectors = _Sets(frozenset())
        self.occupation_isco = _Codes()
        self.limits: dict[Hashable, _Codes] = {}  # the distinct sets of travel limits, per transport rule
        self.cache: dict[Hashable, np.ndarray] = {}
        self.cached_bytes = 0

    def per_value(
        self, key: Hashable, codes: _Codes, function: Callable[[Any], Any], dtype: Any
    ) -> np.ndarray:
        """`function` of each distinct value, as an array by code; extended when values were added."""
        table = self.cache.get(key)
        if table is None or len(table) < len(codes):
            done = 0 if table is None else len(table)
            new = np.array([function(value) for value in codes.by_code[done:]], dtype=dtype)
            table = new if not done else np.concatenate((table, new))
            self.remember(key, table)
        return table

    def per_set(
        self, key: Hashable, sets: _Sets, items: Callable[[], np.ndarray], ufunc: np.ufunc, empty: int
    ) -> np.ndarray:
        """`ufunc` over each set of the values `items()` gives per item; extended when sets were added."""
        table = self.cache.get(key)
        if table is None or len(table) < len(sets):
            done = 0 if table is None else len(table)
            new = sets.reduce(items(), ufunc, done, empty)
            table = new if table is None else np.concatenate((table, new))
            self.remember(key, table)
        return table

    def remember(self, key: Hashable, table: np.ndarray) -> None:
        if key in self.cache:
            self.cached_bytes -= self.cache[key].nbytes
        if self.cached_bytes + table.nbytes > _CACHE_BYTES:
            self.cache.clear()
            self.cached_bytes = 0
        self.cache[key] = table
        self.cached_bytes += table.nbytes


# Columns: name → (dtype, value of an empty row). The codes a job gathers for every row are numpy's index type
# (intp): numpy gathers with it three times as fast as with int32, which it would convert first.
_COLUMNS: dict[str, tuple[Any, int]] = {
    "pk": (np.int64, -1),
    "organisation": (np.int64, -1),
    "municipality": (np.int64, -1),
    "updated": (np.int64, 0),  # microseconds since 1970 of Candidate.updated_at, 0 when unknown
    "live": (np.bool_, False),
    "target_group": (np.intp, 0),
    "status": (np.int32, 0),
    "available": (np.bool_, False),
    "in_register": (np.bool_, False),
    "registered_until": (np.int32, HIGH),
    "shared": (np.bool_, False),
    "confirmed": (np.int32, LOW),
    "available_from": (np.int32, LOW),
    "hours_min": (np.intp, 0),  # codes of `hours`
    "hours_max": (np.intp, 0),
    "location": (np.intp, 0),
    "travel": (np.intp, 0),
    "own_max": (np.int16, KM_LIMIT),  # max_travel_km, KM_LIMIT when none (or more)
    "education": (np.int32, 0),
    "abilities": (np.intp, 0),
    "occupations": (np.int32, 0),
    "skills": (np.int32, 0),
    "sectors": (np.int32, 0),
    "waiting": (np.int32, 0),
    "born": (np.int32, 0),  # date of birth as yyyymmdd, 0 when unknown
    "wage_value": (np.intp, 0),  # codes of `wage_value`
}
# What a row holds of its CandidateFacts (the key apart).
_FACT_COLUMNS = tuple(
    name for name in _COLUMNS if name not in ("pk", "organisation", "municipality", "updated")
)


def _km_limit(limit: int | None) -> int:
    """A travel limit as a comparable number of kilometres: one that no distance exceeds when there is none
    (or it is more than any distance); UNKNOWN_KM, an unknown distance, exceeds no limit."""
    return KM_LIMIT if limit is None else max(UNKNOWN_KM, min(KM_LIMIT, limit))


def _ordinal(day: date | None, missing: int) -> int:
    return missing if day is None else day.toordinal()


def _day(ordinal: int) -> date | None:
    return None if ordinal in (LOW, HIGH) else date.fromordinal(ordinal)


def _yyyymmdd(day: date | None) -> int:
    """A date as a number whose difference with another, divided by 10,000, is the whole years between."""
    return 0 if day is None else day.year * 10_000 + day.month * 100 + day.day


def _from_yyyymmdd(number: int) -> date | None:
    return None if number == 0 else date(number // 10_000, number // 100 % 100, number % 100)


@dataclass(frozen=True)
class Evaluation:
    """One job against the rows of an index: who passed, with points and tier, and who was excluded why."""

    considered: int
    rows: np.ndarray  # the rows that passed every hard constraint, ascending
    points: np.ndarray  # their points (int64)
    tiers: np.ndarray  # their tiers (int64)
    excluded: dict[str, int]  # exclusion code → how many considered rows it excludes (with count=True)


class CandidateIndex:
    """Candidates as columns (see the module's docstring). Rows are numbered from 0; a removed row's slot is
    reused. `tables` holds the distinct values the columns refer to, which only grow until a rebuild."""

    def __init__(self, tables: _Tables | None = None) -> None:
        self.tables = tables or _Tables()
        self.size = 0  # rows in use, live or removed
        self.live = 0
        self.changes = 0  # rows written or removed since the index was built
        self._columns = {name: np.full(0, fill, dtype=dtype) for name, (dtype, fill) in _COLUMNS.items()}
        self._keys: np.ndarray = np.zeros(0, dtype="S1")
        self._free: list[int] = []
        self._pk_sorted: np.ndarray = np.zeros(0, dtype=np.int64)  # live rows' ids, sorted, their rows beside
        self._pk_rows: np.ndarray = np.zeros(0, dtype=np.int64)

    # --- building and changing -------------------------------------------------------------------------

    @classmethod
    def from_facts(
        cls,
        facts: Sequence[engine.CandidateFacts],
        *,
        pks: Sequence[int] | None = None,
        organisations: Sequence[int] | None = None,
    ) -> CandidateIndex:
        """An index with a row per candidate, in this order (database ids default to the position)."""
        index = cls()
        index.write(
            list(range(len(facts))),
            facts,
            pks=list(range(len(facts))) if pks is None else pks,
            organisations=organisations,
        )
        index._index_pks()
        index.changes = 0
        return index

    def column(self, name: str) -> np.ndarray:
        """The column's values of rows 0 … size-1 (a view: do not change it)."""
        return self._columns[name][: self.size]

    @property
    def keys(self) -> np.ndarray:
        return self._keys[: self.size]

    def key(self, row: int) -> str:
        return bytes(self._keys[row]).decode()

    def _reserve(self, size: int) -> None:
        capacity = len(self._columns["pk"])
        if size <= capacity:
            return
        capacity = max(size, capacity + capacity // 4 + 1024)
        for name, (dtype, fill) in _COLUMNS.items():
            grown = np.full(capacity, fill, dtype=dtype)
            grown[: self.size] = self._columns[name][: self.size]
            self._columns[name] = grown
        keys = np.zeros(capacity, dtype=self._keys.dtype)
        keys[: self.size] = self._keys[: self.size]
        self._keys = keys

    def _encode(self, facts: engine.CandidateFacts) -> tuple[Any, ...]:
        """The row of these facts, in the order of _FACT_COLUMNS."""
        t = self.tables
        return (
            True,
            t.target_group[facts.target_group],
            t.status[facts.status],
            facts.status == engine.AVAILABLE,
            facts.in_register,
            _ordinal(facts.registered_until, HIGH),
            facts.shared_in_region,
            _ordinal(facts.last_confirmed_on, LOW),
            _ordinal(facts.available_from, LOW),
            t.hours[facts.hours_min],
            t.hours[facts.hours_max],
            t.location[facts.location],
            t.travel[facts.max_travel_km, facts.own_transport],
            _km_limit(facts.max_travel_km),
            t.education[facts.education_level],
            t.abilities[tuple(sorted(facts.abilities.items()))],
            t.occupations.code(facts.desired_occupations),
            t.skills.code(facts.skills),
            t.sectors.code(facts.sectors),
            t.waiting[facts.waiting_since],
            _yyyymmdd(facts.date_of_birth),
            t.wage_value[facts.wage_value],
        )

    def write(
        self,
        rows: Sequence[int] | np.ndarray,
        facts: Sequence[engine.CandidateFacts],
        *,
        pks: Sequence[int],
        organisations: Sequence[int] | None = None,
        municipalities: Sequence[int] | None = None,
        updated: Sequence[int] | None = None,
    ) -> None:
        """Write these candidates into these rows; rows past the end grow the index. The caller re-indexes the
        ids (`_index_pks`) when rows were added or ids changed."""
        if not len(rows):
            return
        target = np.asarray(rows, dtype=np.int64)
        self._reserve(int(target.max()) + 1)
        encoded = [self._encode(f) for f in facts]
        for name, values in zip(_FACT_COLUMNS, zip(*encoded, strict=True), strict=True):
            self._columns[name][target] = values
        for name, given in (
            ("pk", pks),
            ("organisation", organisations),
            ("municipality", municipalities),
            ("updated", updated),
        ):
            if given is not None:
                self._columns[name][target] = given
        keys = np.array([f.key.encode() for f in facts], dtype=bytes)
        if keys.dtype.itemsize > self._keys.dtype.itemsize:
            self._keys = self._keys.astype(keys.dtype)
        self._keys[target] = keys
        self.size = max(self.size, int(target.max()) + 1)
        self.changes += len(target)

    def _index_pks(self) -> None:
        live = np.flatnonzero(self.column("live"))
        pks = self.column("pk")[live]
        order = np.argsort(pks, kind="stable")
        self._pk_sorted, self._pk_rows = pks[order], live[order]
        self.live = len(live)

    def rows_of(self, pks: Iterable[int]) -> np.ndarray:
        """The live row of each database id, -1 where there is none."""
        wanted = np.fromiter(pks, dtype=np.int64)
        if not len(self._pk_sorted):
            return np.full(len(wanted), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(self._pk_sorted, wanted), len(self._pk_sorted) - 1)
        return np.where(self._pk_sorted[at] == wanted, self._pk_rows[at], -1)

    def updated_of(self, pks: Iterable[int]) -> np.ndarray:
        """Candidate.updated_at in microseconds as the index holds it per database id (-1: not held)."""
        rows = self.rows_of(pks)
        held = rows >= 0
        updated: np.ndarray = np.full(len(rows), -1, dtype=np.int64)
        updated[held] = self._columns["updated"][rows[held]]
        return updated

    def upsert(
        self,
        facts: Sequence[engine.CandidateFacts],
        *,
        pks: Sequence[int],
        organisations: Sequence[int],
        municipalities: Sequence[int] | None = None,
        updated: Sequence[int] | None = None,
        reindex: bool = True,
    ) -> None:
        """Write these candidates (distinct ids) into their rows, or into free or new rows."""
        rows = self.rows_of(pks)
        added = np.flatnonzero(rows < 0)
        end = self.size
        for i in added.tolist():
            if self._free:
                rows[i] = self._free.pop()
            else:
                rows[i], end = end, end + 1
        self.write(
            rows, facts, pks=pks, organisations=organisations, municipalities=municipalities, updated=updated
        )
        if len(added) and reindex:
            self._index_pks()

    def remove(self, pks: Iterable[int]) -> int:
        """Remove these candidates (ids the index does not hold are ignored); returns how many it held."""
        rows = self.rows_of(pks)
        rows = np.unique(rows[rows >= 0])
        if not len(rows):
            return 0
        for name, (_dtype, fill) in _COLUMNS.items():
            self._columns[name][rows] = fill
        self._keys[rows] = b""
        self._free.extend(rows.tolist())
        self.changes += len(rows)
        self._index_pks()
        return len(rows)

    def take(self, rows: np.ndarray) -> CandidateIndex:
        """A new index of these rows, in this order, sharing the distinct values and tables."""
        part = CandidateIndex(self.tables)
        part._columns = {name: self._columns[name][rows] for name in _COLUMNS}
        part._keys = self._keys[rows]
        part.size = len(rows)
        part._index_pks()
        return part

    def nbytes(self) -> int:
        """Bytes of the columns and of the tables' arrays (not the Python objects of the distinct values)."""
        arrays = [
            *self._columns.values(),
            self._keys,
            self._pk_sorted,
            self._pk_rows,
            *self.tables.cache.values(),
        ]
        return sum(a.nbytes for a in arrays if isinstance(a, np.ndarray))

    def facts(self, row: int) -> engine.CandidateFacts:
        """The facts this row holds: equal to the facts it was written from."""
        c = {name: self._columns[name][row].item() for name in _FACT_COLUMNS}
        t = self.tables
        max_travel_km, own_transport = t.travel.by_code[c["travel"]]
        return engine.CandidateFacts(
            key=self.key(row),
            target_group=t.target_group.by_code[c["target_group"]],
            status=t.status.by_code[c["status"]],
            in_register=c["in_register"],
            registered_until=_day(c["registered_until"]),
            shared_in_region=c["shared"],
            last_confirmed_on=_day(c["confirmed"]),
            abilities=dict(t.abilities.by_code[c["abilities"]]),
            hours_min=t.hours.by_code[c["hours_min"]],
            hours_max=t.hours.by_code[c["hours_max"]],
            location=t.location.by_code[c["location"]],
            max_travel_km=max_travel_km,
            own_transport=own_transport,
            available_from=_day(c["available_from"]),
            education_level=t.education.by_code[c["education"]],
            desired_occupations=t.occupations.sets.by_code[c["occupations"]],
            skills=t.skills.sets.by_code[c["skills"]],
            sectors=t.sectors.sets.by_code[c["sectors"]],
            waiting_since=t.waiting.by_code[c["waiting"]],
            date_of_birth=_from_yyyymmdd(c["born"]),
            wage_value=t.wage_value.by_code[c["wage_value"]],
        )

    # --- per-value tables ---------------------------------------------------------------------------------

    def _km(self, point: engine.Point) -> np.ndarray:
        """Whole kilometres from each distinct candidate location to `point` (UNKNOWN_KM: location unknown).
        No two points on earth are KM_LIMIT apart."""
        return self.tables.per_value(
            ("km", point),
            self.tables.location,
            lambda location: UNKNOWN_KM if location is None else engine.distance_km(location, point),
            np.int16,
        )

    def _travel(
        self, transport_support: bool, transport_max_km: Mapping[str, int | None]
    ) -> tuple[np.ndarray, np.ndarray, _Codes, tuple]:
        """Per travel code (max_travel_km, own_transport): the limit of the transport (see _km_limit) and the
        code of the limits that are set, both by engine.travel_limits; also the distinct limits and a key."""
        t = self.tables
        key = ("travel", transport_support, tuple(sorted(transport_max_km.items())))
        distinct = t.limits.setdefault(key, _Codes())
        job = dataclasses.replace(_STUB_JOB, transport_support=transport_support)

        def limits(travel: tuple[int | None, str]) -> tuple[int | None, int | None]:
            candidate = _stand_in(max_travel_km=travel[0], own_transport=travel[1])
            return engine.travel_limits(candidate, job, transport_max_km)

        transport = t.per_value(
            (*key, "transport"), t.travel, lambda travel: _km_limit(limits(travel)[1]), np.int16
        )
        codes = t.per_value(
            (*key, "limits"),
            t.travel,
            lambda travel: distinct.code(tuple(limit for limit in limits(travel) if limit is not None)),
            np.int64,
        )
        return transport, codes, distinct, key

    def _distance_points(self, distinct: _Codes, weight: int, largest_km: int, key: tuple) -> np.ndarray:
        """Points by (code of the limits, km + 1), from engine.distance_factor; column 0: distance unknown."""
        key = ("distance", weight, *key)
        table = self.tables.cache.get(key)
        if table is None or table.shape[0] < len(distinct) or table.shape[1] < largest_km + 2:
            width = max(largest_km + 2, 0 if table is None else table.shape[1])
            width = (width + 63) // 64 * 64
            unknown = engine._distance(_stand_in(), _STUB_JOB, weight, {}).points
            table = np.array(
                [
                    [unknown, *(engine.distance_factor(km, limits, weight).points for km in range(width - 1))]
                    for limits in distinct.by_code
                ],
                dtype=np.int64,
            ).reshape(len(distinct), width)
            self.tables.remember(key, table)
        return table

    def _occupation_points(self, job: engine.JobFacts, weight: int) -> np.ndarray:
        """Occupation points per set of desired occupations: the best of its occupations alone. One
        occupation's points depend only on whether it is the job's occupation and on its ISCO code, so they
        are the engine's for each ISCO code of the pool (with a key that is not the job's), and the job's."""
        t = self.tables
        target = job.occupation

        def items() -> np.ndarray:
            isco_of_item = t.per_value(
                ("isco",), t.occupations.items, lambda ref: t.occupation_isco.code(ref.isco), np.int64
            )
            other = target.key + "\0"
            by_isco = t.per_value(
                ("occupation-isco", target.isco, weight),
                t.occupation_isco,
                lambda isco: (
                    engine._occupation(
                        _stand_in(desired_occupations=(engine.OccupationRef(other, isco),)), job, weight
                    ).points
                ),
                np.int64,
            )
            points = by_isco[isco_of_item]
            exact = [i for i, ref in enumerate(t.occupations.items.by_code) if ref.key == target.key]
            if exact:
                points[exact] = engine._occupation(
                    _stand_in(desired_occupations=(target,)), job, weight
                ).points
            return points

        empty = engine._occupation(_stand_in(), job, weight).points
        return t.per_set(("occupation", target, weight), t.occupations, items, np.maximum, empty)

    def _skill_points(self, job: engine.JobFacts, weight: int) -> np.ndarray:
        """Skill points per set of skills, from the number of the job's skills in it."""
        t = self.tables
        asked = sorted(job.skills)
        by_count = np.array(
            [
                engine._skills(_stand_in(skills=frozenset(asked[:m])), job, weight).points
                for m in range(len(asked) + 1)
            ],
            dtype=np.int64,
        )

        def items() -> np.ndarray:
            return np.array([term in job.skills for term in t.skills.items.by_code], dtype=np.int64)

        counts = t.per_set(("skills", job.skills), t.skills, items, np.add, 0)
        return by_count[counts]

    def _preference_points(self, job: engine.JobFacts, weight: int) -> np.ndarray:
        """Preference points per set of sectors: the best of its sectors alone."""
        t = self.tables

        def items() -> np.ndarray:
            return np.array(
                [
                    engine._preferences(_stand_in(sectors=frozenset({sector})), job, weight).points
                    for sector in t.sectors.items.by_code
                ],
                dtype=np.int64,
            )

        empty = engine._preferences(_stand_in(), job, weight).points
        return t.per_set(("sectors", job.sector, weight), t.sectors, items, np.maximum, empty)

    def _priority(
        self, job: engine.JobFacts, rules: Sequence[engine.PriorityRule], on: date
    ) -> tuple[np.ndarray, np.ndarray]:
        """Bonus points and tier per target group, from the rules that apply."""

        def applying(group: str) -> list[engine.PriorityRule]:
            return [rule for rule in rules if rule.applies(_stand_in(target_group=group), job, on)]

        key = (tuple(rules), job.kind, on)
        bonus = self.tables.per_value(
            ("bonus", *key),
            self.tables.target_group,
            lambda g: sum(r.bonus for r in applying(g) if r.effect is not engine.Effect.FIRST_TIER),
            np.int64,
        )
        tier = self.tables.per_value(
            ("tier", *key),
            self.tables.target_group,
            lambda g: int(any(r.effect is engine.Effect.FIRST_TIER for r in applying(g))),
            np.int64,
        )
        return bonus, tier

    def _cost_points(
        self, job: engine.JobFacts, on: date, weight: int, costs: CostCalculator, rows: np.ndarray
    ) -> np.ndarray:
        """The cost factor's points of `rows` in `job`: engine._cost of costs.cost_profile's cost, once per
        profile present (a table by profile code, kept per figures token, date and hours)."""
        t, c = self.tables, self._columns
        values = len(t.wage_value)
        born = c["born"][rows]
        ages = np.where(born > 0, (_yyyymmdd(on) - born) // 10_000, ADULT)
        bands = np.clip(ages, YOUNGEST, ADULT) - YOUNGEST
        registered = c["in_register"][rows] & (c["registered_until"][rows] >= on.toordinal())
        codes = (
            (c["target_group"][rows] * values + c["wage_value"][rows]) * 2 + registered
        ) * AGE_BANDS + bands
        key = ("cost", costs.token, on, job.hours, weight, len(t.target_group), values)
        table = t.cache.get(key)
        if table is None:
            table = np.full(len(t.target_group) * values * 2 * AGE_BANDS, _NOT_COMPUTED, dtype=np.int64)
        present = np.flatnonzero(np.bincount(codes, minlength=len(table)))
        missing = present[table[present] == _NOT_COMPUTED]
        if len(missing) or key not in t.cache:
            for code in missing.tolist():
                rest, band = divmod(code, AGE_BANDS)
                rest, in_register = divmod(rest, 2)
                group, value = divmod(rest, values)
                profile = cost_profile(
                    target_group=t.target_group.by_code[group],
                    age=YOUNGEST + band,
                    wage_value=t.wage_value.by_code[value],
                    in_register=bool(in_register),
                )
                table[code] = engine._cost(costs.cost(profile, job.hours), weight).points
            t.remember(key, table)
        return table[codes]

    # --- matching -----------------------------------------------------------------------------------------

    def evaluate(
        self,
        job: engine.JobFacts,
        on: date,
        *,
        weights: engine.Weights,
        rules: Sequence[engine.PriorityRule] = (),
        freshness_days: int = engine.DEFAULT_FRESHNESS_DAYS,
        transport_max_km: Mapping[str, int | None] = engine.TRANSPORT_MAX_KM,
        among: np.ndarray | None = None,
        consenting_organisation: int | None = None,
        costs: CostCalculator | None = None,
        count: bool = True,
        candidate_side_passed: bool = False,
    ) -> Evaluation:
        """`job` against the live rows (of `among`, a mask over rows 0 … size-1, when given) as the engine
        does pair by pair: hard_constraints, then score for the pairs without exclusions. Rows of
        `consenting_organisation` count as consenting (selectors._consent_as_seen_by); the employer's cost
        is scored with `costs` when given (the calculator must be for `on`). With `count` the exclusions
        are counted per code.
        `candidate_side_passed` says every row is known to pass the constraints that do not depend on the
        job (status, freshness and consent on `on`), which are then not checked again."""
        if costs is not None and costs.on != on:
            raise ValueError("The cost calculator is for another date.")
        t, col = self.tables, self.column
        considered = col("live") if among is None else among & col("live")
        masks: dict[str, np.ndarray] = {}

        def by_value(code: str, table: np.ndarray, column: str) -> None:
            """Exclude the rows whose value `table` excludes (nothing to do when it excludes no value)."""
            if table.any():
                masks[code] = table[col(column)]

        if job.kind == engine.JOBS_AGREEMENT:
            registered = col("in_register") & (col("registered_until") >= on.toordinal())
            masks[engine.NOT_IN_REGISTER] = ~registered
        elif job.kind == engine.SHELTERED_WORK:
            without = t.per_value(
                ("no indication",),
                t.target_group,
                lambda group: group not in engine.SHELTERED_WORK_INDICATION,
                np.bool_,
            )
            by_value(engine.NO_SHELTERED_WORK_INDICATION, without, "target_group")
        if not candidate_side_passed:
            masks[engine.NOT_AVAILABLE_STATUS] = ~col("available")
            masks[engine.STALE_PROFILE] = col("confirmed") < (on - timedelta(days=freshness_days)).toordinal()
            consent = col("shared")
            if consenting_organisation is not None:
                consent = consent | (col("organisation") == consenting_organisation)
            masks[engine.NO_CONSENT] = ~consent
        start = max(on, job.start_date) if job.start_date else on
        masks[engine.NOT_AVAILABLE_YET] = col("available_from") > start.toordinal()
        above = t.per_value(
            ("above", job.hours), t.hours, lambda h: h is not None and job.hours > h, np.bool_
        )
        by_value(engine.HOURS_ABOVE_MAX, above, "hours_max")
        below = t.per_value(
            ("below", job.hours), t.hours, lambda h: h is not None and job.hours < h, np.bool_
        )
        by_value(engine.HOURS_BELOW_MIN, below, "hours_min")
        transport_max, limits, distinct, travel_key = self._travel(job.transport_support, transport_max_km)
        km = None
        if job.location is not None:
            km = self._km(job.location)[col("location")]
            masks[engine.TOO_FAR] = km > col("own_max")
            masks[engine.TOO_FAR_FOR_TRANSPORT] = km > transport_max[col("travel")]
        demands = [
            (i, job.demands[rubric]) for i, rubric in enumerate(engine.RUBRICS) if rubric in job.demands
        ]
        if demands:
            levels = t.per_value(
                ("levels",),
                t.abilities,
                lambda items: [dict(items).get(rubric, 1) for rubric in engine.RUBRICS],
                np.int64,
            ).reshape(-1, len(engine.RUBRICS))
            beyond: np.ndarray = np.zeros(len(levels), dtype=np.bool_)
            for i, demand in demands:
                beyond |= levels[:, i] > demand
            by_value(engine.ABILITY, beyond, "abilities")

        excluded_any: np.ndarray = np.zeros(self.size, dtype=np.bool_)
        for mask in masks.values():
            excluded_any |= mask
        rows = np.flatnonzero(considered & ~excluded_any)
        excluded: dict[str, int] = {}
        if count:
            for code, mask in masks.items():
                if n := int(np.count_nonzero(mask & considered)):
                    excluded[code] = n

        def at(name: str) -> np.ndarray:
            return self._columns[name][rows]

        points = self._occupation_points(job, weights.occupation)[at("occupations")]
        if job.skills:
            points += self._skill_points(job, weights.skills)[at("skills")]
        else:
            points += engine._skills(_stand_in(), job, weights.skills).points
        if km is not None:
            known = np.maximum(km[rows], -1)  # -1: unknown
            table = self._distance_points(distinct, weights.distance, int(known.max(initial=0)), travel_key)
            points += table[limits[at("travel")], known + 1]
        else:
            points += engine._distance(_stand_in(), job, weights.distance, transport_max_km).points
        points += t.per_value(
            ("hours", job.hours, weights.hours),
            t.hours,
            lambda h: engine._hours(_stand_in(hours_max=h), job, weights.hours).points,
            np.int64,
        )[at("hours_max")]
        points += t.per_value(
            ("education", job.occupation.isco[:1], weights.education),
            t.education,
            lambda level: engine._education(_stand_in(education_level=level), job, weights.education).points,
            np.int64,
        )[at("education")]
        points += self._preference_points(job, weights.preferences)[at("sectors")]
        points += t.per_value(
            ("waiting", on, weights.waiting, weights.waiting_cap_months),
            t.waiting,
            lambda since: engine._waiting(_stand_in(waiting_since=since), weights, on).points,
            np.int64,
        )[at("waiting")]
        if costs is None:
            points += engine._cost(None, weights.cost).points
        elif len(rows):
            points += self._cost_points(job, on, weights.cost, costs, rows)
        tiers: np.ndarray = np.zeros(len(rows), dtype=np.int64)
        if rules:
            bonus, tier = self._priority(job, rules, on)
            groups = at("target_group")
            points += bonus[groups]
            tiers = tier[groups]
        return Evaluation(
            considered=int(np.count_nonzero(considered)),
            rows=rows,
            points=points,
            tiers=tiers,
            excluded=excluded,
        )

    def best(self, evaluation: Evaluation, limit: int | None = None) -> np.ndarray:
        """Positions in `evaluation.rows` of the best `limit` (all when None), best first: tier and points
        descending, then key ascending."""
        n = len(evaluation.rows)
        if not n or (limit is not None and limit <= 0):
            return np.zeros(0, dtype=np.int64)
        score = evaluation.tiers * (int(evaluation.points.max()) + 1) + evaluation.points
        chosen = np.arange(n)
        if limit is not None and limit < n:
            kth = np.partition(score, n - limit)[n - limit]
            chosen = np.flatnonzero(score >= kth)  # the best `limit` and everyone tied with the last of them
        order = np.lexsort((self._keys[evaluation.rows[chosen]], -score[chosen]))
        return chosen[order][:limit]


_STUB_JOB = engine.JobFacts(key="", kind="", occupation=engine.OccupationRef("", ""), hours=Decimal(0))


# --- a round's edges ---------------------------------------------------------------------------------------


@dataclass
class _LastPool:
    refs: list[weakref.ref] = dataclasses.field(default_factory=list)  # to the facts of the pool
    index: CandidateIndex | None = None


_last_pool = _LastPool()
_last_pool_lock = threading.Lock()


def pool_index(pool: Sequence[engine.CandidateFacts]) -> CandidateIndex:
    """An index of `pool` (a row per fact, in order), reused while the same facts come again: rounds.py scores
    one pool in slices of its jobs. Only weak references to the facts are kept."""
    with _last_pool_lock:
        last = _last_pool
        if (
            last.index is not None
            and len(last.refs) == len(pool)
            and all(ref() is facts for ref, facts in zip(last.refs, pool, strict=True))
        ):
            return last.index
        last.index = CandidateIndex.from_facts(pool)
        last.refs = [weakref.ref(facts) for facts in pool]
        return last.index


@dataclass(frozen=True)
class EdgeArrays:
    """The edges of a round as arrays, one element per edge: what `round_edges` gives as Edge objects."""

    candidates: np.ndarray  # position of the candidate in the pool
    jobs: np.ndarray  # position of the job in the jobs
    points: np.ndarray
    tiers: np.ndarray


def round_edge_arrays(
    pool: Sequence[engine.CandidateFacts],
    jobs: Sequence[engine.JobFacts],
    on: date,
    *,
    weights: engine.Weights,
    rules: Sequence[engine.PriorityRule] = (),
    freshness_days: int = engine.DEFAULT_FRESHNESS_DAYS,
    transport_max_km: Mapping[str, int | None] = engine.TRANSPORT_MAX_KM,
    skip_pairs: Collection[tuple[str, str]] = frozenset(),
    top_k: int | None = None,
    costs: CostCalculator | None = None,
) -> EdgeArrays:
    """`round_edges` as arrays, in the same order, without an object per edge (about 1.5 µs each)."""
    empty: np.ndarray = np.zeros(0, dtype=np.int64)
    if not pool or not jobs:
        return EdgeArrays(empty, empty, empty, empty)
    index = pool_index(pool)
    # What does not depend on the job (status, freshness, consent) is checked once for the whole pool.
    ready = (
        index.column("available")
        & (index.column("confirmed") >= (on - timedelta(days=freshness_days)).toordinal())
        & index.column("shared")
    )
    positions = np.flatnonzero(ready)
    part = index.take(positions)
    skipped: dict[str, list[int]] = defaultdict(list)
    if skip_pairs:
        rows_of_key: dict[str, list[int]] = defaultdict(list)
        for row, position in enumerate(positions.tolist()):
            rows_of_key[pool[position].key].append(row)
        for candidate_key, job_key in skip_pairs:
            skipped[job_key].extend(rows_of_key.get(candidate_key, ()))
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    for number, job in enumerate(jobs):
        among: np.ndarray | None = None
        if job.key in skipped:
            among = np.ones(part.size, dtype=np.bool_)
            among[skipped[job.key]] = False
        evaluation = part.evaluate(
            job,
            on,
            weights=weights,
            rules=rules,
            freshness_days=freshness_days,
            transport_max_km=transport_max_km,
            among=among,
            costs=costs,
            count=False,
            candidate_side_passed=True,
        )
        chosen = slice(None) if top_k is None else part.best(evaluation, top_k * max(job.positions, 1))
        rows = positions[evaluation.rows[chosen]]
        found.append((rows, np.full(len(rows), number), evaluation.points[chosen], evaluation.tiers[chosen]))
    candidates, job_numbers, points, tiers = (np.concatenate(arrays) for arrays in zip(*found, strict=True))
    return EdgeArrays(candidates, job_numbers, points, tiers)


def round_edges(
    pool: Sequence[engine.CandidateFacts],
    jobs: Sequence[engine.JobFacts],
    on: date,
    *,
    weights: engine.Weights,
    rules: Sequence[engine.PriorityRule] = (),
    freshness_days: int = engine.DEFAULT_FRESHNESS_DAYS,
    transport_max_km: Mapping[str, int | None] = engine.TRANSPORT_MAX_KM,
    skip_pairs: Collection[tuple[str, str]] = frozenset(),
    top_k: int | None = None,
    costs: CostCalculator | None = None,
) -> list[Edge]:
    """Every (candidate, job) pair that passes the hard constraints, with its points and tier: per job in the
    order of `jobs`, and within a job in the order of `pool` (the engine-per-pair `round_edges_reference`
    gives the same list).

    `skip_pairs` holds (candidate key, job key) pairs left out (e.g. declined before). With `top_k`, a job
    keeps only its best `top_k × positions` edges (tier, then points, then candidate key), best first.
    The employer's cost is scored with `costs` when given.
    """
    arrays = round_edge_arrays(
        pool,
        jobs,
        on,
        weights=weights,
        rules=rules,
        freshness_days=freshness_days,
        transport_max_km=transport_max_km,
        skip_pairs=skip_pairs,
        top_k=top_k,
        costs=costs,
    )
    keys = np.array([facts.key for facts in pool], dtype=object)
    job_keys = np.array([job.key for job in jobs], dtype=object)
    return list(
        map(
            Edge,
            keys[arrays.candidates].tolist(),
            job_keys[arrays.jobs].tolist(),
            arrays.points.tolist(),
            arrays.tiers.tolist(),
        )
    )


def round_edges_reference(
    pool: Sequence[engine.CandidateFacts],
    jobs: Sequence[engine.JobFacts],
    on: date,
    *,
    weights: engine.Weights,
    rules: Sequence[engine.PriorityRule] = (),
    freshness_days: int = engine.DEFAULT_FRESHNESS_DAYS,
    transport_max_km: Mapping[str, int | None] = engine.TRANSPORT_MAX_KM,
    skip_pairs: Collection[tuple[str, str]] = frozenset(),
    top_k: int | None = None,
    costs: CostCalculator | None = None,
) -> list[Edge]:
    """`round_edges` as the engine gives it pair by pair: the straightforward version it must equal."""
    skip = set(skip_pairs)
    edges: list[Edge] = []
    for job in jobs:
        found = []
        for candidate in pool:
            if (candidate.key, job.key) in skip:
                continue
            if engine.hard_constraints(
                candidate, job, on, freshness_days=freshness_days, transport_max_km=transport_max_km
            ):
                continue
            cost = costs.pair(candidate, job) if costs is not None else None
            result = engine.score(
                candidate, job, weights, rules, on, cost=cost, transport_max_km=transport_max_km
            )
            found.append(Edge(candidate.key, job.key, result.points, result.tier))
        if top_k is not None:
            found.sort(key=lambda e: (-e.tier, -e.points, e.candidate))
            found = found[: top_k * max(job.positions, 1)]
        edges.extend(found)
    return edges


# --- a region's candidates, kept up to date from the database ---------------------------------------------

# How far before the previous check a check looks for changed candidates: a write whose transaction commits
# up to this long after it set updated_at, or on a server whose clock is this much behind, is still seen.
OVERLAP = timedelta(minutes=2)
# How often a check also counts the region's candidates and looks for new reference data (see RegionIndex).
VERIFY_EVERY = 10.0  # seconds
# Above this many changed candidates a rebuild is cheaper than reading them again in chunks.
REBUILD_ABOVE = 20_000
LOAD_CHUNK = 500
# A build reads this many candidates' facts at a time, so it never holds a whole region's facts at once.
BUILD_CHUNK = 20_000
# Indexes kept per process, the least recently used dropped first: about 80 MB per 300,000 candidates.
MAX_INDEXED_CANDIDATES = 1_000_000
MAX_INDEXED_REGIONS = 64

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _micros(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class Ranked:
    pk: int
    organisation_id: int
    facts: engine.CandidateFacts  # as the index holds them, with the consent as the user sees it
    points: int
    tier: int


@dataclass(frozen=True)
class Ranking:
    considered: int
    eligible: int
    excluded: dict[str, int]  # exclusion code → candidates excluded for it
    best: list[Ranked]


class RegionIndex:
    """The candidates of one region in a CandidateIndex, brought up to date from the database on every use.

    Built with the candidates who left the pool as well (a return is then an update), BUILD_CHUNK candidates'
    facts at a time (facts.candidate_pool): about 20 s for 300,000, paid by the first use in a process (14 s
    of it reading the facts). Every use (`refresh`) then costs one query: the candidates with
    updated_at at or after the previous check less OVERLAP (cheap with an index on (region, updated_at));
    those whose updated_at differs from the one the index holds are read again and written to their rows,
    and a row whose candidate is no longer in the region is removed.

    Deletions leave no updated_at behind, so every VERIFY_EVERY seconds a check also counts the region's
    candidates (the count scans an index of the region: 8 ms for 300,000 on SQLite, 14 ms on PostgreSQL,
    too much for every use), and at once after this process deleted candidates of the region. A count that
    differs from the index's means candidates were deleted or moved to another region (or committed more
    than OVERLAP after they were written): the index then compares every (id, updated_at) of the region with
    its own (a reconcile) rather than rebuilding. So a candidate deleted by another process may be counted
    among the excluded for up to VERIFY_EVERY seconds; it is never shown (selectors reads the shown ones
    again). The same check rebuilds after a new load of reference data (postcode areas, occupations,
    sectors). After many changes (half the rows) the index is rebuilt, which also drops distinct values no
    row uses any more.

    Every change of a fact the engine reads bumps Candidate.updated_at: the services save the candidate, and
    this module's signal handlers (connected in apps.py) bump it when functional abilities, consents, desired
    occupations or sectors change. Writes that bypass both (a bulk_create of consents or abilities for
    existing candidates, raw SQL, a trigger) are seen after `forget_indexes()` or the next rebuild.

    Thread-safe: one lock covers a refresh and the evaluation that follows it. Processes share nothing but the
    database, so each process keeps its own indexes, MAX_INDEXED_CANDIDATES rows in all: about 270 bytes a
    candidate (bench/matching_top20.py: 77 MB for 300,000, 52 MB of it numpy columns, the rest the distinct
    values they refer to). A build holds BUILD_CHUNK candidates' facts at a time (a peak of ~190 MB).
    """

    def __init__(self, region_id: int) -> None:
        self.region_id = region_id
        self.lock = threading.RLock()
        self.index = CandidateIndex()
        self.municipality_codes: dict[int, str] = {}
        self.builds = self.reconciles = self.loaded = 0
        self._checked: datetime | None = None  # when the last check started (the database's clock)
        self._verified = 0.0  # when the last check counted (time.monotonic)
        self._reference: object = None

    def _rows(self, **filters: Any) -> list[tuple[int, datetime, int, str]]:
        return list(
            Candidate.objects.filter(region_id=self.region_id, **filters)
            .order_by()
            .values_list("pk", "updated_at", "municipality_id", "municipality__code")
        )

    def _state(self) -> tuple[int, object]:
        """The number of the region's candidates and when reference data was last loaded, in one query. (As a
        subquery correlated with the region, PostgreSQL counts by scanning the table: four times slower.)"""
        quote = connection.ops.quote_name
        candidates, references = (quote(model._meta.db_table) for model in (Candidate, ReferenceDataSet))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT COUNT(*) FROM {candidates} WHERE {quote('region_id')} = %s), "  # noqa: S608
                f"(SELECT MAX({quote('loaded_at')}) FROM {references})",
                [self.region_id],
            )
            count, latest = cursor.fetchone()
        return count, latest

    def refresh(self) -> None:
        with self.lock:
            started, now = timezone.now(), time.monotonic()
            if self._checked is None or now - self._verified >= VERIFY_EVERY or self.region_id in _deleted:
                _deleted.discard(self.region_id)
                count, reference = self._state()
                self._verified = now
            else:
                count, reference = None, self._reference
            if (
                self._checked is None
                or reference != self._reference
                or self.index.changes > max(REBUILD_ABOVE, self.index.live // 2)
            ):
                self._build(started, reference)
                return
            changed = self._rows(updated_at__gte=self._checked - OVERLAP)
            held = self.index.updated_of(row[0] for row in changed).tolist()
            stale = [row for row, at in zip(changed, held, strict=True) if at != _micros(row[1])]
            if len(stale) > REBUILD_ABOVE:
                self._build(started, reference)
                return
            self._load(stale)
            if count is not None and count != self.index.live:
                self._reconcile()
            self._checked = started

    def _build(self, started: datetime, reference: object) -> None:
        rows = sorted(self._rows())  # before the facts: a change in between is read again at the next check
        self.index = CandidateIndex()
        self.municipality_codes = {}
        for chunk in _chunks(rows, BUILD_CHUNK):
            self._load(chunk, between=(chunk[0][0], chunk[-1][0]), reindex=False)
        self.index._index_pks()
        self.index.changes = 0
        self.builds += 1
        self._checked, self._reference = started, reference

    def _load(
        self,
        rows: Sequence[tuple[int, datetime, int, str]],
        *,
        between: tuple[int, int] | None = None,
        reindex: bool = True,
    ) -> None:
        """Read these candidates' facts (those with ids `between` two, for a build) and write them."""
        if not rows:
            return
        info = {pk: (_micros(updated), municipality) for pk, updated, municipality, _code in rows}
        self.municipality_codes.update((municipality, code) for _pk, _at, municipality, code in rows)
        in_region = Candidate.objects.filter(region_id=self.region_id)
        if between is not None:
            members = candidate_pool(in_region.filter(pk__range=between), include_left=True)
        else:
            members = []
            for chunk in _chunks([row[0] for row in rows], LOAD_CHUNK):
                members += candidate_pool(in_region.filter(pk__in=chunk), include_left=True)
            found = {member.pk for member in members}
            self.index.remove(pk for pk in info if pk not in found)
        unknown = (0, -1)  # written after the ids were read: read again at the next check
        self.index.upsert(
            [member.facts for member in members],
            pks=[member.pk for member in members],
            organisations=[member.responsible_organisation_id for member in members],
            updated=[info.get(member.pk, unknown)[0] for member in members],
            municipalities=[info.get(member.pk, unknown)[1] for member in members],
            reindex=reindex,
        )
        self.loaded += len(members)

    def _reconcile(self) -> None:
        rows = self._rows()
        in_database = np.array([row[0] for row in rows], dtype=np.int64)
        held = self.index.column("pk")[self.index.column("live")]
        updated = self.index.updated_of(in_database).tolist()
        stale = [row for row, at in zip(rows, updated, strict=True) if at != _micros(row[1])]
        if len(stale) > REBUILD_ABOVE:
            self._build(timezone.now(), self._reference)
            return
        self.index.remove(np.setdiff1d(held, in_database).tolist())
        self._load(stale)
        self.reconciles += 1

    def _considered(
        self, *, target_group: str, municipality_code: str, organisation_id: int | None
    ) -> np.ndarray:
        index, tables = self.index, self.index.tables
        among = index.column("live").copy()
        left = tables.status.get(CandidateStatus.LEFT)
        if left is not None:
            among &= index.column("status") != left
        if target_group:
            group = tables.target_group.get(target_group)
            among &= index.column("target_group") == (-1 if group is None else group)
        if municipality_code:
            ids = [pk for pk, code in self.municipality_codes.items() if code == municipality_code]
            among &= np.isin(index.column("municipality"), ids)
        if organisation_id is not None:
            among &= index.column("organisation") == organisation_id
        return among

    def rank(
        self,
        job: engine.JobFacts,
        on: date,
        *,
        weights: engine.Weights,
        rules: Sequence[engine.PriorityRule] = (),
        freshness_days: int = engine.DEFAULT_FRESHNESS_DAYS,
        transport_max_km: Mapping[str, int | None] = engine.TRANSPORT_MAX_KM,
        limit: int = 20,
        target_group: str = "",
        municipality_code: str = "",
        organisation_id: int | None = None,
        own_organisation: int | None = None,
        sees_own_in_full: Callable[[], bool] | None = None,
        costs: CostCalculator | None = None,
    ) -> Ranking:
        """The region's candidates (not those who left; of `target_group`, the municipality with
        `municipality_code` and `organisation_id` when given) for `job`, as selectors.matches_for_vacancy
        ranks them: the counts, and the best `limit` with their facts. Candidates of `own_organisation`
        without region-wide consent count as consenting when `sees_own_in_full()` (asked only when there are
        such candidates). The employer's cost is scored with `costs` when given."""
        with self.lock:
            self.refresh()
            index = self.index
            among = self._considered(
                target_group=target_group,
                municipality_code=municipality_code,
                organisation_id=organisation_id,
            )
            consenting = None
            if own_organisation is not None and sees_own_in_full is not None:
                unshared = (
                    among & ~index.column("shared") & (index.column("organisation") == own_organisation)
                )
                if unshared.any() and sees_own_in_full():
                    consenting = own_organisation
            evaluation = index.evaluate(
                job,
                on,
                weights=weights,
                rules=rules,
                freshness_days=freshness_days,
                transport_max_km=transport_max_km,
                among=among,
                consenting_organisation=consenting,
                costs=costs,
            )
            best = []
            for position in index.best(evaluation, limit).tolist():
                row = int(evaluation.rows[position])
                facts = index.facts(row)
                organisation = int(index.column("organisation")[row])
                if organisation == consenting and not facts.shared_in_region:
                    facts = dataclasses.replace(facts, shared_in_region=True)
                best.append(
                    Ranked(
                        pk=int(index.column("pk")[row]),
                        organisation_id=organisation,
                        facts=facts,
                        points=int(evaluation.points[position]),
                        tier=int(evaluation.tiers[position]),
                    )
                )
            return Ranking(
                considered=evaluation.considered,
                eligible=len(evaluation.rows),
                excluded=evaluation.excluded,
                best=best,
            )


_indexes: OrderedDict[tuple[int, str], RegionIndex] = OrderedDict()
_deleted: set[int] = set()  # regions whose candidates this process deleted since their index last counted
_indexes_lock = threading.Lock()


def region_index(region: Region) -> RegionIndex:
    """The process's index of the region's candidates (brought up to date by its `rank` and `refresh`)."""
    key = (region.pk, str(region.uuid))
    with _indexes_lock:
        found = _indexes.pop(key, None) or RegionIndex(region.pk)
        _indexes[key] = found
        held = sum(index.index.live for index in _indexes.values())
        for other in list(_indexes):
            if other == key or (held <= MAX_INDEXED_CANDIDATES and len(_indexes) <= MAX_INDEXED_REGIONS):
                break
            held -= _indexes.pop(other).index.live
    return found


def forget_indexes() -> None:
    """Drop every index of this process (the next use rebuilds), e.g. after writes that bypass updated_at."""
    with _indexes_lock:
        _indexes.clear()


# --- updated_at for every change of a fact the engine reads ------------------------------------------------


def _touch(candidate_ids: Iterable[int | None]) -> None:
    ids = sorted({pk for pk in candidate_ids if pk is not None})
    if ids:
        Candidate.objects.filter(pk__in=ids).update(updated_at=timezone.now())


def _child_saved(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        _touch([instance.candidate_id])


def _ability_deleted(sender: type, instance: Any, origin: Any = None, **kwargs: Any) -> None:
    deleting_candidates = isinstance(origin, Candidate) or getattr(origin, "model", None) is Candidate
    if not deleting_candidates:
        _touch([instance.candidate_id])


def _candidate_deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    _deleted.add(instance.region_id)


def _assessment_saved(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw and instance.status == AssessmentStatus.FINALISED:
        _touch([instance.candidate_id])


def _choices_changed(
    sender: type, instance: Any, action: str, reverse: bool, pk_set: set | None, **kwargs: Any
) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _touch(pk_set or () if reverse else [instance.pk])


def connect_signals() -> None:
    """Bump Candidate.updated_at when a candidate's functional abilities, consents, desired occupations or
    sectors change, or a wage-value assessment is finalised: the services write those rows without saving
    the candidate. (Consents are withdrawn, never
    deleted; a candidate's deletion deletes its abilities without a bump.)"""
    for model in (FunctionalAbility, Consent):
        post_save.connect(_child_saved, sender=model, dispatch_uid=f"matching-index-{model.__name__}")
    post_delete.connect(_ability_deleted, sender=FunctionalAbility, dispatch_uid="matching-index-ability")
    post_delete.connect(_candidate_deleted, sender=Candidate, dispatch_uid="matching-index-candidate")
    post_save.connect(_assessment_saved, sender=Assessment, dispatch_uid="matching-index-assessment")
    for through in (Candidate.desired_occupations.through, Candidate.sectors.through):
        m2m_changed.connect(
            _choices_changed, sender=through, dispatch_uid=f"matching-index-{through.__name__}"
        )
