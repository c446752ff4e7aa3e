"""Background tasks (Django's tasks framework) for the scheduled work of Progres Harian: the
scheduled-job runner may enqueue these, or call the management commands, which do the same."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone


@task()
def tugas_pengingat() -> dict[str, object]:
    from progres.pengingat import kirim_pengingat

    hasil = kirim_pengingat()
    return {"tanggal": hasil.tanggal.isoformat(), "dikirim": hasil.dikirim, "email": hasil.email,
            "alasan": hasil.alasan}


@task()
def tugas_partisi(ke_depan: int = 3) -> list[str]:
    from progres.partisi import buat_default, buat_partisi, tambah_bulan

    buat_default()
    today = timezone.localdate()
    return [nama for nama, _n in buat_partisi(today, tambah_bulan(today, ke_depan))]
