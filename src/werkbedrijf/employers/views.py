from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .forms import ContactMomentForm, EmployerFilterForm, EmployerForm, LocationForm, PledgeForm
from .permissions import EmployerScope, employer_rule

HISTORY_CONTEXT = "Contacthistorie werkgever bekeken (interface)"


@login_required
def employer_list_view(request):
    region = request.region
    rule = employer_rule(request.user, region)
    if rule.scope == EmployerScope.OWN:
        employer = selectors.own_employer(user=request.user, region=region)
        if employer is None:
            raise Http404
        return redirect("employers:detail", employer_uuid=employer.uuid)
    if rule.scope == EmployerScope.COUNTS:
        counts = selectors.employer_counts(user=request.user, region=region)
        return render(request, "employers/employer_counts.html", {"counts": counts})
    if rule.scope < EmployerScope.COUNTS:
        raise PermissionDenied
    form = EmployerFilterForm(request.GET or None, region=region)
    page = selectors.employer_list(
        user=request.user,
        region=region,
        filters=form.filters() if request.GET else selectors.EmployerFilters(),
        page_number=request.GET.get("pagina"),
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "employers/employer_list.html",
        {
            "form": form,
            "page": page,
            "employers": page.object_list,
            "query": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k not in ("pagina", "sorteer")),
            "may_edit": rule.edit,
        },
    )


def _detail(request, employer, *, status=200, **forms):
    region = request.region
    rule = employer_rule(request.user, region)
    history = None
    if rule.contact_history:
        history = selectors.contact_history(
            user=request.user, region=region, employer=employer, request=request, context=HISTORY_CONTEXT
        )
    context = {
        "employer": employer,
        "locations": list(employer.locations.select_related("municipality")),
        "pledges": list(employer.pledges.select_related("recorded_by")),
        "history": history,
        "rule": rule,
        "show_back": rule.scope == EmployerScope.REGION,
    }
    if rule.add_contact:
        context["contact_form"] = forms.get("contact_form") or ContactMomentForm()
    if rule.edit:
        context["location_form"] = forms.get("location_form") or LocationForm()
        context["pledge_form"] = forms.get("pledge_form") or PledgeForm()
    return render(request, "employers/employer_detail.html", context, status=status)


@login_required
def employer_detail_view(request, employer_uuid):
    employer = selectors.employer_get(user=request.user, region=request.region, employer_uuid=employer_uuid)
    return _detail(request, employer)


def _add_to_employer(request, employer_uuid, *, may, form_class, service, form_name: str, success: str):
    """The shared flow of the detail page's add forms: check the right, validate, call the service, and on
    an error show the page again with the form and what was entered."""
    employer = selectors.employer_get(user=request.user, region=request.region, employer_uuid=employer_uuid)
    if not may(employer_rule(request.user, request.region)):
        raise PermissionDenied
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(
                user=request.user,
                region=request.region,
                employer=employer,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, success)
            return redirect("employers:detail", employer_uuid=employer.uuid)
    return _detail(request, employer, status=400, **{form_name: form})


@login_required
@require_POST
def contact_moment_add_view(request, employer_uuid):
    return _add_to_employer(
        request,
        employer_uuid,
        may=lambda rule: rule.add_contact,
        form_class=ContactMomentForm,
        service=services.contact_moment_add,
        form_name="contact_form",
        success=_("The contact moment has been recorded."),
    )


@login_required
@require_POST
def location_add_view(request, employer_uuid):
    return _add_to_employer(
        request,
        employer_uuid,
        may=lambda rule: rule.edit,
        form_class=LocationForm,
        service=services.employer_location_add,
        form_name="location_form",
        success=_("The location has been added."),
    )


@login_required
@require_POST
def pledge_add_view(request, employer_uuid):
    return _add_to_employer(
        request,
        employer_uuid,
        may=lambda rule: rule.edit,
        form_class=PledgeForm,
        service=services.pledge_add,
        form_name="pledge_form",
        success=_("The pledge has been recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def employer_create_view(request):
    region = request.region
    if not employer_rule(request.user, region).edit:
        raise PermissionDenied
    form = EmployerForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            employer = services.employer_create(
                user=request.user, region=region, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": employer.name})
            return redirect("employers:detail", employer_uuid=employer.uuid)
    return render(request, "employers/employer_form.html", {"form": form, "employer": None})


@login_required
@require_http_methods(["GET", "POST"])
def employer_edit_view(request, employer_uuid):
    region = request.region
    employer = selectors.employer_get(user=request.user, region=region, employer_uuid=employer_uuid)
    if not employer_rule(request.user, region).edit:
        raise PermissionDenied
    initial = {
        "name": employer.name,
        "kvk_number": employer.kvk_number,
        "sector": employer.sector,
        "size_class": employer.size_class,
        "sector_type": employer.sector_type,
        "yearly_paid_hours": employer.yearly_paid_hours,
        "account_manager": employer.account_manager,
    }
    form = EmployerForm(
        request.POST or None,
        initial=initial,
        region=region,
        current_sector=employer.sector,
        current_account_manager=employer.account_manager,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_update(
                user=request.user, region=region, employer=employer, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("employers:detail", employer_uuid=employer.uuid)
    return render(request, "employers/employer_form.html", {"form": form, "employer": employer})
