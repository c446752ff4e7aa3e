"""Forms only parse input; the rules are in skp.models (their ValidationErrors land on the fields)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms
from django.db import models
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ekinerja.forms import NipField
from skp.models import HasilKerja, Indikator, LampiranItem, Pendekatan, Skp, StatusSkp

if TYPE_CHECKING:
    from django.http import QueryDict
    from django_stubs_ext import StrOrPromise

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def _initial(item: models.Model | None, fields: Iterable[str]) -> dict[str, Any] | None:
    """An edit form starts from the item's values (a foreign key as its id)."""
    return model_to_dict(item, fields=list(fields)) if item is not None else None


def _uraian(label: StrOrPromise, *, rows: int = 3, help_text: StrOrPromise = "") -> forms.CharField:
    """A free-text box: optional here (the model says when it must be filled), 2000 characters."""
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), required=False,
        max_length=2000, help_text=help_text,
    )


class SkpForm(forms.Form):
    periode_awal = forms.DateField(
        label=_("Periode Awal"),
        widget=DATE_INPUT,
        error_messages={"required": _("Isi Periode Awal."), "invalid": _("Tanggal tidak valid.")},
    )
    periode_akhir = forms.DateField(
        label=_("Periode Akhir"),
        widget=DATE_INPUT,
        error_messages={"required": _("Isi Periode Akhir."), "invalid": _("Tanggal tidak valid.")},
    )
    pendekatan = forms.ChoiceField(
        label=_("Pendekatan"),
        choices=[("", _("— Pilih pendekatan —")), *Pendekatan.choices],
        required=False,
        help_text=_(
            "Kuantitatif: menggunakan target berbasis angka. "
            "Kualitatif: tidak menggunakan target berbasis angka."
        ),
    )

    @classmethod
    def for_new(cls) -> SkpForm:
        """The empty form, for this calendar year."""
        year = timezone.localdate().year
        return cls(initial={"periode_awal": dt.date(year, 1, 1),
                            "periode_akhir": dt.date(year, 12, 31)})

    @classmethod
    def for_skp(cls, skp: Skp) -> SkpForm:
        return cls(initial={"periode_awal": skp.periode_awal, "periode_akhir": skp.periode_akhir,
                            "pendekatan": skp.pendekatan})


class RhkForm(forms.Form):
    klasifikasi = forms.ChoiceField(
        label=_("Klasifikasi RHK"),
        choices=HasilKerja.Klasifikasi.choices,
        required=False,
        help_text=_(
            "Individu: melekat pada pegawai, tidak diwariskan. Organisasi: melekat pada "
            "unit/tim kerja dan diwariskan kepada pejabat pengganti pada tahun yang sama."
        ),
    )
    jenis = forms.ChoiceField(label=_("Jenis RHK"), choices=HasilKerja.Jenis.choices, required=False)
    teks = _uraian(_("Rencana Hasil Kerja"))
    penugasan_dari = forms.CharField(label=_("Penugasan dari"), required=False, max_length=255)
    rhk_atasan = forms.ModelChoiceField(
        label=_("RHK atasan yang diintervensi"),
        queryset=HasilKerja.objects.none(),
        required=False,
        empty_label=_("— Tidak ada —"),
    )

    def __init__(
        self, data: QueryDict | None = None, *, skp: Skp, item: HasilKerja | None = None
    ) -> None:
        super().__init__(data, initial=_initial(item, self.base_fields))
        if skp.is_jpt:
            del self.fields["rhk_atasan"]
        else:
            del self.fields["klasifikasi"]
            del self.fields["penugasan_dari"]
            field = self.fields["rhk_atasan"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = skp.intervensi_options()
            # The option is the RHK's text. Django documents overriding label_from_instance per
            # field; mypy sees a method replaced [method-assign] by a lambda [assignment].
            field.label_from_instance = lambda r: r.teks  # type: ignore[method-assign,assignment]
            # Put the field after jenis and teks, as in the manual (Gambar 12).
            self.order_fields(["jenis", "teks", "rhk_atasan"])



class IndikatorForm(forms.Form):
    aspek = forms.ChoiceField(
        label=_("Aspek"),
        choices=[("", _("— Pilih aspek —")), *Indikator.Aspek.choices],
        required=False,
    )
    teks = _uraian(_("Indikator"), rows=2)
    target_teks = forms.CharField(
        label=_("Target"),
        required=False,
        max_length=100,
        help_text=_("Angka diikuti satuan, misalnya 92, 100 % atau 12 dokumen."),
    )
    perspektif = forms.ChoiceField(
        label=_("Perspektif"),
        choices=[("", _("— Pilih perspektif —")), *Indikator.Perspektif.choices],
        required=False,
    )

    def __init__(
        self, data: QueryDict | None = None, *, skp: Skp, item: Indikator | None = None
    ) -> None:
        super().__init__(data, initial=_initial(item, self.base_fields))
        if skp.is_jpt:
            del self.fields["aspek"]
        if not skp.is_kuantitatif:
            del self.fields["target_teks"]
        if not (skp.is_jpt and skp.is_kuantitatif):
            del self.fields["perspektif"]



class LampiranForm(forms.Form):
    teks = _uraian(_("Uraian"), rows=2)

    def __init__(
        self, data: QueryDict | None = None, *, skp: Skp, item: LampiranItem | None = None
    ) -> None:
        super().__init__(data, initial=_initial(item, self.base_fields))


class EkspektasiForm(forms.Form):
    teks = _uraian(_("Ekspektasi Khusus Pimpinan"), help_text=_("Boleh dikosongkan."))


class PenilaiForm(forms.Form):
    nip = NipField(
        label=_("NIP Pejabat Penilai"),
        error_messages={"required": _("Isi NIP pejabat penilai.")},
    )


class KonfirmasiForm(forms.Form):
    """An empty form: the POST itself is the confirmation."""



class _SeenStatus(forms.Form):
    """Carries the status the user saw, so a stale page gets the conflict message."""

    dilihat = forms.ChoiceField(choices=StatusSkp.choices, widget=forms.HiddenInput)


class AjukanForm(_SeenStatus):
    pass


class EditStatusForm(_SeenStatus):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (StatusSkp.DRAFT, _("Draft")),
            (StatusSkp.PENGAJUAN, _("Pengajuan")),
            (StatusSkp.PERSETUJUAN, _("Persetujuan")),
        ],
        error_messages={"required": _("Pilih status."), "invalid_choice": _("Pilih status.")},
    )
    alasan = _uraian(
        _("Alasan pengembalian"),
        help_text=_("Wajib diisi bila status dikembalikan ke Draft; pegawai akan melihatnya."),
    )


class BawahanFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau NIP"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Semua status")), *StatusSkp.choices],
        required=False,
    )
