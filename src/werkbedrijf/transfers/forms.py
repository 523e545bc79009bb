from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What does the file contain?"))
    file = forms.FileField(
        label=_("File"),
        allow_empty_file=True,  # the job answers an empty file like any other unusable file
        help_text=_("CSV (separated by ; or ,) or Excel (.xlsx), at most %(max)s MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, kinds, max_mb: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.code, k.label) for k in kinds]
        self.fields["file"].help_text = self.fields["file"].help_text % {"max": max_mb}

    def refuse_file(self, message: str) -> None:
        """Show `message` next to the file field, also on a form whose body was not read (too large)."""
        if not self.is_bound:
            self.cleaned_data = {}
        self.add_error("file", message)
