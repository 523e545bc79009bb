"""Reading candidates, always as a given user in a given region.

The visibility of each candidate follows accounts.permissions.CANDIDATE_RULES: full for the user's own
organisation where the role allows it, pseudonymised for the rest of the region, nothing outside it. Two rules
narrow the pseudonymised regional view:
- consent: other partners see a candidate only while the candidate's region-wide consent is active; without it
  (never given or withdrawn) the candidate does not exist for them;
- freshness: a profile not confirmed within the region's freshness period is stale and left out of the view
  for other partners unless asked for (`freshness="include"`/`"only"`).
Every full-record read is access-logged here, so no caller can forget it.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, Count, F, Q, QuerySet, Value, When, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from werkbedrijf.accounts.permissions import (
    Visibility,
    candidate_visibility,
    max_candidate_visibility,
    pseudonym,
)
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_access
from werkbedrijf.regions.models import Municipality

from .completeness import Completeness, ProfileValues, completeness
from .models import (
    DEFAULT_FRESHNESS_DAYS,
    AbilityLevel,
    AbilityRubric,
    Candidate,
    CandidateStatus,
    CandidateStatusChange,
    Consent,
    ConsentScope,
    PoolSettings,
)


class Freshness:
    DEFAULT = ""  # own candidates all, other partners' only when fresh
    INCLUDE = "include"  # stale profiles of other partners too
    ONLY = "only"  # only stale profiles

    values = (DEFAULT, INCLUDE, ONLY)


def freshness_days(region) -> int:
    settings = PoolSettings.objects.filter(region=region).first()
    return settings.freshness_days if settings else DEFAULT_FRESHNESS_DAYS


@dataclass(frozen=True)
class PoolSettingsOverview:
    freshness_days: int
    candidates: int
    stale: int
    changes: list  # the latest changes, from the access log (no personal data in them)


def pool_settings_overview(*, region, now: datetime | None = None) -> PoolSettingsOverview:
    from werkbedrijf.audit.models import AccessLogEntry  # noqa: PLC0415

    cutoff = stale_before(region, now)
    in_region = Candidate.objects.filter(region=region).exclude(status=CandidateStatus.LEFT)
    return PoolSettingsOverview(
        freshness_days=freshness_days(region),
        candidates=in_region.count(),
        stale=in_region.filter(Q(last_confirmed_at__isnull=True) | Q(last_confirmed_at__lt=cutoff)).count(),
        changes=list(
            AccessLogEntry.objects.filter(object_type="pool_settings", region_code=region.code).order_by(
                "-timestamp"
            )[:10]
        ),
    )


def stale_before(region, now: datetime | None = None) -> datetime:
    """Profiles last confirmed before this moment (or never) are stale."""
    return (now or timezone.now()) - timedelta(days=freshness_days(region))


def is_stale(last_confirmed_at: datetime | None, cutoff: datetime) -> bool:
    return last_confirmed_at is None or last_confirmed_at < cutoff


@dataclass(frozen=True)
class AbilitySummary:
    rubric: str
    rubric_display: str
    level: int
    level_display: str
    note: str | None = None  # only in full profiles: free text can identify a person


@dataclass(frozen=True)
class CandidateProfile:
    """What one user may see of one candidate. Personal fields are None unless visibility is FULL."""

    uuid: object
    visibility: Visibility
    label: str
    municipality: str
    target_group: str
    target_group_display: str
    in_target_group_register: bool
    hours_per_week: int | None
    available_from: date | None
    age_band: str
    pc4: str = ""
    hours_per_week_min: int | None = None
    education_level: str = ""
    education_level_display: str = ""
    desired_occupations: tuple[str, ...] = ()
    abilities: tuple[AbilitySummary, ...] = ()
    status: str = ""
    status_display: str = ""
    is_stale: bool = False
    has_region_consent: bool = False
    bsn: str | None = None
    full_name: str | None = None
    date_of_birth: date | None = None
    postcode: str | None = None
    email: str | None = None
    phone: str | None = None
    responsible_organisation: str | None = None

    @property
    def is_full(self) -> bool:
        return self.visibility == Visibility.FULL

    @property
    def hours_range(self) -> str:
        low, high = self.hours_per_week_min, self.hours_per_week
        if high is None:
            return ""
        return f"{low}–{high}" if low is not None and low != high else str(high)


@dataclass(frozen=True)
class CandidateDetail:
    """The full dossier for the responsible organisation (profile plus everything only it may see)."""

    profile: CandidateProfile
    candidate: Candidate
    completeness: Completeness
    status_history: list[CandidateStatusChange] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    active_consent_scopes: frozenset[str] = frozenset()
    last_confirmed_at: datetime | None = None
    freshness_days: int = DEFAULT_FRESHNESS_DAYS


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


AGE_BANDS = ((18, 24), (25, 34), (35, 44), (45, 54), (55, 64))


def age_band(born: date, on: date) -> str:
    """A ten-year band instead of a birth date, for pseudonymised profiles."""
    age = _age(born, on)
    if age < 18:
        return "<18"
    for lower, upper in AGE_BANDS:
        if age <= upper:
            return f"{lower}–{upper}"
    return "65+"


def _is_own(user, candidate: Candidate) -> bool:
    return user.organisation_id is not None and candidate.responsible_organisation_id == user.organisation_id


def _abilities(candidate: Candidate, *, full: bool) -> tuple[AbilitySummary, ...]:
    return tuple(
        AbilitySummary(
            rubric=a.rubric,
            rubric_display=str(AbilityRubric(a.rubric).label),
            level=a.level,
            level_display=str(AbilityLevel(a.level).label),
            note=a.note if full else None,
        )
        for a in sorted(candidate.abilities.all(), key=lambda a: AbilityRubric.values.index(a.rubric))
    )


def _has_region_consent(candidate: Candidate) -> bool:
    annotated = getattr(candidate, "has_region_consent", None)
    if annotated is not None:
        return bool(annotated)
    return Consent.objects.filter(
        candidate=candidate, scope=ConsentScope.REGION_WIDE, withdrawn_at__isnull=True
    ).exists()


def candidate_profile(
    *, user, region, candidate: Candidate, today: date | None = None, cutoff: datetime | None = None
) -> CandidateProfile:
    visibility = candidate_visibility(user, region, candidate.responsible_organisation_id)
    if candidate.region_id != getattr(region, "pk", None) or visibility < Visibility.PSEUDONYMISED:
        raise Http404
    consent = _has_region_consent(candidate)
    if not _is_own(user, candidate) and not consent:
        raise Http404  # other partners do not see a candidate without region-wide consent
    cutoff = cutoff or stale_before(region)
    full = visibility == Visibility.FULL
    common = {
        "uuid": candidate.uuid,
        "visibility": visibility,
        "municipality": candidate.municipality.name,
        "target_group": candidate.target_group,
        "target_group_display": candidate.get_target_group_display(),
        "in_target_group_register": candidate.in_target_group_register,
        "hours_per_week": candidate.hours_per_week,
        "hours_per_week_min": candidate.hours_per_week_min,
        "available_from": candidate.available_from,
        "age_band": age_band(candidate.date_of_birth, today or timezone.localdate()),
        "pc4": candidate.postcode[:4],
        "education_level": candidate.education_level,
        "education_level_display": candidate.get_education_level_display()
        if candidate.education_level
        else "",
        "desired_occupations": tuple(o.name_nl for o in candidate.desired_occupations.all()),
        "abilities": _abilities(candidate, full=full),
        "status": candidate.status,
        "status_display": candidate.get_status_display(),
        "is_stale": is_stale(candidate.last_confirmed_at, cutoff),
        "has_region_consent": consent,
    }
    if full:
        return CandidateProfile(
            **common,
            label=candidate.full_name,
            bsn=candidate.bsn,
            full_name=candidate.full_name,
            date_of_birth=candidate.date_of_birth,
            postcode=candidate.postcode,
            email=candidate.email,
            phone=candidate.phone,
            responsible_organisation=candidate.responsible_organisation.name,
        )
    return CandidateProfile(**common, label=pseudonym("kandidaat", candidate.uuid))


@dataclass(frozen=True)
class _ListScope:
    """The two parts of the list: the own organisation's candidates, then the other partners' shared ones."""

    own: QuerySet[Candidate]
    shared: QuerySet[Candidate] | None  # None when the user sees only the own organisation's


def _list_scope(
    *,
    user,
    region,
    own_only: bool,
    status: str,
    target_group: str,
    freshness: str,
    search: str,
    now: datetime | None,
) -> _ListScope:
    if max_candidate_visibility(user, region) < Visibility.PSEUDONYMISED:
        raise PermissionDenied
    in_region = Candidate.objects.filter(region=region)
    if status:
        in_region = in_region.filter(status=status)
    if target_group:
        in_region = in_region.filter(target_group=target_group)
    cutoff = stale_before(region, now)
    stale = Q(last_confirmed_at__isnull=True) | Q(last_confirmed_at__lt=cutoff)
    own = in_region.filter(responsible_organisation_id=user.organisation_id)
    if freshness == Freshness.ONLY:
        own = own.filter(stale)
    search = search.strip()
    if search:
        if user.organisation_id is None or (
            candidate_visibility(user, region, user.organisation_id) < Visibility.FULL
        ):
            # Finding a pseudonymised profile by name or BSN would undo the pseudonym.
            own = own.none()
        elif search.isdigit():
            own = own.filter(bsn=search)
        else:
            for word in search.split():
                own = own.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    if own_only or search or candidate_visibility(user, region, None) < Visibility.PSEUDONYMISED:
        return _ListScope(own=own, shared=None)
    shared = in_region.filter(shared_in_region=True).exclude(responsible_organisation_id=user.organisation_id)
    if freshness == Freshness.ONLY:
        shared = shared.filter(stale)
    elif freshness != Freshness.INCLUDE:
        shared = shared.filter(last_confirmed_at__gte=cutoff)
    return _ListScope(own=own, shared=shared)


def candidate_queryset(
    *,
    user,
    region,
    own_only: bool = False,
    status: str = "",
    target_group: str = "",
    freshness: str = Freshness.DEFAULT,
    search: str = "",
    now: datetime | None = None,
) -> QuerySet[Candidate]:
    """The candidates the user may see at least pseudonymised in the region (raises if none at all).

    Own organisation's candidates come first, by name; the others by municipality only, since sorting them
    by name would reveal something about names the user may not see. A search (name or BSN) looks only in
    the user's own organisation's candidates.

    One query sorts every matching row; for showing a page of a large pool use candidate_listing, which
    gives the same rows in the same order.
    """
    scope = _list_scope(
        user=user,
        region=region,
        own_only=own_only,
        status=status,
        target_group=target_group,
        freshness=freshness,
        search=search,
        now=now,
    )
    qs = scope.own if scope.shared is None else scope.own | scope.shared
    is_own = Q(responsible_organisation_id=user.organisation_id)
    return (
        qs.select_related("municipality", "responsible_organisation")
        .prefetch_related("abilities", "desired_occupations")
        .annotate(
            has_region_consent=F("shared_in_region"),
            own_first=Case(When(is_own, then=Value(0)), default=Value(1)),
            own_last_name=Case(When(is_own, then=F("last_name")), default=Value("")),
            own_first_name=Case(When(is_own, then=F("first_name")), default=Value("")),
        )
        .order_by("own_first", "own_last_name", "own_first_name", "municipality__name", "uuid")
    )


SHARED_COUNT_INDEX = "candidate_shared_count_idx"


def _sizes_by_municipality(shared: QuerySet[Candidate]) -> dict[int, int]:
    """How many of the shared candidates live in each municipality, counted in the index made for it.

    SQLite without statistics (Django never runs ANALYZE) takes the region + last-confirmed index for this
    and reads every row of the table through it, ten times slower; INDEXED BY makes it use the one meant
    for it, and fails loudly if that index is ever gone.
    """
    grouped = shared.order_by().values_list("municipality_id").annotate(n=Count("*"))
    if connection.vendor != "sqlite":
        return dict(grouped.values_list("municipality_id", "n"))
    sql, params = grouped.query.sql_with_params()
    table = f'FROM "{Candidate._meta.db_table}"'
    assert sql.count(table) == 1, sql
    sql = sql.replace(table, f'{table} INDEXED BY "{SHARED_COUNT_INDEX}"')
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


@dataclass(frozen=True)
class _Segment:
    queryset: QuerySet[Candidate]  # ordered
    size: int


class CandidateListing:
    """The rows of candidate_queryset in the same order, for a Paginator, without sorting the whole pool.

    The list is cut into segments that each come out of an index in list order: the own organisation's
    candidates by name, then the shared ones of each municipality (by municipality name) in uuid order. The
    total is the sum of the segments' counts (one query for the own part, one grouped by municipality for
    the shared part); a slice reads only the segments it touches, with LIMIT and OFFSET inside each.
    """

    def __init__(self, scope: _ListScope):
        self._scope = scope
        self._segments: list[_Segment] | None = None

    def segments(self) -> list[_Segment]:
        if self._segments is None:
            own = self._scope.own.order_by("last_name", "first_name", "municipality__name", "uuid")
            segments = [_Segment(own, own.count())]
            if self._scope.shared is not None:
                segments += self._shared_segments(self._scope.shared)
            self._segments = [s for s in segments if s.size]
        return self._segments

    @staticmethod
    def _shared_segments(shared: QuerySet[Candidate]) -> list[_Segment]:
        sizes = _sizes_by_municipality(shared)
        by_name: dict[str, list[int]] = {}
        for pk, name in (
            Municipality.objects.filter(pk__in=sizes).order_by("name", "pk").values_list("pk", "name")
        ):
            by_name.setdefault(name, []).append(pk)
        return [
            _Segment(
                shared.filter(municipality_id__in=ids).order_by("uuid"),
                sum(sizes[pk] for pk in ids),
            )
            for ids in by_name.values()
        ]

    def count(self) -> int:
        return sum(s.size for s in self.segments())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            rows = self[index : index + 1] if index >= 0 else []
            if not rows:
                raise IndexError(index)
            return rows[0]
        if index.step not in (None, 1) or (index.start or 0) < 0 or (index.stop or 0) < 0:
            raise ValueError("CandidateListing supports forward slices with non-negative bounds only")
        start = index.start or 0
        stop = self.count() if index.stop is None else index.stop
        rows: list[Candidate] = []
        offset = 0
        for segment in self.segments():
            low, high = max(start - offset, 0), min(stop - offset, segment.size)
            if low < high:
                rows += segment.queryset.select_related("municipality", "responsible_organisation").annotate(
                    has_region_consent=F("shared_in_region")
                )[low:high]
            offset += segment.size
            if offset >= stop:
                break
        prefetch_related_objects(rows, "abilities", "desired_occupations")
        return rows

    def __iter__(self):
        return iter(self[:])


def candidate_listing(
    *,
    user,
    region,
    own_only: bool = False,
    status: str = "",
    target_group: str = "",
    freshness: str = Freshness.DEFAULT,
    search: str = "",
    now: datetime | None = None,
) -> CandidateListing:
    """candidate_queryset's rows and order for paging (Django's or DRF's Paginator), fast on a large pool."""
    return CandidateListing(
        _list_scope(
            user=user,
            region=region,
            own_only=own_only,
            status=status,
            target_group=target_group,
            freshness=freshness,
            search=search,
            now=now,
        )
    )


