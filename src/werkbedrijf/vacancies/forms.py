"""Forms for the vacancy and job-carving pages: input and format only; the services check the rules."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from werkbedrijf.candidates.models import AbilityRubric
from werkbedrijf.employers.models import Employer, EmployerLocation
from werkbedrijf.regions.forms import OccupationChoiceField

from . import selectors
from .models import MAX_VACANCY_HOURS, DemandLevel, EmployerTask, VacancyKind, VacancyStatus
from .services import MAX_POSITIONS, SUPPORT_FIELD_NAMES


class _ServiceErrorsForm(forms.Form):
    """Rendered with includes/form_field.html; service errors are added next to their field."""

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _hours_field(**kwargs):
    return forms.DecimalField(
        max_digits=4,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
        **kwargs,
    )


class LocationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}, {obj.postcode} {obj.municipality.name}"


def demand_field_names(rubric: str) -> tuple[str, str]:
    return f"demand_{rubric}", f"demand_{rubric}_note"


def _demand_level_field(label, initial=None) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", _("No special demand")), *DemandLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
        initial=initial if initial is not None else "",
    )


class _JobFieldsMixin:
    """Occupation and the employer's locations, shared by the vacancy form and the carving form."""

    def _setup_job_fields(self, employer: Employer) -> None:
        self.fields["location"].queryset = EmployerLocation.objects.filter(employer=employer).select_related(
            "municipality"
        )


