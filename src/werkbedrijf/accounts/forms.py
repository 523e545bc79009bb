from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import DEMO_EMAIL_DOMAIN


class LoginForm(AuthenticationForm):
    """Username and password. Built on Django's form so that `request` reaches django-axes."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "The username or password is not correct. Check both and try again; "
            "after several failed attempts logging in is blocked for a while."
        ),
        "inactive": _("This account has been deactivated. Contact the functional administrator."),
        "system_account": _("This is a system account for the API; it cannot log in here."),
        "demo_account": _("Demo accounts cannot log in on this system."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_system_account:
            raise forms.ValidationError(self.error_messages["system_account"], code="system_account")
        # A development database copied to a server must not bring its published demo logins along.
        if user.email.endswith("@" + DEMO_EMAIL_DOMAIN) and not settings.WERKBEDRIJF_DEMO_ALLOWED:
            raise forms.ValidationError(self.error_messages["demo_account"], code="demo_account")


class TokenForm(forms.Form):
    """A 6-digit code from the authenticator app, or (on the code page) a one-time backup code."""

    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
    )

    def __init__(self, *args, allow_backup_code: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_backup_code = allow_backup_code
        if allow_backup_code:
            self.fields["token"].help_text = _(
                "The 6 digits your authenticator app shows now, or one of your backup codes."
            )
            self.fields["token"].widget.attrs["inputmode"] = "text"
        else:
            self.fields["token"].max_length = 6
            self.fields["token"].help_text = _("The 6 digits your authenticator app shows now.")

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split()).lower()
        if token.isdigit() and len(token) == 6:
            return token
        if self.allow_backup_code and len(token) == 8 and token.isalnum():
            return token
        if self.allow_backup_code:
            raise forms.ValidationError(
                _("Enter the 6 digits from your app, or a backup code of 8 characters.")
            )
        raise forms.ValidationError(_("Enter the 6 digits from your app."))
