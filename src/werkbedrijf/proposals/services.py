"""Writing proposals: creating one and moving it through the states of states.py. Every write is audited.

No double booking. A candidate may be in several active processes only while their hours fit: the hours of
all their active proposals together, the new one included, stay within the maximum hours a week they can
work (candidates without a known maximum fit one process at a time). Anything beyond needs an explicit
`override_reason`, which is kept on the proposal and in its history. Never, not even with an override, is a
candidate twice in an active process for the same vacancy (also a partial unique index in the database).

Two account managers proposing the same candidate at the same moment must not both pass the check: the
candidate's row is locked (SELECT … FOR UPDATE on PostgreSQL) before the active proposals are counted and
held until the new one is written, so the second waits and then sees the first. SQLite has no row locks;
there the settings start every transaction with BEGIN IMMEDIATE, so one writer at a time runs the check.

Errors: field errors (candidate, vacancy, note, …) as a ValidationError with a dict; the two refusals about
the candidate's other processes as a plain ValidationError with a code, so callers (the pages, the API, the
matching rounds) can tell them apart: "double_booking" (an override makes it pass; `error.conflicts` lists
the processes in the way) and "already_proposed" (no override possible).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from werkbedrijf.accounts.permissions import pseudonym
from werkbedrijf.audit.models import AccessAction
from werkbedrijf.audit.services import log_change
from werkbedrijf.candidates.models import Candidate, CandidateStatus
from werkbedrijf.regions.models import Region
from werkbedrijf.vacancies.models import Vacancy, VacancyStatus

from .models import MAX_POINTS, Proposal, ProposalEvent, ProposalSource
from .permissions import may_propose, may_propose_at_all, may_read_proposals, may_take_side
from .states import (
    ACTIVE_STATES,
    REASON_SIDES,
    DeclinedBy,
    DeclineReason,
    ProposalState,
    find_step,
    hours_conflict,
)

OBJECT_TYPE = "proposal"
DOUBLE_BOOKING = "double_booking"
ALREADY_PROPOSED = "already_proposed"
MAX_NOTE_LENGTH = 2000

# The access log's why, per step (Dutch, like every context in the log).
STEP_CONTEXTS = {
    ProposalState.SENT_TO_EMPLOYER: "Voordracht naar de werkgever gestuurd",
    ProposalState.INTERVIEW: "Sollicitatiegesprek bij voordracht vastgelegd",
    ProposalState.TRIAL_PLACEMENT: "Proefplaatsing bij voordracht vastgelegd",
    ProposalState.HIRED: "Kandidaat aangenomen op voordracht",
    ProposalState.WITHDRAWN: "Voordracht ingetrokken",
}
DECLINE_CONTEXTS = {
    DeclinedBy.EMPLOYER: "Voordracht afgewezen door de werkgever",
    DeclinedBy.CANDIDATE: "Voordracht afgewezen door de kandidaat",
}


def hours_text(hours) -> str:
    """24 → '24', 12.5 → '12,5' (Dutch decimal comma), for messages."""
    text = f"{Decimal(hours):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass(frozen=True)
class Conflict:
    """An active process of the candidate that stands in the way; vacancies hold no personal data."""

    proposal_uuid: object
    vacancy_uuid: object
    vacancy_title: str
    employer_name: str
    state: str
    state_display: str
    hours_per_week: Decimal

    @property
    def label(self) -> str:
        return _("%(title)s at %(employer)s (%(hours)s hours a week, %(state)s)") % {
            "title": self.vacancy_title,
            "employer": self.employer_name,
            "hours": hours_text(self.hours_per_week),
            "state": self.state_display.lower(),
        }


class DoubleBooking(ValidationError):
    """The candidate's hours do not fit another active process; `conflicts` lists those in the way."""

    def __init__(self, message: str, *, conflicts: list[Conflict], committed_hours: Decimal, max_hours):
        super().__init__(message, code=DOUBLE_BOOKING)
        self.conflicts = conflicts
        self.committed_hours = committed_hours
        self.max_hours = max_hours


