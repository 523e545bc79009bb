"""Writes: who may write, validation, the status transitions, consent, abilities and the audit trail."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils import timezone

from werkbedrijf.accounts.tests.factories import UserFactory, synthetic_bsn
from werkbedrijf.audit.models import AccessAction, AccessLogEntry
from werkbedrijf.candidates import services
from werkbedrijf.candidates.models import (
    STATUS_TRANSITIONS,
    Candidate,
    CandidateStatus,
    CandidateStatusChange,
    Consent,
    ConsentScope,
    FunctionalAbility,
    RegisterGround,
    TargetGroup,
)
from werkbedrijf.regions.models import Sector

pytestmark = pytest.mark.django_db


def new_values(pool, **extra):
    return {
        "bsn": synthetic_bsn(),
        "first_name": "Daan",
        "last_name": "de Vries",
        "date_of_birth": date(1995, 3, 2),
        "postcode": "1013ab",
        "municipality": pool["org_a"].municipality,
        "target_group": TargetGroup.WAJONG,
        **extra,
    }


def test_consultant_creates_own_candidate_with_derived_register_flag(pool):
    candidate = services.candidate_create(
        user=pool["consultant_a"],
        region=pool["region"],
        **new_values(
            pool, register_ground=RegisterGround.WAJONG, registered_from=date(2020, 1, 1), hours_per_week=20
        ),
    )
    assert candidate.responsible_organisation == pool["org_a"]
    assert candidate.region == pool["region"]
    assert candidate.status == CandidateStatus.AVAILABLE
    assert candidate.in_target_group_register is True
    assert candidate.postcode == "1013 AB"
    entry = AccessLogEntry.objects.get(action=AccessAction.CREATE, object_uuid=candidate.uuid)
    assert "bsn" in entry.changed_fields and candidate.bsn not in str(entry.changed_fields)


def test_register_flag_is_false_when_registration_ended(pool):
    candidate = services.candidate_create(
        user=pool["consultant_a"],
        region=pool["region"],
        **new_values(
            pool,
            register_ground=RegisterGround.WSW_INDICATION,
            registered_from=date(2015, 1, 1),
            registered_until=timezone.localdate() - timedelta(days=1),
        ),
    )
    assert candidate.in_target_group_register is False


@pytest.mark.parametrize(
    "extra,field",
    [
        ({"bsn": "123456789"}, "bsn"),
        ({"hours_per_week_min": 30, "hours_per_week": 20}, "hours_per_week_min"),
        ({"hours_per_week": 41}, "hours_per_week"),
        ({"register_ground": RegisterGround.WAJONG}, "registered_from"),
        ({"registered_from": date(2020, 1, 1)}, "register_ground"),
        (
            {
                "register_ground": RegisterGround.WAJONG,
                "registered_from": date(2020, 1, 1),
                "registered_until": date(2019, 1, 1),
            },
            "registered_until",
        ),
    ],
)
def test_create_refuses_invalid_values_per_field(pool, extra, field):
    with pytest.raises(ValidationError) as exc:
        services.candidate_create(
            user=pool["consultant_a"], region=pool["region"], **new_values(pool, **extra)
        )
    assert field in exc.value.message_dict
    assert not Candidate.objects.filter(first_name="Daan").exists()


def test_municipality_must_be_in_the_region_and_consultant_in_the_organisation(pool):
    with pytest.raises(ValidationError) as exc:
        services.candidate_create(
            user=pool["consultant_a"],
            region=pool["region"],
            **new_values(pool, municipality=pool["org_c"].municipality, consultant=pool["consultant_b"]),
        )
    assert {"municipality", "consultant"} <= set(exc.value.message_dict)


@pytest.mark.parametrize("role_user", ["manager_a", "wsp_manager", "board", "consultant_c"])
def test_only_full_visibility_may_create(pool, role_user):
    with pytest.raises(PermissionDenied):
        services.candidate_create(user=pool[role_user], region=pool["region"], **new_values(pool))


def test_update_logs_changed_field_names_only(pool):
    candidate = pool["cand_a"]
    sector = Sector.objects.create(
        classification="SBI2008", code="I", level="sectie", section="I", name_nl="Horeca"
    )
    services.candidate_update(
        user=pool["consultant_a"],
        region=pool["region"],
        candidate=candidate,
        changes={"education_level": "mbo_2_4", "first_name": candidate.first_name, "sectors": [sector]},
    )
    entry = AccessLogEntry.objects.get(action=AccessAction.UPDATE, object_uuid=candidate.uuid)
    assert entry.changed_fields == ["education_level", "sectors"]
    candidate.refresh_from_db()
    assert candidate.education_level == "mbo_2_4"
    assert list(candidate.sectors.all()) == [sector]


@pytest.mark.parametrize(
    "writer,error",
    [("consultant_b", PermissionDenied), ("manager_a", PermissionDenied), ("consultant_c", Http404)],
)
def test_others_cannot_update(pool, writer, error):
    region = pool["other_region"] if writer == "consultant_c" else pool["region"]
    with pytest.raises(error):
        services.candidate_update(
            user=pool[writer], region=region, candidate=pool["cand_a"], changes={"languages": "Engels"}
        )
    pool["cand_a"].refresh_from_db()
    assert pool["cand_a"].languages == ""


def test_confirm_sets_last_confirmed_at(pool):
    candidate = pool["cand_a"]
    Candidate.objects.filter(pk=candidate.pk).update(last_confirmed_at=None)
    services.candidate_confirm(user=pool["officer_a"], region=pool["region"], candidate=candidate)
    candidate.refresh_from_db()
    assert timezone.now() - candidate.last_confirmed_at < timedelta(minutes=1)


ALL_PAIRS = [(a, b) for a in CandidateStatus.values for b in CandidateStatus.values if a != b]


@pytest.mark.parametrize("from_status,to_status", ALL_PAIRS)
def test_status_transitions_follow_the_table(pool, from_status, to_status):
    candidate = pool["cand_a"]
    Candidate.objects.filter(pk=candidate.pk).update(status=from_status)
    allowed = to_status in STATUS_TRANSITIONS[from_status]
    if allowed:
        change = services.candidate_status_change(
            user=pool["consultant_a"],
            region=pool["region"],
            candidate=candidate,
            to_status=to_status,
            reason="Test",
        )
        assert (change.from_status, change.to_status, change.actor) == (
            from_status,
            to_status,
            pool["consultant_a"],
        )
    else:
        with pytest.raises(ValidationError):
            services.candidate_status_change(
                user=pool["consultant_a"],
                region=pool["region"],
                candidate=candidate,
                to_status=to_status,
                reason="Test",
            )
    candidate.refresh_from_db()
    assert candidate.status == (to_status if allowed else from_status)
    assert CandidateStatusChange.objects.filter(candidate=candidate).count() == (1 if allowed else 0)


def test_some_transitions_are_refused():
    assert CandidateStatus.PLACED not in STATUS_TRANSITIONS[CandidateStatus.LEFT]
    assert CandidateStatus.PLACED not in STATUS_TRANSITIONS[CandidateStatus.TEMPORARILY_UNAVAILABLE]
    assert set(STATUS_TRANSITIONS) == set(CandidateStatus.values)


def test_status_change_needs_a_reason_and_history_is_appended(pool):
    candidate = pool["cand_a"]
    with pytest.raises(ValidationError) as exc:
        services.candidate_status_change(
            user=pool["consultant_a"],
            region=pool["region"],
            candidate=candidate,
            to_status="in_process",
            reason=" ",
        )
    assert "reason" in exc.value.message_dict
    services.candidate_status_change(
        user=pool["consultant_a"],
        region=pool["region"],
        candidate=candidate,
        to_status="in_process",
        reason="Gesprek",
    )
    services.candidate_status_change(
        user=pool["consultant_a"],
        region=pool["region"],
        candidate=candidate,
        to_status="placed",
        reason="Contract",
    )
    history = list(CandidateStatusChange.objects.filter(candidate=candidate).order_by("at", "id"))
    assert [(h.from_status, h.to_status) for h in history] == [
        ("available", "in_process"),
        ("in_process", "placed"),
    ]


def test_status_change_refused_for_other_organisation(pool):
    with pytest.raises(PermissionDenied):
        services.candidate_status_change(
            user=pool["consultant_b"],
            region=pool["region"],
            candidate=pool["cand_a"],
            to_status="left",
            reason="x",
        )


def test_consent_give_and_withdraw_keep_history(pool):
    candidate = pool["cand_a"]
    services.consent_withdraw(
        user=pool["consultant_a"], region=pool["region"], candidate=candidate, scope=ConsentScope.REGION_WIDE
    )
    assert not Consent.objects.filter(candidate=candidate, withdrawn_at__isnull=True).exists()
    services.consent_give(
        user=pool["consultant_a"], region=pool["region"], candidate=candidate, scope=ConsentScope.REGION_WIDE
    )
    again = services.consent_give(
        user=pool["consultant_a"], region=pool["region"], candidate=candidate, scope=ConsentScope.REGION_WIDE
    )
    assert Consent.objects.filter(candidate=candidate).count() == 2  # one withdrawn, one active
    assert again.withdrawn_at is None and again.recorded_by == pool["consultant_a"]


def test_one_active_consent_per_scope_in_the_database(pool):
    with pytest.raises(IntegrityError):
        Consent.objects.create(
            candidate=pool["cand_a"],
            scope=ConsentScope.REGION_WIDE,
            given_at=timezone.now(),
            recorded_by=UserFactory(organisation=pool["org_a"]),
        )


def test_functional_abilities_set_add_change_remove(pool):
    candidate = pool["cand_a"]
    kwargs = {"user": pool["consultant_a"], "region": pool["region"], "candidate": candidate}
    services.functional_abilities_set(
        **kwargs,
        abilities=[("social_functioning", 2, "Werkt graag in een klein team"), ("static_postures", 3, "")],
    )
    services.functional_abilities_set(
        **kwargs, abilities=[("social_functioning", 1, ""), ("static_postures", None, "")]
    )
    assert list(FunctionalAbility.objects.filter(candidate=candidate).values_list("rubric", "level")) == [
        ("social_functioning", 1)
    ]
    with pytest.raises(ValidationError):
        services.functional_abilities_set(**kwargs, abilities=[("social_functioning", 7, "")])
    with pytest.raises(PermissionDenied):
        services.functional_abilities_set(
            user=pool["consultant_b"],
            region=pool["region"],
            candidate=candidate,
            abilities=[("social_functioning", 2, "")],
        )
