from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from werkbedrijf.candidates.models import AbilityRubric
from werkbedrijf.employers.selectors import employer_get

from . import carving, selectors, services
from .forms import (
    TASK_CHECKBOX,
    CarvedJobForm,
    StatusChangeForm,
    TaskForm,
    VacancyFilterForm,
    VacancyForm,
    hours_input_name,
    parse_selection,
)
from .models import STATUS_TRANSITIONS, DemandLevel
from .permissions import VacancyScope, vacancy_rule


@login_required
def vacancy_list_view(request):
    region = request.region
    rule = vacancy_rule(request.user, region)
    if rule.scope == VacancyScope.COUNTS:
        counts = selectors.vacancy_counts(user=request.user, region=region)
        return render(request, "vacancies/vacancy_counts.html", {"counts": counts})
    if rule.scope < VacancyScope.COUNTS:
        raise PermissionDenied
    form = VacancyFilterForm(request.GET or None, region=region)
    filters = form.filters() if request.GET else selectors.VacancyFilters()
    page = selectors.vacancy_list(
        user=request.user, region=region, filters=filters, page_number=request.GET.get("pagina")
    )
    employer = None
    if filters.employer_uuid and rule.scope == VacancyScope.REGION:
        employer = employer_get(user=request.user, region=region, employer_uuid=filters.employer_uuid)
    query = request.GET.copy()
    query.pop("pagina", None)
    without_employer = request.GET.copy()
    without_employer.pop("werkgever", None)
    without_employer.pop("pagina", None)
    return render(
        request,
        "vacancies/vacancy_list.html",
        {
            "form": form,
            "page": page,
            "vacancies": page.object_list,
            "query": query.urlencode(),
            "without_employer": without_employer.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k not in ("pagina", "sorteer")),
            "employer": employer,
            "may_edit": rule.edit,
            "own_only": rule.scope == VacancyScope.OWN,
        },
    )


def _detail(request, vacancy, *, status=200, status_form=None):
    rule = vacancy_rule(request.user, request.region)
    context = {
        "vacancy": vacancy,
        "demands": selectors.demand_rows(vacancy.demands.all()),
        "history": selectors.status_history(vacancy),
        "carved": selectors.carved_tasks(vacancy),
        "support": vacancy.support_given(),
        "may_edit": rule.edit,
        "show_back": rule.scope >= VacancyScope.OWN,
    }
    allowed = STATUS_TRANSITIONS[vacancy.status]
    if rule.edit and allowed:
        context["status_form"] = status_form or StatusChangeForm(allowed=allowed)
    return render(request, "vacancies/vacancy_detail.html", context, status=status)


@login_required
def vacancy_detail_view(request, vacancy_uuid):
    vacancy = selectors.vacancy_get(user=request.user, region=request.region, vacancy_uuid=vacancy_uuid)
    return _detail(request, vacancy)


@login_required
@require_POST
def vacancy_status_view(request, vacancy_uuid):
    region = request.region
    vacancy = selectors.vacancy_get(user=request.user, region=region, vacancy_uuid=vacancy_uuid)
    if not vacancy_rule(request.user, region).edit:
        raise PermissionDenied
    form = StatusChangeForm(request.POST, allowed=STATUS_TRANSITIONS[vacancy.status])
    if form.is_valid():
        try:
            services.vacancy_status_change(
                user=request.user, region=region, vacancy=vacancy, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, _("The status has been changed."))
            return redirect("vacancies:detail", vacancy_uuid=vacancy.uuid)
    return _detail(request, vacancy, status=400, status_form=form)


