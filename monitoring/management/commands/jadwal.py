"""`manage.py jadwal`: run every due scheduled job once (see monitoring/jadwal.py).

Meant for cron or a systemd timer every 15 minutes; safe to run twice at once (advisory lock).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from monitoring.jadwal import jalankan_semua


class Command(BaseCommand):
    help = "Jalankan semua tugas terjadwal yang jatuh tempo (periode tahun baru, pengingat)."

    def handle(self, *args: Any, **options: Any) -> None:
        hasil = jalankan_semua()
        if hasil is None:
            self.stdout.write("jadwal: salinan lain sedang berjalan; tidak ada yang dikerjakan.")
            return
        for h in hasil:
            line = f"jadwal: {h.tugas} [{h.kunci or '-'}] {h.status}"
            self.stdout.write(f"{line}: {h.pesan}" if h.pesan else line)
        if any(h.status == "gagal" for h in hasil):
            raise SystemExit(1)