def _conflicts(candidate: Candidate) -> list[Conflict]:
    return [
        Conflict(
            proposal_uuid=p.uuid,
            vacancy_uuid=p.vacancy.uuid,
            vacancy_title=p.vacancy.title,
            employer_name=p.vacancy.employer.organisation.name,
            state=p.state,
            state_display=p.get_state_display(),
            hours_per_week=p.hours_per_week,
        )
        for p in Proposal.objects.filter(candidate=candidate, state__in=ACTIVE_STATES)
        .select_related("vacancy__employer__organisation")
        .order_by("created_at", "id")
    ]


def double_booking_message(
    *, conflicts: list[Conflict], committed_hours: Decimal, new_hours, max_hours
) -> str:
    vacancies = "; ".join(c.label for c in conflicts)
    if max_hours is None:
        return ngettext(
            "The candidate is already in an active process: %(vacancies)s. Their maximum hours a week are "
            "not known, so a second process may not fit. Give a reason to propose them anyway.",
            "The candidate is already in %(count)s active processes: %(vacancies)s. Their maximum hours a "
            "week are not known, so another process may not fit. Give a reason to propose them anyway.",
            len(conflicts),
        ) % {"vacancies": vacancies, "count": len(conflicts)}
    return ngettext(
        "The candidate is already in an active process: %(vacancies)s. With this one they would be in "
        "processes for %(total)s hours a week, more than the %(max)s they can work. Give a reason to propose "
        "them anyway.",
        "The candidate is already in %(count)s active processes: %(vacancies)s. With this one they would be "
        "in processes for %(total)s hours a week, more than the %(max)s they can work. Give a reason to "
        "propose them anyway.",
        len(conflicts),
    ) % {
        "vacancies": vacancies,
        "count": len(conflicts),
        "total": hours_text(committed_hours + Decimal(new_hours)),
        "max": hours_text(max_hours),
    }


def _label(candidate: Candidate, vacancy: Vacancy) -> str:
    return f"{pseudonym('kandidaat', candidate.uuid)} – {vacancy.title}"[:100]


def _snapshot_errors(points, tier, weights_version) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if points is not None and not (isinstance(points, int) and 0 <= points <= MAX_POINTS):
        errors["points"] = [_("The score is a whole number from 0 to %(max)s.") % {"max": MAX_POINTS}]
    if tier is not None and tier not in (0, 1):
        errors["tier"] = [_("The priority tier is 0 or 1.")]
    if len(weights_version or "") > 40:
        errors["weights_version"] = [_("The weights version is at most 40 characters.")]
    return errors


def _create_errors(user, region, candidate, vacancy, points, tier, weights_version, source):
    errors = _snapshot_errors(points, tier, weights_version)
    if candidate is None or candidate.region_id != region.pk:
        errors["candidate"] = [_("Choose a candidate of this region.")]
    elif candidate.status == CandidateStatus.LEFT:
        errors["candidate"] = [_("This candidate has left the pool and cannot be proposed.")]
    elif not may_propose(user, region, candidate):
        errors["candidate"] = [
            _(
                "You can propose your own organisation's candidates, or (as account manager) candidates who "
                "gave consent to share their profile in the region."
            )
        ]
    if vacancy is None or vacancy.region_id != region.pk:
        errors["vacancy"] = [_("Choose a vacancy of this region.")]
    elif vacancy.status != VacancyStatus.OPEN:
        errors["vacancy"] = [
            _("Only an open vacancy can get proposals; this one is “%(status)s”.")
            % {"status": vacancy.get_status_display()}
        ]
    if source not in ProposalSource.values:
        errors["source"] = [_("Unknown source.")]
    return errors


