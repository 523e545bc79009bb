"""Proposals (voordrachten): a candidate put forward for a vacancy, its state, and its append-only history.

The states and the allowed steps are in states.py; who may take which step in permissions.py; the rules
(no double booking, open vacancy, candidate still in the pool) in services.py. The constraints here keep
what must hold whatever writes the row: a decline always has who and why, nothing else has them, "other"
always says what, and a candidate is never twice in an active process for the same vacancy.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from werkbedrijf.core.models import UUIDModel
from werkbedrijf.instruments.models import AppendOnlyModel, AppendOnlyQuerySet
from werkbedrijf.regions.models import Region

from .states import ACTIVE_STATES, DeclinedBy, DeclineReason, ProposalState

MAX_HOURS_PER_WEEK = 40
MAX_POINTS = 100_000  # 8 factors of at most 1000 points and bonuses of at most 1000 each fit well within it


class ProposalSource(models.TextChoices):
    MANUAL = "manual", _("Proposed by hand")
    ROUND = "round", _("Matching round")


_ACTIVE = Q(state__in=sorted(ACTIVE_STATES))


class Proposal(UUIDModel):
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="proposals"
    )
    candidate = models.ForeignKey(
        "candidates.Candidate",
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    vacancy = models.ForeignKey(
        "vacancies.Vacancy", verbose_name=_("vacancy"), on_delete=models.PROTECT, related_name="proposals"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ProposalState.choices, default=ProposalState.PROPOSED
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=2,
        help_text=_("The vacancy's hours when the candidate was proposed."),
    )
    declined_by = models.CharField(
        _("declined by"), max_length=10, choices=DeclinedBy.choices, blank=True, default=""
    )
    decline_reason = models.CharField(
        _("reason"), max_length=20, choices=DeclineReason.choices, blank=True, default=""
    )
    decline_note = models.TextField(_("note on the decline"), blank=True)
    override_reason = models.TextField(
        _("reason for double booking"),
        blank=True,
        help_text=_("Why the candidate was proposed although the hours of their processes do not fit."),
    )
    source = models.CharField(
        _("source"), max_length=10, choices=ProposalSource.choices, default=ProposalSource.MANUAL
    )
    # The match score when proposed, as the caller (the match list or a round) passed it in.
    points = models.PositiveIntegerField(_("score"), null=True, blank=True)
    tier = models.PositiveSmallIntegerField(_("priority tier"), null=True, blank=True)
    weights_version = models.CharField(_("weights version"), max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["region", "-created_at"], name="proposal_region_new_idx"),
            models.Index(fields=["region", "state"], name="proposal_region_state_idx"),
            models.Index(fields=["candidate", "state"], name="proposal_candidate_state_idx"),
            models.Index(fields=["vacancy", "state"], name="proposal_vacancy_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ProposalState.values), name="proposal_state_known"),
            models.UniqueConstraint(
                fields=["candidate", "vacancy"], condition=_ACTIVE, name="proposal_one_active_per_pair"
            ),
            models.CheckConstraint(
                condition=(
                    Q(state=ProposalState.DECLINED)
                    & Q(declined_by__in=DeclinedBy.values)
                    & Q(decline_reason__in=DeclineReason.values)
                )
                | (~Q(state=ProposalState.DECLINED) & Q(declined_by="") & Q(decline_reason="")),
                name="proposal_reason_iff_declined",
            ),
            models.CheckConstraint(
                condition=~Q(decline_reason=DeclineReason.OTHER) | ~Q(decline_note=""),
                name="proposal_other_reason_has_note",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=MAX_HOURS_PER_WEEK),
                name="proposal_hours_0_to_40",
            ),
            models.CheckConstraint(
                condition=Q(source__in=ProposalSource.values), name="proposal_source_known"
            ),
            models.CheckConstraint(
                condition=Q(tier__isnull=True) | Q(tier__in=[0, 1]), name="proposal_tier_0_or_1"
            ),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__lte=MAX_POINTS), name="proposal_points_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.vacancy_id}: {self.get_state_display()}"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES


class ProposalEvent(AppendOnlyModel, UUIDModel):
    """One step in a proposal's life, appended and never changed: its creation (from_state empty) and every
    transition, with who, when, and the note, reason or override given with it."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="events")
    from_state = models.CharField(_("from"), max_length=20, choices=ProposalState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=ProposalState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=DeclineReason.choices, blank=True)
    declined_by = models.CharField(_("declined by"), max_length=10, choices=DeclinedBy.choices, blank=True)
    override_reason = models.TextField(_("reason for double booking"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["to_state", "at"], name="proposal_event_state_at_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(to_state=ProposalState.DECLINED)
                    & Q(declined_by__in=DeclinedBy.values)
                    & Q(reason__in=DeclineReason.values)
                )
                | (~Q(to_state=ProposalState.DECLINED) & Q(declined_by="") & Q(reason="")),
                name="proposal_event_reason_iff_declined",
            ),
            models.CheckConstraint(
                condition=~Q(to_state=ProposalState.WITHDRAWN) | ~Q(note=""),
                name="proposal_event_withdrawal_has_note",
            ),
        ]

    def __str__(self):
        return f"{self.from_state or '–'} → {self.to_state}"