@dataclass(frozen=True)
class CandidatePage:
    page: Page
    profiles: list[CandidateProfile]


def candidate_list(
    *,
    user,
    region,
    own_only: bool = False,
    status: str = "",
    target_group: str = "",
    freshness: str = Freshness.DEFAULT,
    search: str = "",
    page_number=None,
    per_page: int = 50,
    request=None,
    context: str,
) -> CandidatePage:
    """One page of the pool as the user may see it; logs the search with the persons shown in full."""
    listing = candidate_listing(
        user=user,
        region=region,
        own_only=own_only,
        status=status,
        target_group=target_group,
        freshness=freshness,
        search=search,
    )
    page = Paginator(listing, per_page).get_page(page_number)
    profiles = candidate_profiles(
        user=user, region=region, candidates=page.object_list, request=request, context=context
    )
    return CandidatePage(page=page, profiles=profiles)


def candidate_profiles(*, user, region, candidates, request=None, context: str) -> list[CandidateProfile]:
    """Profiles of candidates from candidate_queryset, with one search entry naming those shown in full."""
    cutoff = stale_before(region)
    profiles = [candidate_profile(user=user, region=region, candidate=c, cutoff=cutoff) for c in candidates]
    log_access(
        actor=user,
        action=AccessAction.SEARCH,
        object_type="candidate",
        context=context,
        subject_uuids=[p.uuid for p in profiles if p.is_full],
        region_code=region.code,
        request=request,
    )
    return profiles