class VacancyForm(_JobFieldsMixin, _ServiceErrorsForm):
    # The vendored CSS styles an empty required field as invalid (:invalid) before anything is entered.
    use_required_attribute = False

    title = forms.CharField(label=_("Job title"), max_length=200)
    occupation = OccupationChoiceField(
        label=_("Occupation (ESCO)"), help_text=_("Search by name or ISCO code and choose one.")
    )
    kind = forms.ChoiceField(label=_("Kind of job"), choices=VacancyKind.choices, initial=VacancyKind.REGULAR)
    location = LocationChoiceField(
        label=_("Location"),
        queryset=EmployerLocation.objects.none(),
        required=False,
        empty_label=_("No location"),
    )
    tasks = forms.CharField(label=_("Tasks"), widget=forms.Textarea(attrs={"rows": 4}))
    skills = forms.CharField(
        label=_("Skills asked for"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separated by commas, e.g. “kassa, klantcontact, heftruck”; matching compares them."),
    )
    hours_per_week = _hours_field(
        label=_("Hours per week"), min_value=1, max_value=MAX_VACANCY_HOURS, help_text=_("From 1 to 40.")
    )
    number_of_positions = forms.IntegerField(
        label=_("Number of positions"), min_value=1, max_value=MAX_POSITIONS, initial=1
    )
    wage_scale = forms.CharField(
        label=_("Wage scale"), max_length=200, required=False, help_text=_("e.g. cao Schoonmaak, schaal 2")
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=_date_widget())
    support_job_coach = forms.BooleanField(label=_("Job coach on site"), required=False)
    support_workplace_adaptation = forms.BooleanField(label=_("Workplace adaptation"), required=False)
    support_buddy = forms.BooleanField(label=_("Buddy or mentor"), required=False)
    support_flexible_hours = forms.BooleanField(label=_("Flexible working hours"), required=False)
    support_transport = forms.BooleanField(label=_("Help with transport or travel"), required=False)
    support_other = forms.CharField(label=_("Other support"), max_length=300, required=False)

    def __init__(self, *args, employer: Employer, demands=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_job_fields(employer)
        current = {d.rubric: d for d in demands}
        for rubric, label in AbilityRubric.choices:
            level_name, note_name = demand_field_names(rubric)
            demand = current.get(rubric)
            self.fields[level_name] = _demand_level_field(label, demand.level if demand else None)
            self.fields[note_name] = forms.CharField(
                label=_("Note on %(rubric)s") % {"rubric": label},
                max_length=300,
                required=False,
                initial=demand.note if demand else "",
            )

    def job_fields(self):
        return [
            self[n]
            for n in (
                "title",
                "occupation",
                "kind",
                "location",
                "tasks",
                "skills",
                "hours_per_week",
                "number_of_positions",
                "wage_scale",
                "start_date",
            )
        ]

    def support_fields(self):
        return [self[n] for n in (*SUPPORT_FIELD_NAMES, "support_other")]

    def demand_fields(self):
        return [self[name] for rubric in AbilityRubric.values for name in demand_field_names(rubric)]

    def vacancy_values(self) -> dict:
        data = self.cleaned_data
        return {n: data[n] for n in self.fields if not n.startswith("demand_")}

    def demands(self) -> list[tuple[str, int | None, str]]:
        result = []
        for rubric in AbilityRubric.values:
            level_name, note_name = demand_field_names(rubric)
            result.append((rubric, self.cleaned_data.get(level_name), self.cleaned_data.get(note_name, "")))
        return result


class StatusChangeForm(_ServiceErrorsForm):
    to_status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)

    def __init__(self, *args, allowed, **kwargs):
        kwargs.setdefault("prefix", "status")
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [("", _("Choose the new status"))] + [
            (value, label) for value, label in VacancyStatus.choices if value in allowed
        ]


class TaskForm(_ServiceErrorsForm):
    use_required_attribute = False

    name = forms.CharField(label=_("Task"), max_length=200, help_text=_("e.g. Filling shelves"))
    source_job = forms.CharField(
        label=_("Source job"),
        max_length=200,
        help_text=_("The existing job the task is now part of, e.g. Shop assistant."),
        widget=forms.TextInput(attrs={"list": "wb-source-jobs", "autocomplete": "off"}),
    )
    hours_per_week = _hours_field(
        label=_("Hours per week"),
        min_value=Decimal("0.01"),
        max_value=MAX_VACANCY_HOURS,
        help_text=_("How many hours a week this task takes now."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    suitable_for_target_group = forms.BooleanField(
        label=_("Suitable for the target group"), required=False, initial=True
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "taak")
        super().__init__(*args, **kwargs)
        for rubric, label in AbilityRubric.choices:
            self.fields[f"demand_{rubric}"] = _demand_level_field(label)

    def task_values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "source_job": data["source_job"],
            "hours_per_week": data["hours_per_week"],
            "description": data["description"],
            "suitable_for_target_group": data["suitable_for_target_group"],
            "demands": [(rubric, data.get(f"demand_{rubric}")) for rubric in AbilityRubric.values],
        }


class CarvedJobForm(_JobFieldsMixin, _ServiceErrorsForm):
    """The new job's own details on the carving page; the tasks are chosen with checkboxes beside it."""

    use_required_attribute = False

    title = forms.CharField(label=_("Job title"), max_length=200, help_text=_("e.g. Shop support employee"))
    occupation = OccupationChoiceField(
        label=_("Occupation (ESCO)"), help_text=_("Search by name or ISCO code and choose one.")
    )
    kind = forms.ChoiceField(
        label=_("Kind of job"), choices=VacancyKind.choices, initial=VacancyKind.JOBS_AGREEMENT
    )
    location = LocationChoiceField(
        label=_("Location"),
        queryset=EmployerLocation.objects.none(),
        required=False,
        empty_label=_("No location"),
    )
    number_of_positions = forms.IntegerField(
        label=_("Number of positions"), min_value=1, max_value=MAX_POSITIONS, initial=1
    )
    wage_scale = forms.CharField(
        label=_("Wage scale"), max_length=200, required=False, help_text=_("e.g. cao Schoonmaak, schaal 2")
    )
    start_date = forms.DateField(label=_("Start date"), required=False, widget=_date_widget())

    def __init__(self, *args, employer: Employer, **kwargs):
        kwargs.setdefault("prefix", "functie")
        super().__init__(*args, **kwargs)
        self._setup_job_fields(employer)

    @classmethod
    def keeping(cls, data, *, employer: Employer) -> "CarvedJobForm":
        """An unbound form showing what was typed, for a recalculation: no errors before "compose"."""
        form = cls(employer=employer)
        form.initial = {
            name: data.get(form.add_prefix(name)) for name in form.fields if data.get(form.add_prefix(name))
        }
        return form


TASK_CHECKBOX = "taak"


def hours_input_name(task: EmployerTask) -> str:
    return f"uren_{task.uuid}"


def parse_selection(
    data, tasks: list[EmployerTask]
) -> tuple[list[tuple[EmployerTask, Decimal | None]], dict]:
    """The ticked tasks with the hours typed beside them (empty = all of the task's hours), and per task
    uuid an error when the hours are not a number. Tasks not in `tasks` are ignored."""
    chosen = set(data.getlist(TASK_CHECKBOX))
    selection: list[tuple[EmployerTask, Decimal | None]] = []
    errors: dict[str, str] = {}
    for task in tasks:
        if str(task.uuid) not in chosen:
            continue
        raw = (data.get(hours_input_name(task)) or "").strip().replace(",", ".")
        if not raw:
            selection.append((task, None))
            continue
        try:
            hours = Decimal(raw)
        except InvalidOperation:
            errors[str(task.uuid)] = _("Enter a number of hours.")
            continue
        if not hours.is_finite():
            errors[str(task.uuid)] = _("Enter a number of hours.")
            continue
        selection.append((task, hours))
    return selection, errors


SORT_CHOICES = [
    (selectors.SORT_NEWEST, _("Newest first")),
    (selectors.SORT_START_DATE, _("Start date (soonest first)")),
    (selectors.SORT_TITLE, _("Job title (A–Z)")),
]


class VacancyFilterForm(forms.Form):
    """The GET form above the list; Dutch parameter names, as they show in the address bar."""

    zoek = forms.CharField(label=_("Search by title, employer or occupation"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *VacancyStatus.choices]
    )
    soort = forms.ChoiceField(
        label=_("Kind of job"), required=False, choices=[("", _("All kinds")), *VacancyKind.choices]
    )
    beroepsgroep = forms.ChoiceField(label=_("Occupation group (ISCO)"), required=False)
    gemeente = forms.ChoiceField(label=_("Municipality of the location"), required=False)
    werkgever = forms.UUIDField(required=False, widget=forms.HiddenInput)
    sorteer = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beroepsgroep"].choices = [("", _("All occupation groups"))] + [
            (g.code, f"{g.code} {g.name_nl}") for g in selectors.occupation_groups()
        ]
        self.fields["gemeente"].choices = [("", _("All municipalities"))] + [
            (m.code, m.name) for m in selectors.location_municipalities(region=region)
        ]

    def filters(self) -> selectors.VacancyFilters:
        self.is_valid()  # invalid fields are left out of cleaned_data; the valid ones still filter
        data = self.cleaned_data
        employer = data.get("werkgever")
        return selectors.VacancyFilters(
            search=data.get("zoek", ""),
            status=data.get("status", ""),
            kind=data.get("soort", ""),
            occupation_group=data.get("beroepsgroep", ""),
            municipality_code=data.get("gemeente", ""),
            employer_uuid=str(employer) if employer else "",
            sort=data.get("sorteer") or selectors.SORT_NEWEST,
        )
