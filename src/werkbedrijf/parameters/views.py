from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import LegalParameterCorrectionForm, LegalParameterForm
from .keys import DEFINITIONS, variant_label
from .permissions import may_change_legal_parameters
from .selectors import jobs_agreement_target_list, legal_parameter_get, legal_parameter_groups
from .services import legal_parameter_correct, legal_parameter_create


def _not_allowed(request):
    return render(request, "parameters/not_allowed.html", status=403)


def _parameter_label(key: str) -> str:
    definition = DEFINITIONS.get(key)
    return str(definition.label) if definition else key


@login_required
def parameter_list(request):
    today = timezone.localdate()
    return render(
        request,
        "parameters/parameter_list.html",
        {
            "groups": legal_parameter_groups(today),
            "targets": jobs_agreement_target_list(),
            "today": today,
            "may_edit": may_change_legal_parameters(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def parameter_create(request):
    if not may_change_legal_parameters(request.user):
        return _not_allowed(request)
    form = LegalParameterForm(request.POST or None, initial={"key": request.GET.get("key", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            parameter = legal_parameter_create(
                user=request.user,
                key=data["key"],
                variant=data["variant"],
                value=data["value"],
                unit=DEFINITIONS[data["key"]].unit,
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                source=data["source"],
                confidence=data["confidence"],
                note=data["note"],
                request=request,
            )
        except ValidationError as error:
            form.add_errors(error.message_dict, field_map={"valid_to": "valid_through", "unit": "key"})
        else:
            messages.success(
                request,
                _("New version of %(parameter)s from %(date)s saved.")
                % {
                    "parameter": _parameter_label(parameter.key),
                    "date": date_format(parameter.valid_from, "SHORT_DATE_FORMAT"),
                },
            )
            return redirect("parameters:list")
    return render(request, "parameters/parameter_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def parameter_correct(request, uuid):
    if not may_change_legal_parameters(request.user):
        return _not_allowed(request)
    parameter = legal_parameter_get(uuid)
    if parameter is None:
        raise Http404
    form = LegalParameterCorrectionForm(request.POST or None, parameter=parameter)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            legal_parameter_correct(
                user=request.user,
                parameter=parameter,
                value=data["value"],
                source=data["source"],
                confidence=data["confidence"],
                note=data["note"],
                request=request,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_errors(error.message_dict)
            else:
                form.add_errors({"__all__": error.messages})
        else:
            messages.success(
                request,
                _("The version of %(parameter)s from %(date)s has been corrected.")
                % {
                    "parameter": _parameter_label(parameter.key),
                    "date": date_format(parameter.valid_from, "SHORT_DATE_FORMAT"),
                },
            )
            return redirect("parameters:list")
    definition = DEFINITIONS.get(parameter.key)
    return render(
        request,
        "parameters/parameter_correct.html",
        {
            "form": form,
            "parameter": parameter,
            "parameter_label": _parameter_label(parameter.key),
            "unit_label": definition.unit_label if definition else parameter.unit,
            "variant_label": variant_label(parameter.variant),
        },
    )
