from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from penilaian.models import JenisPeriode, Keberatan, PeriodePenilaian
from penilaian.rules import Capaian, Predikat, Rating
from skp.models import PerilakuKerja

TIDAK_DIKENAL = _("Perilaku kerja tidak dikenal.")


class EvidenForm(forms.Form):
    nama = forms.CharField(label=_("Nama Eviden"), max_length=255,
                           error_messages={"required": _("Isi Nama Eviden.")})
    tautan = forms.CharField(
        label=_("Bukti Eviden (Link ke file Google Drive/Dropbox/etc)"), max_length=1000,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        error_messages={"required": _("Bukti Eviden harus berupa tautan http:// atau https://.")},
    )


class RealisasiForm(forms.Form):
    realisasi = forms.CharField(label=_("Realisasi"), max_length=255,
                                error_messages={"required": _("Isi Realisasi.")})
    sumber_data = forms.CharField(label=_("Sumber Data"), max_length=255, required=False)


class RencanaAksiForm(forms.Form):
    deskripsi = forms.CharField(label=_("Rencana Aksi"), widget=forms.Textarea(attrs={"rows": 2}),
                                error_messages={"required": _("Isi Rencana Aksi.")})
    target = forms.CharField(label=_("Target"), max_length=100, required=False)


class RatingForm(forms.Form):
    nilai = forms.ChoiceField(label=_("Hasil"), choices=[("", "---------"), *Rating.choices],
                              error_messages={"required": _("Pilih salah satu penilaian."),
                                              "invalid_choice": _("Pilih salah satu penilaian.")})
    versi = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The heading the select stands under names it in the error summary too.
        if self.prefix == "perilaku":
            self.fields["nilai"].label = _("Hasil Perilaku Kerja")
        elif self.prefix == "hasil":
            self.fields["nilai"].label = _("HASIL PENILAIAN KINERJA")


class OverrideForm(forms.Form):
    predikat = forms.ChoiceField(
        label=_("Predikat yang ditetapkan"), required=False,
        choices=[("", _("Sesuai matriks (tanpa penetapan lain)")), *Predikat.choices],
    )
    alasan = forms.CharField(label=_("Alasan"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    versi = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FeedbackIndikatorForm(forms.Form):
    teks = forms.CharField(label=_("Feedback"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


JEMPOL = [("1", "👍"), ("0", "👎")]


class FeedbackPerilakuForm(forms.Form):
    teks = forms.CharField(label=_("Feedback"), widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": _("Isi Feedback.")})
    jempol = forms.ChoiceField(label=_("Penilaian"), choices=JEMPOL, initial="1",
                               widget=forms.RadioSelect)

    @property
    def jempol_bool(self) -> bool:
        return bool(self.cleaned_data["jempol"] == "1")


class FeedbackRekanForm(FeedbackPerilakuForm):
    """Peer feedback: the BerAKHLAK value comes from the row's hidden field. A value that names
    none of the SKP's values (text, other digits, huge, or sent twice) is refused with a
    message, never looked up raw."""

    perilaku = forms.ModelChoiceField(
        label=_("Perilaku Kerja"), queryset=PerilakuKerja.objects.none(),
        error_messages={"required": TIDAK_DIKENAL, "invalid_choice": TIDAK_DIKENAL},
    )

    def __init__(self, *args: Any, versi: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["perilaku"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = PerilakuKerja.objects.filter(versi=versi).order_by("urutan")
        field.empty_label = None

    def clean_perilaku(self) -> PerilakuKerja:
        getlist = getattr(self.data, "getlist", None)
        if getlist is not None and len(getlist("perilaku")) > 1:
            raise forms.ValidationError(TIDAK_DIKENAL, code="invalid_choice")
        value: PerilakuKerja = self.cleaned_data["perilaku"]
        return value


class CariPegawaiForm(forms.Form):
    nip = forms.CharField(label=_("NIP Pegawai"), max_length=18,
                          widget=forms.TextInput(attrs={"inputmode": "numeric"}))


class CapaianForm(forms.Form):
    capaian = forms.ChoiceField(label=_("Capaian Kinerja Organisasi"),
                                choices=[("", "---------"), *Capaian.choices])


class PeriodeForm(forms.ModelForm[PeriodePenilaian]):
    class Meta:
        model = PeriodePenilaian
        fields = ["nama", "awal", "akhir", "batas_pengisian", "jenis"]
        widgets = {
            "awal": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "akhir": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "batas_pengisian": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "jenis": forms.Select(choices=JenisPeriode.choices),
        }


class KeberatanForm(forms.Form):
    alasan = forms.CharField(label=_("Keberatan"), widget=forms.Textarea(attrs={"rows": 4}),
                             error_messages={"required": _("Tuliskan keberatan Anda.")})


class JawabForm(forms.Form):
    penjelasan = forms.CharField(label=_("Penjelasan Pejabat Penilai atas Keberatan"),
                                 widget=forms.Textarea(attrs={"rows": 4}),
                                 error_messages={"required": _("Tuliskan penjelasan.")})


class PutusForm(forms.Form):
    keputusan = forms.ChoiceField(label=_("Keputusan"),
                                  choices=[("", "---------"), *Keberatan.Keputusan.choices],
                                  error_messages={"required": _("Pilih keputusan.")})
    predikat = forms.ChoiceField(label=_("Predikat (bila keberatan diterima)"), required=False,
                                 choices=[("", "---------"), *Predikat.choices])
    catatan = forms.CharField(label=_("Uraian Keputusan"),
                              widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"required": _("Tuliskan keputusan.")})
