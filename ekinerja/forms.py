from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ekinerja.nip import NIP_RE, normalise_nip


class LoginForm(forms.Form):
    """The fields only; the attempt itself (throttle, identity service, log) is
    ekinerja.auth.attempt_login."""

    nip = forms.CharField(
        label=_("NIP"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "inputmode": "numeric", "autofocus": True}
        ),
    )
    password = forms.CharField(
        label=pgettext_lazy("login MySAPK", "Password"),
        strip=False,
        max_length=512,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_nip(self) -> str:
        nip = normalise_nip(self.cleaned_data["nip"])
        if not NIP_RE.match(nip):
            raise ValidationError(_("NIP harus terdiri dari 18 angka."), code="nip_format")
        return nip
