"""Forms of the monitoring pages. Choices come from the request's scope (monitoring.akses)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ekinerja.models import JenisPegawai, KelasJabatan
from monitoring.models import Laporan, Pengingat

SEMUA = [("", _("Semua"))]


class LaporanForm(forms.Form):
    jenis = forms.ChoiceField(label=_("Jenis laporan"), choices=Laporan.Jenis.choices,
                              error_messages={"required": _("Pilih jenis laporan.")})
    format = forms.ChoiceField(label=_("Format"), choices=Laporan.Format.choices,
                               initial=Laporan.Format.XLSX,
                               error_messages={"required": _("Pilih format berkas.")})
    tahun = forms.TypedChoiceField(label=_("Tahun"), coerce=int,
                                   error_messages={"required": _("Pilih tahun.")})
    periode = forms.TypedChoiceField(
        label=_("Periode penilaian (untuk Laporan Penilaian SKP)"), coerce=int, required=False,
        empty_value=None, help_text=_("Periode Final = laporan penilaian tahunan."))
    unit = forms.TypedChoiceField(label=_("Unit kerja"), coerce=int, required=False,
                                  empty_value=None)
    jenis_pegawai = forms.ChoiceField(label=_("Jenis pegawai"), required=False,
                                      choices=SEMUA + list(JenisPegawai.choices))
    kelas_jabatan = forms.ChoiceField(label=_("Kelas jabatan"), required=False,
                                      choices=SEMUA + list(KelasJabatan.choices))

    def __init__(self, *args: Any, tahun: list[int], periode: list[tuple[int, str]],
                 unit: list[tuple[int, str]], unit_wajib: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [(t, str(t)) for t in tahun]
        self.fields["periode"].choices = [("", "---------"), *periode]
        self.fields["unit"].choices = ([] if unit_wajib else [("", _("Seluruh instansi"))]) + unit
        self.fields["unit"].required = unit_wajib

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("jenis") == Laporan.Jenis.PENILAIAN and not data.get("periode"):
            self.add_error("periode", _("Pilih periode penilaian untuk Laporan Penilaian SKP."))
        return data


class KirimPengingatForm(forms.Form):
    alasan = forms.ChoiceField(label=_("Pengingat"), choices=Pengingat.Alasan.choices,
                               error_messages={"required": _("Pilih jenis pengingat.")})
    pegawai = forms.TypedMultipleChoiceField(
        label=_("Pegawai"), coerce=int,
        error_messages={"required": _("Pilih sedikitnya satu pegawai."),
                        "invalid_choice": _("Pegawai yang dipilih tidak ditemukan.")})

    def __init__(self, *args: Any, pegawai_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pegawai"].choices = [(i, str(i)) for i in pegawai_ids]


class PerpanjanganForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Berlaku untuk"), coerce=int, required=False,
                                  empty_value=None)
    batas = forms.DateField(label=_("Batas baru"), widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"required": _("Isi batas baru."),
                                            "invalid": _("Tanggal tidak valid (tttt-bb-hh).")})
    alasan = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Tuliskan alasan perpanjangan.")})

    def __init__(self, *args: Any, unit: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("Seluruh instansi")), *unit]


class BuatPeriodeForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100,
                               error_messages={"required": _("Isi tahun."),
                                               "invalid": _("Tahun tidak valid."),
                                               "min_value": _("Tahun tidak valid."),
                                               "max_value": _("Tahun tidak valid.")})
