from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ekinerja.nip import NIP_RE, normalise_nip

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class NipField(forms.CharField):
    """A NIP as people type or paste it: spaces and dots dropped, then exactly 18 digits.

    The field only parses; whether such a pegawai exists is the view's or the action's question.
    """

    default_error_messages = {"nip_format": _("NIP harus terdiri dari 18 angka.")}

    def __init__(self, *, label: StrOrPromise | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)  # the raw input, spaces and dots included
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        )
        super().__init__(label=_("NIP") if label is None else label, **kwargs)

    def to_python(self, value: Any) -> str:
        return normalise_nip(super().to_python(value) or "")

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not NIP_RE.match(value):
            raise ValidationError(self.error_messages["nip_format"], code="nip_format")


class LoginForm(forms.Form):
    """The fields only; the attempt itself (throttle, identity service, log) is
    ekinerja.auth.attempt_login."""

    nip = NipField(
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
