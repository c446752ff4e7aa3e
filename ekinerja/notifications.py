"""Notifications: an in-app row now, an email once the transaction has committed."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from ekinerja.models import Notifikasi, Pegawai

log = logging.getLogger("ekinerja.notifications")


def notify(penerima: Pegawai, *, pesan: str, url: str = "", aktor: Pegawai | None = None) -> None:
    """Tell `penerima` about something; call it inside the transaction that made it happen.

    The row is part of that transaction (rolled back with it). The email goes out only after the
    commit, so nobody is told of a change that did not happen; a mail failure is logged, never
    raised into the request that caused it.
    """
    Notifikasi.objects.create(penerima=penerima, pesan=pesan[:500], url=url, aktor=aktor)
    email = getattr(penerima, "email", "") or ""
    if not email:
        return

    def send() -> None:
        link = f"{settings.SITE_URL}{url}" if url else settings.SITE_URL
        try:
            send_mail(
                subject=f"e-Kinerja: {pesan[:80]}",
                message=f"{pesan}\n\n{link}\n",
                from_email=None,
                recipient_list=[email],
            )
        except Exception:  # noqa: BLE001 (mail is best effort; the change itself stands)
            log.exception("notification email to %s failed", email)

    transaction.on_commit(send)