def proposal_create(
    *,
    user,
    region: Region,
    candidate: Candidate,
    vacancy: Vacancy,
    note: str = "",
    override_reason: str = "",
    source: str = "manual",
    points: int | None = None,
    tier: int | None = None,
    weights_version: str = "",
    request=None,
) -> Proposal:
    """Propose `candidate` for `vacancy`, in state proposed, with the vacancy's hours as they are now.

    `points`, `tier` and `weights_version` are the match score the caller showed or used (the match list, a
    matching round); they are kept as they were, for later reading, and never recomputed here.
    """
    if not may_propose_at_all(user, region):
        raise PermissionDenied
    note = (note or "").strip()
    override_reason = (override_reason or "").strip()
    with transaction.atomic():
        if candidate is not None and candidate.region_id == region.pk:
            # The lock that makes the checks below and the insert one step for everyone proposing this
            # candidate; it also gives the candidate as they are now (consent, status, hours).
            candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        errors = _create_errors(user, region, candidate, vacancy, points, tier, weights_version, source)
        for name, text in (("note", note), ("override_reason", override_reason)):
            if len(text) > MAX_NOTE_LENGTH:
                errors[name] = [_("A note is at most %(max)s characters.") % {"max": MAX_NOTE_LENGTH}]
        if errors:
            raise ValidationError(errors)
        active = Proposal.objects.filter(candidate=candidate, state__in=ACTIVE_STATES)
        if active.filter(vacancy=vacancy).exists():
            raise ValidationError(
                _("This candidate is already in an active process for this vacancy."), code=ALREADY_PROPOSED
            )
        if Proposal.objects.filter(candidate=candidate, vacancy=vacancy, state=ProposalState.HIRED).exists():
            raise ValidationError(
                _("This candidate has already been hired for this vacancy."), code=ALREADY_PROPOSED
            )
        committed = active.aggregate(total=Sum("hours_per_week"))["total"] or Decimal("0")
        conflict = hours_conflict(
            committed_hours=committed,
            active_count=active.count(),
            new_hours=vacancy.hours_per_week,
            max_hours=candidate.hours_per_week,
        )
        if conflict and not override_reason:
            conflicts = _conflicts(candidate)
            raise DoubleBooking(
                double_booking_message(
                    conflicts=conflicts,
                    committed_hours=committed,
                    new_hours=vacancy.hours_per_week,
                    max_hours=candidate.hours_per_week,
                ),
                conflicts=conflicts,
                committed_hours=committed,
                max_hours=candidate.hours_per_week,
            )
        if not conflict:
            override_reason = ""  # nothing was overridden; a reason given anyway would mislead
        proposal = Proposal.objects.create(
            region=region,
            candidate=candidate,
            vacancy=vacancy,
            hours_per_week=vacancy.hours_per_week,
            override_reason=override_reason,
            source=source,
            points=points,
            tier=tier,
            weights_version=weights_version or "",
            created_by=user,
        )
        ProposalEvent.objects.create(
            proposal=proposal,
            from_state="",
            to_state=ProposalState.PROPOSED,
            actor=user,
            at=timezone.now(),
            note=note,
            override_reason=override_reason,
        )
        context = "Kandidaat voorgedragen voor een vacature"
        if source == ProposalSource.ROUND:
            context += " (matchingsronde)"
        if override_reason:
            context += ", dubbele boeking bewust toegestaan"
        fields = ["candidate", "vacancy", "state", "hours_per_week", "source"]
        fields += [name for name, value in (("override_reason", override_reason), ("note", note)) if value]
        fields += ["points", "tier", "weights_version"] if points is not None else []
        log_change(
            actor=user,
            action=AccessAction.CREATE,
            object_type=OBJECT_TYPE,
            object_uuid=proposal.uuid,
            object_label=_label(candidate, vacancy),
            context=context,
            changed_fields=fields,
            subject_uuids=[candidate.uuid],
            region_code=region.code,
            request=request,
        )
    return proposal


