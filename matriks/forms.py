"""Forms only parse input; the rules live in matriks.actions and skp.models."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ekinerja.forms import NipField
from skp.models import HasilKerja, Skp


class CariPegawaiForm(forms.Form):
    nip = NipField(label=_("NIP Pegawai"), error_messages={"required": _("Isi NIP pegawai.")})


# ModelChoiceField is generic only in django-stubs (subscripting it at run time needs the
# development-only django_stubs_ext), hence the type-arg ignores on the two fields below.


class SkpField(forms.ModelChoiceField):  # type: ignore[type-arg]  # see above
    def label_from_instance(self, obj: Skp) -> str:
        return f"{obj.pegawai.nama} (Periode SKP {obj.periode_awal:%Y-%m-%d} - {obj.periode_akhir:%Y-%m-%d})"


class RhkField(forms.ModelChoiceField):  # type: ignore[type-arg]  # see above
    def label_from_instance(self, obj: HasilKerja) -> str:
        return obj.teks


class PilihSkpForm(forms.Form):
    nip = forms.CharField(widget=forms.HiddenInput)
    skp = SkpField(
        label=_("SKP yang ditambahkan"),
        queryset=Skp.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih SKP yang ditambahkan."),
            "invalid_choice": _("SKP yang dipilih tidak ditemukan; cari pegawai sekali lagi."),
        },
    )

    def __init__(self, *args: Any, pilihan: QuerySet[Skp], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(SkpField, self.fields["skp"]).queryset = pilihan


class RhkBawahanForm(forms.Form):
    jenis = forms.ChoiceField(label=_("Jenis RHK"), choices=HasilKerja.Jenis.choices, required=False)
    teks = forms.CharField(
        label=_("Rencana Hasil Kerja"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Isi Rencana Hasil Kerja.")},
    )
    rhk_atasan = RhkField(
        label=_("RHK atasan yang diintervensi"),
        queryset=HasilKerja.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Pilih RHK atasan yang diintervensi."),
            "invalid_choice": _("Pilih salah satu RHK dari SKP Anda pada matriks ini."),
        },
    )

    def __init__(self, *args: Any, skp_atasan: Skp, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(RhkField, self.fields["rhk_atasan"])
        field.queryset = skp_atasan.hasil_kerja.order_by("jenis", "urutan", "pk")
