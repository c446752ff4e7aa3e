from __future__ import annotations

import datetime as dt
import logging

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ekinerja.auth import COUNTED_FAILURES, Failure, failure_message
from ekinerja.models import LoginEvent, Pegawai
from ekinerja.nip import NIP_RE, normalise_nip

log = logging.getLogger("ekinerja.auth")


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class LoginForm(forms.Form):
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
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args, **kwargs) -> None:
        self.request = request
        self.user: Pegawai | None = None
        super().__init__(*args, **kwargs)

    def clean_nip(self) -> str:
        nip = normalise_nip(self.cleaned_data["nip"])
        if not NIP_RE.match(nip):
            raise ValidationError(_("NIP harus terdiri dari 18 angka."), code="nip_format")
        return nip

    def clean(self) -> dict:
        cleaned = super().clean()
        nip, password = cleaned.get("nip"), cleaned.get("password")
        if not nip or not password:
            return cleaned
        ip = client_ip(self.request)
        wait = self._lockout_minutes(nip, ip)
        if wait:
            self._record(nip, ip, Failure.RATE_LIMITED)
            raise ValidationError(failure_message(Failure.RATE_LIMITED, menit=wait))
        user = authenticate(self.request, username=nip, password=password)
        if user is None:
            code = getattr(self.request, "login_failure", Failure.WRONG_PASSWORD)
            self._record(nip, ip, code)
            raise ValidationError(failure_message(code), code=str(code))
        self._record(nip, ip, "", berhasil=True)
        self.user = user
        return cleaned

    def _lockout_minutes(self, nip: str, ip: str | None) -> int:
        """Minutes left before this NIP or IP may try again; 0 when it may try now."""
        window = dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        since = timezone.now() - window
        last_ok = LoginEvent.objects.filter(nip=nip, berhasil=True, waktu__gte=since).aggregate(
            m=Max("waktu")
        )["m"]
        counted = [str(c) for c in COUNTED_FAILURES]
        per_nip = LoginEvent.objects.filter(
            nip=nip, berhasil=False, alasan__in=counted, waktu__gte=max(since, last_ok or since)
        ).order_by("-waktu")[: settings.LOGIN_MAX_FAILURES_PER_NIP]
        per_ip = LoginEvent.objects.filter(
            ip=ip, berhasil=False, alasan__in=counted, waktu__gte=since
        ).order_by("-waktu")[: settings.LOGIN_MAX_FAILURES_PER_IP]
        for rows, limit in ((list(per_nip), settings.LOGIN_MAX_FAILURES_PER_NIP),
                            (list(per_ip) if ip else [], settings.LOGIN_MAX_FAILURES_PER_IP)):
            if len(rows) >= limit:
                # The oldest of the last `limit` failures leaves the window first.
                free_at = rows[-1].waktu + window
                return max(1, int((free_at - timezone.now()).total_seconds() // 60) + 1)
        return 0

    def _record(self, nip: str, ip: str | None, alasan: str, *, berhasil: bool = False) -> None:
        LoginEvent.objects.create(nip=nip, ip=ip, berhasil=berhasil, alasan=str(alasan))
        if berhasil:
            log.info("login ok nip=%s ip=%s", nip, ip)
        else:
            log.warning("login refused nip=%s ip=%s reason=%s", nip, ip, alasan)
