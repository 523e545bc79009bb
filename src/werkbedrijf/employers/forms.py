"""Forms for the employer pages: input and format only; the rules are checked by the services."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkbedrijf.accounts.models import User
from werkbedrijf.regions.models import Sector

from . import selectors
from .models import ContactMomentKind, PledgeKind, SectorType, SizeClass


class _ServiceErrorsForm(forms.Form):
    """Rendered with includes/form_field.html; service errors are added next to their field."""

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            target = name if name in self.fields else None
            for message in messages:
                self.add_error(target, message)


class SectorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name_nl}"


class AccountManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EmployerForm(_ServiceErrorsForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kvk_number = forms.CharField(
        label=_("KvK number"),
        max_length=12,
        help_text=_("The 8 digits of the Chamber of Commerce registration."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    sector = SectorChoiceField(
        label=_("Sector (SBI 2008)"), queryset=Sector.objects.none(), empty_label=_("Choose a sector")
    )
    size_class = forms.ChoiceField(
        label=_("Size"), choices=[("", _("Choose a size class")), *SizeClass.choices]
    )
    sector_type = forms.ChoiceField(
        label=_("Market or government"), choices=SectorType.choices, initial=SectorType.MARKET
    )
    yearly_paid_hours = forms.IntegerField(
        label=_("Paid hours per year"),
        required=False,
        min_value=0,
        help_text=_("Total paid hours of all employees in a year; used later for the quota position."),
    )
    account_manager = AccountManagerChoiceField(
        label=_("Account manager"),
        queryset=None,
        required=False,
        empty_label=_("No account manager yet"),
    )

    def __init__(self, *args, region, current_sector=None, current_account_manager=None, **kwargs):
        super().__init__(*args, **kwargs)
        sectors = selectors.sector_divisions()
        if current_sector is not None:
            sectors = Sector.objects.filter(pk__in=sectors.values("pk")) | Sector.objects.filter(
                pk=current_sector.pk
            )
        self.fields["sector"].queryset = sectors.order_by("code")
        managers = selectors.account_managers(region=region)
        if current_account_manager is not None:
            # Kept selectable even if they lost the role, so that editing other fields still works.
            managers = User.objects.filter(
                Q(pk__in=managers.values("pk")) | Q(pk=current_account_manager.pk)
            ).order_by("last_name", "first_name", "username")
        self.fields["account_manager"].queryset = managers


class ContactMomentForm(_ServiceErrorsForm):
    # The vendored CSS styles an empty required textarea as invalid (:invalid) before anything is entered.
    use_required_attribute = False

    occurred_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=ContactMomentKind.choices)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was discussed or agreed. Record only what is needed about contact persons."),
    )
    next_step = forms.CharField(label=_("Next step"), max_length=500, required=False)
    next_step_date = forms.DateField(label=_("Next step on"), required=False, widget=_date_widget())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"occurred_at": timezone.localtime().replace(second=0, microsecond=0)})
        super().__init__(*args, **kwargs)


class LocationForm(_ServiceErrorsForm):
    name = forms.CharField(label=_("Location name"), max_length=200)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, help_text=_("e.g. 1012 AB"))
    is_main = forms.BooleanField(label=_("Main location"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "locatie")
        super().__init__(*args, **kwargs)


class PledgeForm(_ServiceErrorsForm):
    year = forms.IntegerField(label=_("Year"))
    number_of_jobs = forms.IntegerField(label=_("Number of jobs"), min_value=1)
    kind = forms.ChoiceField(label=_("Kind of jobs"), choices=PledgeKind.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "toezegging")
        kwargs.setdefault("initial", {"year": timezone.localdate().year + 1})
        super().__init__(*args, **kwargs)


SORT_CHOICES = [
    (selectors.SORT_NAME, _("Name (A–Z)")),
    (selectors.SORT_NAME_DESC, _("Name (Z–A)")),
    (selectors.SORT_LAST_CONTACT, _("Most recent contact first")),
    (selectors.SORT_LAST_CONTACT_OLDEST, _("Longest without contact first")),
]


class EmployerFilterForm(forms.Form):
    """The GET form above the list; Dutch parameter names, as they show in the address bar."""

    zoek = forms.CharField(label=_("Search by name or KvK number"), required=False, max_length=100)
    sectie = forms.ChoiceField(label=_("Sector"), required=False)
    grootte = forms.ChoiceField(
        label=_("Size"), required=False, choices=[("", _("All sizes")), *SizeClass.choices]
    )
    accountmanager = forms.ChoiceField(label=_("Account manager"), required=False)
    mijn = forms.BooleanField(label=_("Only employers I am account manager of"), required=False)
    sorteer = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectie"].choices = [("", _("All sectors"))] + [
            (s.code, f"{s.code} {s.name_nl}") for s in selectors.sector_sections()
        ]
        self.fields["accountmanager"].choices = [("", _("All account managers"))] + [
            (str(u.uuid), u.get_full_name() or u.get_username())
            for u in selectors.account_managers(region=region)
        ]

    def filters(self) -> selectors.EmployerFilters:
        self.is_valid()  # invalid fields are left out of cleaned_data; the valid ones still filter
        data = self.cleaned_data
        return selectors.EmployerFilters(
            search=data.get("zoek", ""),
            sector_section=data.get("sectie", ""),
            size_class=data.get("grootte", ""),
            account_manager_uuid=data.get("accountmanager", ""),
            mine=bool(data.get("mijn")),
            sort=data.get("sorteer") or selectors.SORT_NAME,
        )
