"""Pages of the assessment workflow (/metingen/): thin, the rules are in services.py and permissions.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .assessment_forms import (
    AssessmentCreateForm,
    AssessmentEditForm,
    AssessmentFilterForm,
    CandidateSearchForm,
    CorrectForm,
    FinaliseForm,
    TaskForm,
    ViewForm,
)
from .permissions import actions, may_create, may_list
from .presentation import step_rows

LIST_CONTEXT = "Loonwaardemetingen bekeken (interface)"
DUE_CONTEXT = "Herbeoordelingen loonwaarde bekeken (interface)"
DETAIL_CONTEXT = "Loonwaardemeting bekeken (interface)"
REPORT_CONTEXT = "Rapport loonwaardemeting gedownload (interface)"
CANDIDATE_SEARCH_CONTEXT = "Kandidaat gezocht voor loonwaardemeting (interface)"
PARTY_SLUGS = {"werkgever": "employer", "kandidaat": "candidate"}


def _require_list(request):
    if not may_list(request.user, request.region):
        raise PermissionDenied


def _get(request, assessment_uuid):
    return selectors.assessment_get(user=request.user, region=request.region, assessment_uuid=assessment_uuid)


def _finalised_message(request, assessment):
    messages.error(
        request, _("This assessment is finalised and cannot be changed. Record a correction instead.")
    )
    return redirect("assessments:detail", assessment_uuid=assessment.uuid)


@login_required
def assessment_list_view(request):
    _require_list(request)
    form = AssessmentFilterForm(request.GET or None)
    filters = form.filters() if request.GET else selectors.AssessmentFilters()
    page, rows = selectors.assessment_list(
        user=request.user,
        region=request.region,
        filters=filters,
        page_number=request.GET.get("pagina"),
        request=request,
        context=LIST_CONTEXT,
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "wage_value/assessments/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k != "pagina"),
            "may_create": may_create(request.user, request.region),
        },
    )


@login_required
def reassessments_due_view(request):
    _require_list(request)
    rows = selectors.reassessments_due(
        user=request.user, region=request.region, request=request, context=DUE_CONTEXT
    )
    return render(
        request,
        "wage_value/assessments/due.html",
        {"rows": rows, "window_days": selectors.REMINDER_WINDOW_DAYS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create_view(request):
    region = request.region
    if not may_create(request.user, region):
        raise PermissionDenied
    search_form = CandidateSearchForm(request.GET or None)
    candidates = []
    searched = False
    if search_form.is_valid() and search_form.cleaned_data["zoek"]:
        searched = True
        candidates = selectors.creatable_candidates(
            user=request.user,
            region=region,
            search=search_form.cleaned_data["zoek"],
            request=request,
            context=CANDIDATE_SEARCH_CONTEXT,
        )
    chosen_uuid = request.POST.get("candidate") or request.GET.get("kandidaat")
    if chosen_uuid and not any(str(c.uuid) == chosen_uuid for c in candidates):
        chosen = selectors.candidate_for_assessment(region=region, candidate_uuid=chosen_uuid)
        if chosen is not None and chosen.responsible_organisation_id == request.user.organisation_id:
            candidates.insert(0, chosen)
    initial = {"candidate": chosen_uuid or (str(candidates[0].uuid) if len(candidates) == 1 else None)}
    form = AssessmentCreateForm(request.POST or None, region=region, candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        candidate = selectors.candidate_for_assessment(region=region, candidate_uuid=data.pop("candidate"))
        try:
            assessment = services.assessment_create(
                user=request.user,
                region=region,
                candidate=candidate,
                request=request,
                **{**data, "method": data["method"] or None},
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, _("The assessment has been created and assigned to the expert."))
            return redirect("assessments:detail", assessment_uuid=assessment.uuid)
    return render(
        request,
        "wage_value/assessments/create.html",
        {"form": form, "search_form": search_form, "searched": searched, "found": len(candidates)},
        status=400 if form.errors else 200,
    )


@login_required
def assessment_detail_view(request, assessment_uuid):
    assessment = _get(request, assessment_uuid)
    detail = selectors.assessment_detail(
        user=request.user,
        region=request.region,
        assessment=assessment,
        request=request,
        context=DETAIL_CONTEXT,
    )
    result = detail.calculation.result
    return render(
        request,
        "wage_value/assessments/detail.html",
        {
            "assessment": assessment,
            "detail": detail,
            "steps": step_rows(result.steps) if result else [],
        },
    )


def _form_page(request, assessment, *, form, title, submit, status=200, intro=""):
    return render(
        request,
        "wage_value/assessments/form.html",
        {"assessment": assessment, "form": form, "title": title, "submit": submit, "intro": intro},
        status=400 if form.errors else status,
    )


def _save_or_form_page(request, assessment, form, save, *, success, **page):
    """A valid POST goes to `save(**cleaned_data)` and back to the assessment; otherwise, or when the service
    refuses, the form page with the errors."""
    if request.method == "POST" and form.is_valid():
        try:
            save(**form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        except services.AssessmentFinalisedError:
            return _finalised_message(request, assessment)
        else:
            messages.success(request, success)
            return redirect("assessments:detail", assessment_uuid=assessment.uuid)
    return _form_page(request, assessment, form=form, **page)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_edit_view(request, assessment_uuid):
    region = request.region
    assessment = _get(request, assessment_uuid)
    if assessment.is_finalised:
        return _finalised_message(request, assessment)
    allowed = actions(request.user, region, assessment)
    if not allowed.edit:
        raise PermissionDenied
    initial = {
        name: getattr(assessment, name)
        for name in (
            "workplace",
            "location",
            "assessor",
            "method",
            "reference_job",
            "reference_job_scale",
            "reference_hourly_wage",
            "observed_on",
            "conclusion",
        )
    }
    form = AssessmentEditForm(
        request.POST or None, initial=initial, region=region, assessment=assessment, may_assign=allowed.assign
    )

    def save(**data):
        data["method"] = data["method"] or assessment.method
        services.assessment_update(
            user=request.user, region=region, assessment=assessment, request=request, **data
        )

    return _save_or_form_page(
        request,
        assessment,
        form,
        save,
        success=_("The changes have been saved."),
        title=_("Edit the assessment"),
        submit=_("Save"),
    )


def _task_flow(request, assessment, task=None):
    region = request.region
    if assessment.is_finalised:
        return _finalised_message(request, assessment)
    if not actions(request.user, region, assessment).tasks:
        raise PermissionDenied
    initial = {}
    if task is not None:
        initial = {name: getattr(task, name) for name in services.TASK_FIELDS}
    form = TaskForm(request.POST or None, initial=initial, method=assessment.method)

    def save(**data):
        if task is None:
            services.task_add(
                user=request.user, region=region, assessment=assessment, request=request, **data
            )
        else:
            services.task_update(user=request.user, region=region, task=task, request=request, **data)

    return _save_or_form_page(
        request,
        assessment,
        form,
        save,
        success=_("The main task has been saved."),
        title=_("Edit main task") if task else _("Add a main task"),
        submit=_("Save"),
        intro=_(
            "A main task takes at least 1/16 of the working week and at least 30 minutes per working day. "
            "Score tempo, quality and net working time against the reference job."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_add_view(request, assessment_uuid):
    return _task_flow(request, _get(request, assessment_uuid))


@login_required
@require_http_methods(["GET", "POST"])
def task_edit_view(request, assessment_uuid, task_uuid):
    assessment = _get(request, assessment_uuid)
    return _task_flow(request, assessment, selectors.task_get(assessment=assessment, task_uuid=task_uuid))


@login_required
@require_POST
def task_remove_view(request, assessment_uuid, task_uuid):
    assessment = _get(request, assessment_uuid)
    task = selectors.task_get(assessment=assessment, task_uuid=task_uuid)
    try:
        services.task_remove(user=request.user, region=request.region, task=task, request=request)
    except services.AssessmentFinalisedError:
        return _finalised_message(request, assessment)
    messages.success(request, _("The main task has been removed."))
    return redirect("assessments:detail", assessment_uuid=assessment.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def view_record_view(request, assessment_uuid, party):
    if party not in PARTY_SLUGS:
        raise Http404
    party = PARTY_SLUGS[party]
    region = request.region
    assessment = _get(request, assessment_uuid)
    if assessment.is_finalised:
        return _finalised_message(request, assessment)
    if not actions(request.user, region, assessment).views:
        raise PermissionDenied
    if party == "employer":
        initial = {"text": assessment.employer_view, "given_by": assessment.employer_view_by}
        title = _("The employer's view")
    else:
        initial = {"text": assessment.candidate_view}
        title = _("The candidate's view")
    form = ViewForm(request.POST or None, initial=initial, party=party)

    def save(**data):
        services.view_record(
            user=request.user, region=region, assessment=assessment, party=party, request=request, **data
        )

    return _save_or_form_page(
        request,
        assessment,
        form,
        save,
        success=_("The view has been recorded."),
        title=title,
        submit=_("Record the view"),
        intro=_("Write down the view as it was given, after the findings were discussed."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def finalise_view(request, assessment_uuid):
    region = request.region
    assessment = _get(request, assessment_uuid)
    if assessment.is_finalised:
        return _finalised_message(request, assessment)
    if not actions(request.user, region, assessment).finalise:
        raise PermissionDenied
    form = FinaliseForm(request.POST or None, initial={"conclusion": assessment.conclusion})

    def save(**data):
        services.assessment_finalise(
            user=request.user, region=region, assessment=assessment, request=request, **data
        )

    return _save_or_form_page(
        request,
        assessment,
        form,
        save,
        success=_("The assessment has been finalised and the report made."),
        title=_("Finalise the assessment"),
        submit=_("Finalise"),
        intro=_(
            "After finalising, nothing in this assessment can be changed; a mistake is corrected with a new "
            "assessment."
        ),
    )


@login_required
def report_view(request, assessment_uuid):
    """A download link (GET) that writes an export entry: never for a request another site started."""
    if request.META.get("HTTP_SEC_FETCH_SITE") == "cross-site":
        raise PermissionDenied
    assessment = _get(request, assessment_uuid)
    pdf = selectors.report_get(
        user=request.user,
        region=request.region,
        assessment=assessment,
        request=request,
        context=REPORT_CONTEXT,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="loonwaardemeting-{assessment.uuid}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def correct_view(request, assessment_uuid):
    region = request.region
    assessment = _get(request, assessment_uuid)
    if not actions(request.user, region, assessment).correct:
        raise PermissionDenied
    form = CorrectForm(request.POST or None, region=region, initial={"assessor": assessment.assessor})
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.assessment_correct(
                user=request.user, region=region, assessment=assessment, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, _("The correction has been created as a new assessment."))
            return redirect("assessments:detail", assessment_uuid=correction.uuid)
    return _form_page(
        request,
        assessment,
        form=form,
        title=_("Correct the assessment"),
        submit=_("Create the correction"),
        intro=_(
            "The finalised assessment stays as it is. The correction starts as a new draft with the same "
            "workplace and main tasks; both views are asked again before it is finalised."
        ),
    )


@login_required
@require_POST
def assessment_delete_view(request, assessment_uuid):
    assessment = _get(request, assessment_uuid)
    try:
        services.assessment_delete(
            user=request.user, region=request.region, assessment=assessment, request=request
        )
    except services.AssessmentFinalisedError:
        return _finalised_message(request, assessment)
    messages.success(request, _("The draft assessment has been deleted."))
    return redirect("assessments:list")
