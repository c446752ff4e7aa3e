"""Forms only parse what was typed; the rules are in progres/actions.py."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ekinerja.masukan import parse_month
from progres.actions import Isian


class ProgresForm(forms.Form):
    tanggal = forms.DateField(
        label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Isi tanggal."),
                        "invalid": _("Tanggal tidak valid; gunakan format tahun-bulan-tanggal.")},
    )
    # Choices are set per date; membership in that date's SKP is checked by the action, which
    # says exactly what is wrong (a date outside the SKP, an RHK of another SKP).
    rhk = forms.IntegerField(label=_("Rencana Hasil Kerja"), required=False,
                             widget=forms.Select(),
                             error_messages={"invalid": _("Pilih RHK dari daftar.")})
    rencana_aksi = forms.IntegerField(label=_("Rencana Aksi (bila ada)"), required=False,
                                      widget=forms.Select(),
                                      error_messages={"invalid": _("Pilih rencana aksi dari "
                                                                   "daftar.")})
    uraian = forms.CharField(label=_("Uraian kegiatan"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"max_length": _("Uraian kegiatan paling banyak 2000 "
                                                             "karakter.")})
    volume = forms.CharField(label=_("Volume"), max_length=20, required=False,
                             widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    satuan = forms.CharField(label=_("Satuan"), max_length=50, required=False,
                             error_messages={"max_length": _("Satuan paling banyak 50 karakter.")})
    bukti_tautan = forms.CharField(label=_("Tautan bukti (http/https)"), max_length=1000,
                                   required=False,
                                   widget=forms.URLInput(attrs={"placeholder": "https://"}))
    bukti_berkas = forms.FileField(label=_("atau unggah berkas (PDF, JPG, PNG; maks. 2 MB)"),
                                   required=False,
                                   widget=forms.ClearableFileInput(
                                       attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,"
                                                        "image/jpeg,image/png"}))
    hapus_berkas = forms.BooleanField(label=_("Hapus berkas bukti"), required=False)

    def __init__(self, *args: Any, rhk_choices: list[tuple[int | str, str]] | None = None,
                 ra_choices: list[tuple[int | str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rhk"].widget.choices = [("", _("Pilih RHK")), *(rhk_choices or [])]
        self.fields["rencana_aksi"].widget.choices = [("", _("Tanpa rencana aksi")),
                                                      *(ra_choices or [])]

    def clean_volume(self) -> Decimal | None:
        raw = (self.cleaned_data.get("volume") or "").strip().replace(" ", "")
        if not raw:
            return None
        if raw.count(",") == 1 and "." in raw:  # 1.250,5
            raw = raw.replace(".", "")
        try:
            value = Decimal(raw.replace(",", "."))
        except InvalidOperation:
            raise ValidationError(_("Volume harus berupa angka, misalnya 2 atau 1,5.")) from None
        if not value.is_finite():
            raise ValidationError(_("Volume harus berupa angka, misalnya 2 atau 1,5."))
        return value

    def isian(self) -> Isian:
        c = self.cleaned_data
        return Isian(tanggal=c["tanggal"], rhk_id=c.get("rhk"), uraian=c.get("uraian", ""),
                     volume=c.get("volume"), satuan=c.get("satuan", ""),
                     rencana_aksi_id=c.get("rencana_aksi"),
                     bukti_tautan=c.get("bukti_tautan", ""), berkas=c.get("bukti_berkas") or None,
                     hapus_berkas=bool(c.get("hapus_berkas")))


class KembalikanForm(forms.Form):
    catatan = forms.CharField(label=_("Catatan untuk pegawai"), max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"required": _(
                                  "Tuliskan catatan agar pegawai tahu apa yang perlu diperbaiki.")})
    versi = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PengaturanForm(forms.Form):
    email_pengingat = forms.BooleanField(
        label=_("Kirim pengingat harian juga lewat email"), required=False)


class LaporanUnitForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit kerja"), coerce=int,
                                  error_messages={"required": _("Pilih unit kerja."),
                                                  "invalid_choice": _("Pilih unit dari daftar.")})
    bulan = forms.CharField(label=_("Bulan"), widget=forms.DateInput(attrs={"type": "month"}),
                            error_messages={"required": _("Pilih bulan.")})

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("Pilih unit"))] + units

    def clean_bulan(self) -> tuple[int, int]:
        bulan = parse_month(self.cleaned_data["bulan"], first_year=2000, last_year=2100)
        if bulan is None:
            raise ValidationError(_("Bulan tidak valid; gunakan format tahun-bulan, misalnya "
                                    "2026-11."))
        return bulan
