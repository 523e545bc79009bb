"""Forms for the proposal pages: input and format only; the rules are checked by the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import MAX_POINTS
from .services import MAX_NOTE_LENGTH
from .states import DeclinedBy, ProposalState, Step, reasons_for

STATUS_ACTIVE = "actief"


class _ServiceErrorsForm(forms.Form):
    """Rendered with includes/form_field.html; service errors are added next to their field."""

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


class ProposalFilterForm(forms.Form):
    """The GET form above the list; Dutch parameter names, as they show in the address bar."""

    status = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All proposals")), (STATUS_ACTIVE, _("Active processes")), *ProposalState.choices],
    )
    # Set by the links from a vacancy's or a candidate's page; kept through a new search.
    vacature = forms.UUIDField(required=False, widget=forms.HiddenInput)
    kandidaat = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def filters(self) -> selectors.ProposalFilters:
        self.is_valid()  # invalid fields are left out of cleaned_data; the valid ones still filter
        data = self.cleaned_data
        status = data.get("status", "")
        return selectors.ProposalFilters(
            state=status if status in ProposalState.values else "",
            active_only=status == STATUS_ACTIVE,
            vacancy_uuid=str(data["vacature"]) if data.get("vacature") else "",
            candidate_uuid=str(data["kandidaat"]) if data.get("kandidaat") else "",
        )


def _note(label, *, required=False, help_text=None):
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_NOTE_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProposalCreateForm(_ServiceErrorsForm):
    """Posted by the "Propose" button of a match list: who and for what, with the score shown there. On a
    double booking the same form comes back with the override reason to fill in."""

    candidate = forms.UUIDField(widget=forms.HiddenInput)
    vacancy = forms.UUIDField(widget=forms.HiddenInput)
    points = forms.IntegerField(required=False, min_value=0, max_value=MAX_POINTS, widget=forms.HiddenInput)
    tier = forms.IntegerField(required=False, min_value=0, max_value=1, widget=forms.HiddenInput)
    weights_version = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    note = _note(_("Note"))
    override_reason = _note(
        _("Reason to propose anyway"),
        help_text=_("Why this candidate should be in one more process although the hours do not fit."),
    )

    def __init__(self, *args, ask_override: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.ask_override = ask_override
        if not ask_override:
            self.fields["override_reason"].widget = forms.HiddenInput()


class TransitionForm(_ServiceErrorsForm):
    """One step of states.TRANSITIONS: the target state and, for a decline, who declined (both fixed by the
    button the user chose) with a reason that side can give; for a withdrawal a note is required."""

    to_state = forms.ChoiceField(choices=ProposalState.choices, widget=forms.HiddenInput)
    declined_by = forms.ChoiceField(
        choices=[("", "–"), *DeclinedBy.choices], required=False, widget=forms.HiddenInput
    )
    reason = forms.ChoiceField(label=_("Reason"), required=False)
    note = _note(_("Note"))

    def __init__(self, *args, step: Step, **kwargs):
        kwargs.setdefault("prefix", step.key.replace(":", "-"))
        super().__init__(*args, **kwargs)
        self.step = step
        self.initial.update({"to_state": step.to_state, "declined_by": step.declined_by})
        if step.to_state == ProposalState.DECLINED:
            self.fields["reason"].required = True
            self.fields["reason"].choices = [("", _("Choose the reason")), *reasons_for(step.declined_by)]
            self.fields["note"].help_text = _("Required when the reason is “other”.")
        else:
            del self.fields["reason"]
        if step.to_state == ProposalState.WITHDRAWN:
            self.fields["note"].required = True
            self.fields["note"].label = _("Why is the proposal withdrawn?")

    def clean(self):
        data = super().clean()
        if (
            data.get("to_state") != self.step.to_state
            or (data.get("declined_by") or "") != self.step.declined_by
        ):
            raise forms.ValidationError(_("The form does not match the step; reload the page and try again."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "to_state": data["to_state"],
            "declined_by": data.get("declined_by") or "",
            "reason": data.get("reason") or "",
            "note": data.get("note") or "",
        }


class ReportPeriodForm(forms.Form):
    van = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    tot = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("van"), data.get("tot")
        if start and end and end < start:
            self.add_error("tot", _("The end of the period cannot be before its start."))
        return data


STEP_BUTTONS = {
    ProposalState.SENT_TO_EMPLOYER: _("Sent to the employer"),
    ProposalState.INTERVIEW: _("Interview planned or held"),
    ProposalState.TRIAL_PLACEMENT: _("Trial placement started"),
    ProposalState.HIRED: _("Hired"),
    ProposalState.WITHDRAWN: _("Withdraw the proposal"),
}
DECLINE_BUTTONS = {
    DeclinedBy.EMPLOYER: _("Declined by the employer"),
    DeclinedBy.CANDIDATE: _("Declined by the candidate"),
}


def step_label(step: Step) -> str:
    if step.to_state == ProposalState.DECLINED:
        return str(DECLINE_BUTTONS[step.declined_by])
    return str(STEP_BUTTONS[step.to_state])
