"""Laporan Progres Harian: one pegawai's month as a PDF, on the generic document mechanism
(ekinerja/dokumen.py: the content is hashed, an unchanged month is served from the stored PDF,
every version has its verification code). The pegawai is the source object; the month is part of
the content. Queries: the month's entries with their RHK, the month's holidays, the SKP of the
month (for the rater's snapshot); printing adds the document row and its PDF.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from ekinerja.dokumen import HasilCetak, dokumen
from ekinerja.models import Pegawai
from ekinerja.models_dokumen import DokumenCetak
from ekinerja.pdf import tanggal_indonesia
from progres.kalender import HARI, batas_bulan, nama_bulan
from progres.models import HariLibur, ProgresHarian, StatusProgres, format_volume, is_hari_kerja
from skp.cetak import periode_teks, pihak
from skp.models import Skp, StatusSkp

JENIS = DokumenCetak.Jenis.LAPORAN_PROGRES
TEMPLATE = "cetak/laporan_progres.html"


def _pegawai_snapshot(p: Pegawai) -> dict[str, str]:
    return pihak({"nama": p.nama_lengkap, "nip_nrp": p.nip, "pangkat_golongan": p.pangkat_golongan,
                  "jabatan": p.jabatan, "unit_kerja": p.unit.nama if p.unit_id else ""})


def laporan_data(pegawai: Pegawai, tahun: int, bulan: int) -> dict[str, Any]:
    awal, akhir = batas_bulan(tahun, bulan)
    entri = list(ProgresHarian.objects.milik(pegawai).antara(awal, akhir)
                 .select_related("rhk").order_by("tanggal", "id"))
    libur = HariLibur.objects.antara(awal, akhir)
    skp = (Skp.objects.filter(pegawai=pegawai, periode_awal__lte=akhir, periode_akhir__gte=awal)
           .select_related("instansi").order_by("-status", "-periode_awal").first())
    status = dict(StatusProgres.choices)
    rows, ringkas = [], {}
    for e in entri:
        rows.append({
            "tanggal": tanggal_indonesia(e.tanggal), "hari": HARI[e.tanggal.weekday()],
            "rhk": e.rhk.teks, "rencana_aksi": e.rencana_aksi_teks, "uraian": e.uraian,
            "output": f"{format_volume(e.volume)} {e.satuan}",
            "bukti": e.bukti_tautan or (
                gettext("Berkas: %(nama)s") % {"nama": e.bukti_nama} if e.bukti_berkas else ""),
            "status": str(status.get(e.status, e.status)), "catatan": e.catatan,
        })
        g = ringkas.setdefault((e.rhk_id, e.satuan), {"rhk": e.rhk.teks, "satuan": e.satuan,
                                                      "n": 0, "total": Decimal(0),
                                                      "disetujui": Decimal(0)})
        g["n"] += 1
        g["total"] += e.volume
        if e.status == StatusProgres.DISETUJUI:
            g["disetujui"] += e.volume
    hari_kerja = [awal + dt.timedelta(days=i) for i in range((akhir - awal).days + 1)]
    hari_kerja = [d for d in hari_kerja if is_hari_kerja(d, libur)]
    terisi = {e.tanggal for e in entri}
    per_status = Counter(e.status for e in entri)
    latest = max((e.diubah for e in entri), default=None)
    return {
        "jenis": JENIS,
        "sumber": gettext("Progres Harian"),
        # Any change to the month's entries changes this version (and the hash of the content).
        "versi": len(entri) + sum(e.versi - 1 for e in entri),
        "versi_waktu": latest.isoformat() if latest else "",
        "instansi": skp.instansi.nama if skp is not None and skp.instansi_id else "",
        "periode": periode_teks(awal, akhir),
        "bulan": nama_bulan(tahun, bulan).upper(),
        "pegawai": pihak(skp.snapshot_pegawai) if skp is not None else _pegawai_snapshot(pegawai),
        "penilai": pihak(skp.snapshot_penilai if skp is not None else None),
        "penilai_non_asn": bool(skp and (skp.snapshot_penilai or {}).get("status") == "NON ASN"),
        "skp_disetujui": bool(skp and skp.status == StatusSkp.PERSETUJUAN),
        "entri": rows,
        "ringkasan": [{**g, "total": format_volume(g["total"]),
                       "disetujui": format_volume(g["disetujui"])} for g in ringkas.values()],
        "hari_kerja": len(hari_kerja),
        "hari_terisi": len(terisi & set(hari_kerja)),
        "jumlah": len(entri),
        "jumlah_disetujui": per_status.get(StatusProgres.DISETUJUI, 0),
        "jumlah_menunggu": per_status.get(StatusProgres.DIAJUKAN, 0),
        "jumlah_dikembalikan": per_status.get(StatusProgres.DIKEMBALIKAN, 0),
    }


def laporan_document(pegawai: Pegawai, tahun: int, bulan: int) -> HasilCetak:
    data = laporan_data(pegawai, tahun, bulan)
    return dokumen(jenis=JENIS, objek=pegawai, template=TEMPLATE, data=data,
                   pemilik_nama=data["pegawai"]["nama"])
