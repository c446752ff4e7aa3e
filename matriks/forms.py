"""Forms only parse input; the rules live in matriks.actions and skp.models."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ekinerja.forms import NipField
from skp.models import HasilKerja, Skp


class CariPegawaiForm(forms.Form):
    nip = NipField(label=_("NIP Pegawai"), error_messages={"required": _("Isi NIP pegawai.")})


class PilihSkpForm(forms.Form):
    nip = forms.CharField(widget=forms.HiddenInput)
    skp = forms.ModelChoiceField(
        label=_("SKP yang ditambahkan"),
        queryset=Skp.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Pilih SKP yang ditambahkan."),
            "invalid_choice": _("SKP yang dipilih tidak ditemukan; cari pegawai sekali lagi."),
        },
    )

    def __init__(self, *args, pilihan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["skp"]
        field.queryset = pilihan
        field.label_from_instance = lambda s: (  # type: ignore[method-assign]
            f"{s.pegawai.nama} (Periode SKP {s.periode_awal:%Y-%m-%d} - {s.periode_akhir:%Y-%m-%d})"
        )


class RhkBawahanForm(forms.Form):
    jenis = forms.ChoiceField(label=_("Jenis RHK"), choices=HasilKerja.Jenis.choices, required=False)
    teks = forms.CharField(
        label=_("Rencana Hasil Kerja"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Isi Rencana Hasil Kerja.")},
    )
    rhk_atasan = forms.ModelChoiceField(
        label=_("RHK atasan yang diintervensi"),
        queryset=HasilKerja.objects.none(),
        error_messages={
            "required": _("Pilih RHK atasan yang diintervensi."),
            "invalid_choice": _("Pilih salah satu RHK dari SKP Anda pada matriks ini."),
        },
    )

    def __init__(self, *args, skp_atasan: Skp, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rhk_atasan"]
        field.queryset = skp_atasan.hasil_kerja.order_by("jenis", "urutan", "pk")
        field.label_from_instance = lambda r: r.teks  # type: ignore[method-assign]
        field.empty_label = None