def _fetch(candidate_uuid) -> Candidate:
    try:
        return (
            Candidate.objects.select_related("municipality", "responsible_organisation", "consultant")
            .prefetch_related("abilities", "desired_occupations", "sectors")
            .get(uuid=candidate_uuid)
        )
    except (Candidate.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def log_candidate_read(*, user, region, candidate: Candidate, request, context: str) -> None:
    """One read of the candidate's full record in the access log (for every page or API that shows it)."""
    log_access(
        actor=user,
        action=AccessAction.READ,
        object_type="candidate",
        object_uuid=candidate.uuid,
        object_label=pseudonym("kandidaat", candidate.uuid),
        context=context,
        region_code=region.code,
        request=request,
    )


def candidate_get(*, user, region, candidate_uuid, request=None, context: str) -> CandidateProfile:
    """One candidate as the user may see it; a full-record read is access-logged."""
    candidate = _fetch(candidate_uuid)
    profile = candidate_profile(user=user, region=region, candidate=candidate)
    if profile.is_full:
        log_candidate_read(user=user, region=region, candidate=candidate, request=request, context=context)
    return profile


def candidate_for_write(*, user, region, candidate_uuid) -> Candidate:
    """The candidate for a service call: 404 unless the user may see it at all (the service checks FULL)."""
    candidate = _fetch(candidate_uuid)
    candidate_profile(user=user, region=region, candidate=candidate)
    return candidate


def profile_values(candidate: Candidate) -> ProfileValues:
    """The plain values the completeness function needs (uses prefetched relations when present)."""
    return ProfileValues(
        email=candidate.email,
        phone=candidate.phone,
        education_level=candidate.education_level,
        desired_occupation_count=len(candidate.desired_occupations.all()),
        sector_count=len(candidate.sectors.all()),
        hours_per_week_max=candidate.hours_per_week,
        available_from=candidate.available_from,
        ability_count=len(candidate.abilities.all()),
        hours_per_day=candidate.hours_per_day,
        own_transport=candidate.own_transport,
        max_travel_km=candidate.max_travel_km,
        languages=candidate.languages,
        has_consultant=candidate.consultant_id is not None,
    )


def candidate_detail(
    *, user, region, candidate_uuid, request=None, context: str
) -> CandidateDetail | CandidateProfile:
    """The full dossier for the responsible organisation (access-logged), else the pseudonymised profile."""
    candidate = _fetch(candidate_uuid)
    profile = candidate_profile(user=user, region=region, candidate=candidate)
    if not profile.is_full:
        return profile
    log_candidate_read(user=user, region=region, candidate=candidate, request=request, context=context)
    consents = list(Consent.objects.filter(candidate=candidate).select_related("recorded_by"))
    return CandidateDetail(
        profile=profile,
        candidate=candidate,
        completeness=completeness(profile_values(candidate)),
        status_history=list(
            CandidateStatusChange.objects.filter(candidate=candidate)
            .select_related("actor")
            .order_by("-at", "-id")
        ),
        consents=consents,
        active_consent_scopes=frozenset(c.scope for c in consents if c.withdrawn_at is None),
        last_confirmed_at=candidate.last_confirmed_at,
        freshness_days=freshness_days(region),
    )


@dataclass(frozen=True)
class TodoItem:
    uuid: object
    full_name: str
    status_display: str
    is_stale: bool
    last_confirmed_at: datetime | None
    completeness: Completeness

    @property
    def missing_labels(self) -> list[str]:
        return self.completeness.missing_labels


def candidate_todo_list(
    *,
    user,
    region,
    mine_only: bool = False,
    page_number=None,
    per_page: int = 50,
    request=None,
    context: str = "Te-doenlijst kandidaten",
) -> Page:
    """Own organisation's candidates whose profile is stale or incomplete, with what is missing.

    Candidates who left are not on the list. Stale ones come first, then the least complete. Returns one
    page of TodoItem; the persons on it are in the access log as one search entry.
    """
    if candidate_visibility(user, region, user.organisation_id) < Visibility.FULL:
        raise PermissionDenied
    qs = (
        Candidate.objects.filter(region=region, responsible_organisation_id=user.organisation_id)
        .exclude(status=CandidateStatus.LEFT)
        .annotate(
            n_occupations=Count("desired_occupations", distinct=True),
            n_sectors=Count("sectors", distinct=True),
            n_abilities=Count("abilities", distinct=True),
        )
        .order_by("last_name", "first_name", "pk")
    )
    if mine_only:
        qs = qs.filter(consultant=user)
    cutoff = stale_before(region)
    items = []
    for c in qs.iterator(chunk_size=2000):
        result = completeness(
            ProfileValues(
                email=c.email,
                phone=c.phone,
                education_level=c.education_level,
                desired_occupation_count=c.n_occupations,
                sector_count=c.n_sectors,
                hours_per_week_max=c.hours_per_week,
                available_from=c.available_from,
                ability_count=c.n_abilities,
                hours_per_day=c.hours_per_day,
                own_transport=c.own_transport,
                max_travel_km=c.max_travel_km,
                languages=c.languages,
                has_consultant=c.consultant_id is not None,
            )
        )
        stale = is_stale(c.last_confirmed_at, cutoff)
        if stale or not result.is_complete:
            items.append(
                TodoItem(
                    uuid=c.uuid,
                    full_name=c.full_name,
                    status_display=c.get_status_display(),
                    is_stale=stale,
                    last_confirmed_at=c.last_confirmed_at,
                    completeness=result,
                )
            )
    items.sort(key=lambda i: (not i.is_stale, i.completeness.score))
    page = Paginator(items, per_page).get_page(page_number)
    log_access(
        actor=user,
        action=AccessAction.SEARCH,
        object_type="candidate",
        context=context,
        subject_uuids=[i.uuid for i in page.object_list],
        region_code=region.code,
        request=request,
    )
    return page


@dataclass(frozen=True)
class CandidateCounts:
    total: int
    in_register: int


def candidate_counts(*, user, region) -> CandidateCounts:
    """Totals for the region in one query; allowed from AGGREGATE visibility upwards, never shows a person.

    Breakdowns (by municipality, target group) belong to monitoring, with small counts suppressed.
    """
    if max_candidate_visibility(user, region) < Visibility.AGGREGATE:
        raise PermissionDenied
    totals = Candidate.objects.filter(region=region).aggregate(
        total=Count("id"), in_register=Count("id", filter=Q(in_target_group_register=True))
    )
    return CandidateCounts(total=totals["total"], in_register=totals["in_register"])


def consultant_choices(*, organisation_id):
    """Active users of the organisation that may be a candidate's consultant."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(organisation_id=organisation_id, is_active=True, is_system_account=False)
        .order_by("last_name", "first_name")
    )