def _transition_errors(proposal: Proposal, to_state, note, reason, declined_by) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if to_state == ProposalState.DECLINED:
        if declined_by not in DeclinedBy.values:
            errors["declined_by"] = [_("Say who declined: the employer or the candidate.")]
        if reason not in DeclineReason.values:
            errors["reason"] = [_("Choose the reason for the decline.")]
        elif declined_by in DeclinedBy.values and declined_by not in REASON_SIDES[reason]:
            errors["reason"] = [
                _("“%(reason)s” is not a reason %(side)s can give.")
                % {"reason": DeclineReason(reason).label, "side": DeclinedBy(declined_by).label}
            ]
        elif reason == DeclineReason.OTHER and not note:
            errors["note"] = [_("Explain the reason in the note.")]
    elif reason or declined_by:
        errors["reason"] = [_("Only a decline has a reason.")]
    if to_state == ProposalState.WITHDRAWN and not note:
        errors["note"] = [_("Say why the proposal is withdrawn.")]
    if len(note) > MAX_NOTE_LENGTH:
        errors.setdefault("note", []).append(
            _("A note is at most %(max)s characters.") % {"max": MAX_NOTE_LENGTH}
        )
    return errors


def _illegal(proposal: Proposal, to_state: str) -> ValidationError:
    target = ProposalState(to_state).label if to_state in ProposalState.values else to_state
    return ValidationError(
        {
            "to_state": [
                _("A proposal that is “%(state)s” cannot become “%(target)s”.")
                % {"state": proposal.get_state_display(), "target": target}
            ]
        }
    )


def proposal_transition(
    *,
    user,
    region: Region,
    proposal: Proposal,
    to_state: str,
    note: str = "",
    reason: str = "",
    declined_by: str = "",
    request=None,
) -> Proposal:
    """Move the proposal one step (states.TRANSITIONS) and append the step to its history.

    The proposal's row is locked and its state read again, so two people acting at once cannot both move
    it from the same state: the second gets the illegal-transition error against the state the first left.
    """
    if proposal.region_id != region.pk or not may_read_proposals(user, region):
        raise PermissionDenied
    note = (note or "").strip()
    reason = reason or ""
    declined_by = declined_by or ""
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update().select_related("candidate", "vacancy").get(pk=proposal.pk)
        )
        step = find_step(proposal.state, to_state, declined_by)
        if step is None:
            if to_state == ProposalState.DECLINED and proposal.is_active:
                if declined_by in DeclinedBy.values:  # the employer, before the proposal was sent to them
                    raise ValidationError(
                        {
                            "declined_by": [
                                _("The employer can decline only once the proposal has been sent to them.")
                            ]
                        }
                    )
                raise ValidationError(_transition_errors(proposal, to_state, note, reason, declined_by))
            raise _illegal(proposal, to_state)
        if not may_take_side(user, region, step.side, proposal.candidate):
            raise PermissionDenied
        errors = _transition_errors(proposal, to_state, note, reason, declined_by)
        if errors:
            raise ValidationError(errors)
        from_state = proposal.state
        proposal.state = to_state
        fields = ["state"]
        if to_state == ProposalState.DECLINED:
            proposal.declined_by = declined_by
            proposal.decline_reason = reason
            proposal.decline_note = note
            fields += ["declined_by", "decline_reason", "decline_note"]
        proposal.save(update_fields=[*fields, "updated_at"])
        ProposalEvent.objects.create(
            proposal=proposal,
            from_state=from_state,
            to_state=to_state,
            actor=user,
            at=timezone.now(),
            note=note,
            reason=reason if to_state == ProposalState.DECLINED else "",
            declined_by=declined_by if to_state == ProposalState.DECLINED else "",
        )
        context = (
            DECLINE_CONTEXTS[declined_by] if to_state == ProposalState.DECLINED else STEP_CONTEXTS[to_state]
        )
        log_change(
            actor=user,
            action=AccessAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_uuid=proposal.uuid,
            object_label=_label(proposal.candidate, proposal.vacancy),
            context=context,
            changed_fields=fields + (["note"] if note and "decline_note" not in fields else []),
            subject_uuids=[proposal.candidate.uuid],
            region_code=region.code,
            request=request,
        )
    return proposal
