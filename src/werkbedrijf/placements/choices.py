"""The placement's fixed lists (no ORM): contract types, end reasons, checkpoint outcomes, coaching."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractType(models.TextChoices):
    REGULAR = "regular", _("Employment contract with the employer")
    SECONDMENT = "secondment", _("Secondment (detachering)")
    SHELTERED_WORK = "sheltered_work", _("Sheltered work (beschut werk)")
    LABOUR_POOL = "labour_pool", _("Via a labour pool")
    TRIAL = "trial", _("Trial placement (proefplaatsing)")


class EndReason(models.TextChoices):
    CONTRACT_ENDED = "contract_ended", _("Fixed-term contract not renewed")
    TRIAL_NO_CONTRACT = "trial_no_contract", _("Trial placement ended without a contract")
    TRIAL_CONTRACT = "trial_contract", _("Trial placement ended with a contract (new placement)")
    OTHER_JOB = "other_job", _("Moved to other work")
    RESIGNED = "resigned", _("The candidate resigned")
    DISMISSED = "dismissed", _("Dismissed by the employer")
    WORK_NOT_SUITABLE = "work_not_suitable", _("The work did not suit (tasks, pace, hours)")
    GUIDANCE = "guidance", _("Guidance or cooperation at work fell short")
    HEALTH = "health", _("Health")
    BUSINESS = "business", _("The employer's business (reorganisation, closure)")
    TRAVEL = "travel", _("Travel or moving house")
    OTHER = "other", _("Other (explain in the note)")


class CheckpointOutcome(models.TextChoices):
    EMPLOYED = "employed", _("Still employed, as agreed")
    HOURS_CHANGED = "hours_changed", _("Still employed, hours changed")
    ENDED = "ended", _("The placement has ended")


class CoachingPeriod(models.TextChoices):
    WEEK = "week", _("per week")
    MONTH = "month", _("per month")


class CoachingKind(models.TextChoices):
    WORKPLACE_VISIT = "workplace_visit", _("Visit at the workplace")
    CONVERSATION = "conversation", _("Conversation with the candidate")
    EMPLOYER = "employer", _("Conversation with the employer or colleagues")
    TRAINING = "training", _("Training or instruction")
    PHONE = "phone", _("Phone or video call")
    OTHER = "other", _("Other")
