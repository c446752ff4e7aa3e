"""Rows the matrix writes into an SKP's Riwayat read as Indonesian sentences, not codes (issue 11,
item 3: one history-label registry, ekinerja.riwayat_label, that each app fills in)."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ekinerja import riwayat_label
from matriks import actions
from matriks.models import BarisMatriks
from skp.models import HasilKerja


def _riwayat(client: Client, skp_pk: int) -> str:
    html = client.get(reverse("skp:detail", args=[skp_pk])).content.decode()
    section = lxml.html.fromstring(html).get_element_by_id("riwayat")
    return " ".join(section.text_content().split())


def test_sinkronisasi_and_tambah_rhk_read_as_sentences_on_both_skps(mx, org):
    actions.sync_bawahan(aktor=org.direktur, skp_atasan=mx.atasan)
    baris = BarisMatriks.objects.get(skp_atasan=mx.atasan, skp_bawahan=mx.skp_pegawai)
    actions.add_rhk_bawahan(aktor=org.direktur, baris=baris, rhk_atasan=mx.rhk1,
                            jenis=HasilKerja.Jenis.UTAMA, teks="Tersedianya data layanan")

    atasan, bawahan = Client(), Client()
    atasan.force_login(org.direktur)
    bawahan.force_login(org.pegawai)
    leader_text = _riwayat(atasan, mx.atasan.pk)
    staff_text = _riwayat(bawahan, mx.skp_pegawai.pk)

    assert "Sinkronisasi SKP Bawahan" in leader_text
    assert "RHK ditambahkan pada SKP bawahan melalui matriks" in leader_text
    assert "SKP bawahan:" in leader_text and "Pegawai:" in leader_text
    assert "RHK ditambahkan" in staff_text and "Tersedianya data layanan" in staff_text
    for text in (leader_text, staff_text):
        assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", text), text  # no "matriks.sinkronisasi"
        assert "skp_bawahan" not in text and "rhk_atasan" not in text, text


def test_every_history_code_written_in_the_code_reads_as_words():
    """Every `aksi="<subject>.<event>"` any app writes has a sentence, or a known subject."""
    codes: set[str] = set()
    for app in ("ekinerja", "skp", "matriks", "penilaian", "progres", "monitoring"):
        for path in Path(settings.BASE_DIR, app).rglob("*.py"):
            codes.update(re.findall(r'aksi="([a-z_]+\.[a-z_]+)"', path.read_text()))
    assert len(codes) > 50  # the scan found the code base's history rows
    for code in sorted(codes):
        label = riwayat_label.label_aksi(code)
        assert code not in label, code
        assert not label.startswith(code.partition(".")[0] + ":"), (code, label)