def _edit_employer(request, employer_uuid):
    employer = employer_get(user=request.user, region=request.region, employer_uuid=employer_uuid)
    if not vacancy_rule(request.user, request.region).edit:
        raise PermissionDenied
    return employer


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_create_view(request, employer_uuid):
    region = request.region
    employer = _edit_employer(request, employer_uuid)
    form = VacancyForm(request.POST or None, employer=employer)
    if request.method == "POST" and form.is_valid():
        try:
            vacancy = services.vacancy_create(
                user=request.user,
                region=region,
                employer=employer,
                demands=form.demands(),
                request=request,
                **form.vacancy_values(),
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, _("The vacancy has been saved as a draft."))
            return redirect("vacancies:detail", vacancy_uuid=vacancy.uuid)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "vacancies/vacancy_form.html",
        {"form": form, "employer": employer, "vacancy": None},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_edit_view(request, vacancy_uuid):
    region = request.region
    vacancy = selectors.vacancy_get(user=request.user, region=region, vacancy_uuid=vacancy_uuid)
    if not vacancy_rule(request.user, region).edit:
        raise PermissionDenied
    initial = {name: getattr(vacancy, name) for name in services.VACANCY_FIELDS}
    form = VacancyForm(
        request.POST or None, employer=vacancy.employer, demands=vacancy.demands.all(), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.vacancy_update(
                user=request.user,
                region=region,
                vacancy=vacancy,
                demands=form.demands(),
                request=request,
                **form.vacancy_values(),
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("vacancies:detail", vacancy_uuid=vacancy.uuid)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "vacancies/vacancy_form.html",
        {"form": form, "employer": vacancy.employer, "vacancy": vacancy},
        status=status,
    )


# Job carving


def _preview(selection, hours_errors, tasks) -> dict:
    """What the preview region shows for the ticked tasks."""
    inputs = [services.task_input(task, hours) for task, hours in selection]
    composed = carving.compose(inputs)
    names = {str(t.uuid): t.name for t in tasks}
    levels = composed.demands
    return {
        "composed": composed,
        "demand_rows": [
            {
                "label": label,
                "level": levels.get(rubric),
                "level_label": DemandLevel(levels[rubric]).label if rubric in levels else "",
                "set_by": [names[k] for k in composed.demand_set_by.get(rubric, ())],
            }
            for rubric, label in AbilityRubric.choices
        ],
        "warnings": [
            {"text": services.warning_text(w, names), "blocking": w.blocking} for w in composed.warnings
        ],
        "hours_errors": [
            _("%(task)s: %(error)s") % {"task": names[key], "error": error}
            for key, error in hours_errors.items()
        ],
        "selected_count": len(inputs),
    }


def _carving_page(request, employer, *, status=200, job_form=None, task_form=None, selection_data=None):
    tasks = selectors.employer_tasks(user=request.user, region=request.region, employer=employer)
    data = selection_data
    if data is not None:
        selection, hours_errors = parse_selection(data, tasks)
    else:
        selection, hours_errors = [], {}
    chosen = {str(task.uuid): hours for task, hours in selection}
    groups = []
    for group in selectors.group_by_source_job(tasks):
        rows = []
        for task in group.tasks:
            key = str(task.uuid)
            typed = data.get(hours_input_name(task), "") if data is not None else ""
            rows.append(
                {
                    "task": task,
                    "checked": key in chosen or key in hours_errors,
                    "hours_name": hours_input_name(task),
                    # Unlocalised: a number input does not accept "8,5".
                    "hours_value": typed or format(task.hours_per_week.normalize(), "f"),
                    "hours_error": hours_errors.get(key, ""),
                    "demands": selectors.demand_rows(task.demands.all()),
                }
            )
        groups.append({"source_job": group.source_job, "hours": group.hours, "rows": rows})
    context = {
        "employer": employer,
        "groups": groups,
        "task_count": len(tasks),
        "source_jobs": sorted({t.source_job for t in tasks}),
        "job_form": job_form or CarvedJobForm(employer=employer),
        "task_form": task_form or TaskForm(),
        "checkbox_name": TASK_CHECKBOX,
        **_preview(selection, hours_errors, tasks),
    }
    return render(request, "vacancies/carving.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def carving_view(request, employer_uuid):
    """The job-carving page. A POST either recalculates the preview ("Bereken", the way without JavaScript)
    or composes the job from the ticked tasks."""
    region = request.region
    employer = _edit_employer(request, employer_uuid)
    if request.method == "GET":
        return _carving_page(request, employer)
    if request.POST.get("actie") != "samenstellen":
        return _carving_page(
            request,
            employer,
            job_form=CarvedJobForm.keeping(request.POST, employer=employer),
            selection_data=request.POST,
        )
    job_form = CarvedJobForm(request.POST, employer=employer)
    tasks = selectors.employer_tasks(user=request.user, region=region, employer=employer)
    selection, hours_errors = parse_selection(request.POST, tasks)
    if job_form.is_valid() and not hours_errors:
        try:
            vacancy = services.carved_job_create(
                user=request.user,
                region=region,
                employer=employer,
                selection=selection,
                request=request,
                **job_form.cleaned_data,
            )
        except ValidationError as error:
            job_form.add_service_errors(error.message_dict)
        else:
            messages.success(
                request,
                _("The job profile has been composed and saved as a draft vacancy. Check it and open it."),
            )
            return redirect("vacancies:detail", vacancy_uuid=vacancy.uuid)
    return _carving_page(request, employer, status=400, job_form=job_form, selection_data=request.POST)


@login_required
@require_POST
def carving_preview_view(request, employer_uuid):
    """The live preview (htmx): the preview region only. Without htmx, the whole page."""
    employer = _edit_employer(request, employer_uuid)
    if not request.htmx:
        return _carving_page(
            request,
            employer,
            job_form=CarvedJobForm.keeping(request.POST, employer=employer),
            selection_data=request.POST,
        )
    tasks = selectors.employer_tasks(user=request.user, region=request.region, employer=employer)
    selection, hours_errors = parse_selection(request.POST, tasks)
    return render(request, "vacancies/_carving_preview.html", _preview(selection, hours_errors, tasks))


@login_required
@require_POST
def task_add_view(request, employer_uuid):
    employer = _edit_employer(request, employer_uuid)
    form = TaskForm(request.POST)
    if form.is_valid():
        try:
            task = services.employer_task_create(
                user=request.user,
                region=request.region,
                employer=employer,
                request=request,
                **form.task_values(),
            )
        except ValidationError as error:
            form.add_service_errors(error.message_dict)
        else:
            messages.success(request, _("The task “%(task)s” has been added.") % {"task": task.name})
            return redirect("vacancies:carving", employer_uuid=employer.uuid)
    return _carving_page(request, employer, status=400, task_form=form)


@login_required
@require_POST
def task_archive_view(request, employer_uuid, task_uuid):
    employer = _edit_employer(request, employer_uuid)
    task = selectors.tasks_by_uuid(employer=employer, uuids=[task_uuid]).get(str(task_uuid))
    if task is None:
        raise Http404
    services.employer_task_archive(user=request.user, region=request.region, task=task, request=request)
    messages.success(request, _("The task “%(task)s” has been archived.") % {"task": task.name})
    return redirect("vacancies:carving", employer_uuid=employer.uuid)
