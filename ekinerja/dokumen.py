"""Printed documents: render a data dict with a template, or serve the PDF made from it before.

`dokumen()` is the whole mechanism. The caller (skp/cetak.py, penilaian/cetak.py) loads everything
the document prints into a JSON-able dict, including the source's version; the dict is hashed,
and when that exact content was printed before, the stored PDF is returned and WeasyPrint is not
called. Any change in what is printed makes a new DokumenCetak row, code and PDF.

This module knows no domain app: sources are plain model instances, versions come from Riwayat.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils.translation import get_language

from ekinerja.models import Riwayat
from ekinerja.models_dokumen import DokumenCetak
from ekinerja.pdf import render_pdf, tanggal_indonesia

NAMA_BERKAS: dict[str, str] = {
    DokumenCetak.Jenis.SKP: "SKP",
    DokumenCetak.Jenis.LAMPIRAN_SKP: "Lampiran-SKP",
    DokumenCetak.Jenis.UMPAN_BALIK: "Umpan-Balik",
    DokumenCetak.Jenis.EVALUASI_KINERJA: "Evaluasi-Kinerja",
    DokumenCetak.Jenis.DOKUMEN_EVALUASI: "Dokumen-Evaluasi-Kinerja",
    DokumenCetak.Jenis.LAPORAN_PROGRES: "Laporan-Progres-Harian",
}


@dataclass
class HasilCetak:
    dokumen: DokumenCetak
    pdf: bytes
    dari_cache: bool

    @property
    def nama_file(self) -> str:
        return nama_file(self.dokumen)


def nama_file(dok: DokumenCetak, *, nip: str = "") -> str:
    stem = NAMA_BERKAS.get(dok.jenis, dok.jenis)
    who = "".join(ch if ch.isalnum() else "-" for ch in dok.pemilik_nama).strip("-")
    parts = [stem, nip, who, f"v{dok.versi}", dok.kode]
    return "_".join(p for p in parts if p) + ".pdf"


def versi_riwayat(*objek: models.Model | None) -> tuple[int, str]:
    """A source's version: how many recorded changes its objects have had, and when the last one
    was (ISO text, "" if none). One query whatever the number of objects."""
    kondisi = [
        Q(objek_tipe=ContentType.objects.get_for_model(o), objek_id=str(o.pk))
        for o in objek if o is not None and o.pk is not None
    ]
    if not kondisi:
        return 0, ""
    agg = Riwayat.objects.filter(reduce(or_, kondisi)).aggregate(n=Count("pk"), last=Max("waktu"))
    return agg["n"], agg["last"].isoformat() if agg["last"] else ""


def sidik(data: dict[str, Any]) -> str:
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def verifikasi_url() -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    path = reverse("cetak:verifikasi")
    return f"{base}{path}" if base else path


def _waktu(iso: str) -> dt.datetime | None:
    return dt.datetime.fromisoformat(iso) if iso else None


def render_dokumen(template: str, data: dict[str, Any], dok: DokumenCetak) -> bytes:
    """The PDF of `data` through `template`, stamped with the row's code and date."""
    context = {
        **data,
        "kode": dok.kode_tampil,
        "tanggal": tanggal_indonesia(dok.dibuat),
        "versi_tanggal": tanggal_indonesia(_waktu(data["versi_waktu"])),
        "verifikasi_url": verifikasi_url(),
        "judul_dokumen": dok.get_jenis_display(),
    }
    title = f"{dok.get_jenis_display()} - {dok.pemilik_nama}"
    return render_pdf(template, context, title=title, author=dok.pemilik_nama)


def _dengan_bahasa(data: dict[str, Any]) -> dict[str, Any]:
    """The language is part of what a PDF prints: an English copy is its own document (own code).
    Indonesian adds nothing, so the documents printed before there was a choice keep their rows."""
    bahasa = get_language()
    return data if bahasa in (None, settings.LANGUAGE_CODE) else {**data, "bahasa": bahasa}


def dokumen(
    *, jenis: str, objek: models.Model, template: str, data: dict[str, Any], pemilik_nama: str
) -> HasilCetak:
    """The PDF of `data` (which carries "versi" and "versi_waktu"): stored, or rendered and stored.

    Queries: 2 (the row, its PDF) when cached; rendering adds the insert and the PDF update.
    """
    dok, created = DokumenCetak.dapatkan(
        jenis=jenis,
        objek=objek,
        versi=data["versi"],
        versi_waktu=_waktu(data["versi_waktu"]),
        sidik=sidik(_dengan_bahasa(data)),
        pemilik_nama=pemilik_nama,
    )
    if not created:
        cached = dok.pdf_bytes()
        if cached is not None:
            return HasilCetak(dok, cached, dari_cache=True)
    pdf = render_dokumen(template, data, dok)
    dok.simpan_pdf(pdf)
    return HasilCetak(dok, pdf, dari_cache=False)
