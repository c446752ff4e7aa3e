"""Plan editing: RHK, indikator and lampiran share one ordered-item view set (add, edit, delete,
move up or down); the ekspektasi khusus pimpinan is the pejabat penilai's.

Each kind of item is a `Butir`: how to find it in an SKP, its form, how to add it, the texts of
its dialogs and which part of the SKP page to refresh after a change. skp/urls.py hands the
generic views the Butir (`{"butir": RHK}`); the item's id arrives under the URL's own name
(`rhk_pk`, `ind_pk`, `item_pk`), kept so that reversing the URLs is unchanged.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib import messages
from django.forms import ModelChoiceField
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from ekinerja.http import AuthedHttpRequest
from ekinerja.models import Pegawai
from skp.forms import EkspektasiForm, IndikatorForm, KonfirmasiForm, LampiranForm, RhkForm
from skp.models import HasilKerja, Indikator, LampiranItem, PerilakuKerja, RhkMasihDiintervensi, Skp
from skp.views._akses import (
    GET_POST,
    detail_url,
    dialog_view,
    get_skp_for_owner,
    get_skp_for_penilai,
    shows_refusal,
)
from skp.views._form import render_form, save_form
from skp.views.detail import BarisPerilaku, swap_hasil_kerja, swap_lampiran, swap_perilaku, swap_rhk

ARAH = {"naik", "turun"}
Item = HasilKerja | Indikator | LampiranItem
Form = RhkForm | IndikatorForm | LampiranForm


class Butir(ABC):
    """One kind of ordered plan item. `induk` is what a new item is added to."""

    kode: ClassVar[str]  # the URL names: skp:<kode>_tambah, _edit, _hapus, _pindah
    kwarg: ClassVar[str]  # the URL's name for the item's id
    form_class: ClassVar[type[Form]]
    teks: ClassVar[dict[str, str | Promise]]  # titles and messages, by step

    @abstractmethod
    def get(self, skp: Skp, pk: int) -> Item:
        """The item of this SKP (404 otherwise), its SKP attached."""

    @abstractmethod
    def induk(self, skp: Skp, **ids: Any) -> Any:
        """What "Tambah" adds to (404 when the URL names nothing of this SKP)."""

    @abstractmethod
    def add(self, skp: Skp, induk: Any, aktor: Pegawai, data: dict[str, Any]) -> None: ...

    @abstractmethod
    def swap(self, request: AuthedHttpRequest, skp: Skp, obj: Any) -> HttpResponse:
        """The part of the SKP page to refresh after a change of `obj` (an item or an induk)."""

    @abstractmethod
    def anchor(self, obj: Any) -> str:
        """Where on the SKP page `obj` (an item or an induk) is: a dialog's Close goes there."""

    def form(self, request: AuthedHttpRequest, skp: Skp, item: Item | None = None) -> Form:
        return self.form_class(request.POST or None, skp=skp, item=item)  # type: ignore[arg-type]  # each Butir pairs its form with its own item model

    def judul(self, step: str, obj: Any) -> str:
        return str(self.teks[step])

    def keterangan(self, skp: Skp, form: Form, obj: Any) -> dict[str, str]:
        """The intro and note of the add or edit dialog."""
        return {}

    def konfirmasi_hapus(self, item: Any) -> tuple[str, bool]:
        """The delete dialog's question, and whether deleting is refused (blocked)."""
        return _("Hapus “%(teks)s”?") % {"teks": item.teks}, False

    def url(self, step: str, pk: int, ids: dict[str, Any]) -> str:
        return reverse(f"skp:{self.kode}_{step}", kwargs={"pk": pk, **ids})


class _ButirSkp[M: (HasilKerja, LampiranItem)](Butir):
    """A kind of item the SKP holds itself (RHK, lampiran)."""

    model: type[M]

    def get(self, skp: Skp, pk: int) -> M:
        item = get_object_or_404(self.model, pk=pk, skp=skp)
        item.skp = skp
        return item


class _Rhk(_ButirSkp[HasilKerja]):
    kode, kwarg, form_class, model = "rhk", "rhk_pk", RhkForm, HasilKerja
    teks: ClassVar[dict[str, str | Promise]] = {
        "tambah": gettext_lazy("Tambah RHK"), "edit": gettext_lazy("Edit RHK"),
        "hapus": gettext_lazy("Hapus RHK"),
        "ditambahkan": gettext_lazy("Rencana Hasil Kerja ditambahkan."),
        "disimpan": gettext_lazy("Rencana Hasil Kerja disimpan."),
        "dihapus": gettext_lazy("Rencana Hasil Kerja dihapus."),
    }

    def induk(self, skp: Skp, **ids: Any) -> Skp:
        return skp

    def add(self, skp: Skp, induk: Any, aktor: Pegawai, data: dict[str, Any]) -> None:
        skp.add_rhk(aktor=aktor, **data)

    def swap(self, request: AuthedHttpRequest, skp: Skp, obj: Any) -> HttpResponse:
        return swap_hasil_kerja(request, skp)

    def anchor(self, obj: Any) -> str:
        return f"rhk-{obj.pk}" if isinstance(obj, HasilKerja) else "hasil-kerja"

    def keterangan(self, skp: Skp, form: Form, obj: Any) -> dict[str, str]:
        terdampak = (
            list(obj.intervensi.select_related("skp__pegawai"))
            if isinstance(obj, HasilKerja) else []
        )
        daftar = "; ".join(f"{r.skp.pegawai.nama}: {r.teks}" for r in terdampak)
        intro = _("RHK ini diintervensi oleh RHK bawahan berikut; perubahan akan terlihat di SKP "
                  "mereka: %(daftar)s") % {"daftar": daftar} if terdampak else ""
        return {"intro": intro, "note": _rhk_note(skp, form)}

    def konfirmasi_hapus(self, item: Any) -> tuple[str, bool]:
        terdampak = list(item.intervensi.select_related("skp__pegawai"))
        if terdampak:
            return str(RhkMasihDiintervensi(item, terdampak)), True
        return _("Hapus RHK “%(teks)s” beserta indikatornya?") % {"teks": item.teks}, False


def _rhk_note(skp: Skp, form: Form) -> str:
    field = form.fields.get("rhk_atasan")
    if skp.is_jpt or not isinstance(field, ModelChoiceField):
        return ""
    if field.queryset is not None and field.queryset.exists():
        return ""
    if skp.pejabat_penilai_id is None:
        return _(
            "Daftar RHK atasan kosong karena SKP ini belum memiliki pejabat penilai. Perbaiki "
            "pejabat penilai pada halaman SKP terlebih dahulu."
        )
    return _(
        "Daftar RHK atasan kosong: pejabat penilai Anda belum memiliki SKP dengan RHK untuk "
        "periode ini. Pastikan Anda mengikuti proses diskusi kinerja melalui Matriks Peran "
        "Hasil (MPH) dari atasan terlebih dahulu, atau simpan RHK tanpa RHK atasan dan "
        "tautkan nanti."
    )


class _Indikator(Butir):
    kode, kwarg, form_class = "indikator", "ind_pk", IndikatorForm
    teks: ClassVar[dict[str, str | Promise]] = {
        "tambah": gettext_lazy("Tambah Indikator"), "edit": gettext_lazy("Edit Indikator"),
        "hapus": gettext_lazy("Hapus Indikator"),
        "ditambahkan": gettext_lazy("Indikator ditambahkan."),
        "disimpan": gettext_lazy("Indikator disimpan."),
        "dihapus": gettext_lazy("Indikator dihapus."),
    }

    def get(self, skp: Skp, pk: int) -> Indikator:
        ind = get_object_or_404(Indikator.objects.select_related("rhk"), pk=pk, rhk__skp=skp)
        ind.rhk.skp = skp
        return ind

    def induk(self, skp: Skp, **ids: Any) -> HasilKerja:
        return RHK.get(skp, ids["rhk_pk"])

    def add(self, skp: Skp, induk: Any, aktor: Pegawai, data: dict[str, Any]) -> None:
        induk.add_indikator(aktor=aktor, **data)

    def _rhk(self, obj: Any) -> HasilKerja:
        return obj if isinstance(obj, HasilKerja) else obj.rhk

    def swap(self, request: AuthedHttpRequest, skp: Skp, obj: Any) -> HttpResponse:
        return swap_rhk(request, skp, self._rhk(obj))

    def anchor(self, obj: Any) -> str:
        return f"rhk-{self._rhk(obj).pk}"

    def keterangan(self, skp: Skp, form: Form, obj: Any) -> dict[str, str]:
        return {"intro": self._rhk(obj).teks}

    def konfirmasi_hapus(self, item: Any) -> tuple[str, bool]:
        return _("Hapus indikator “%(teks)s”?") % {"teks": item.teks}, False


class _Lampiran(_ButirSkp[LampiranItem]):
    kode, kwarg, form_class, model = "lampiran", "item_pk", LampiranForm, LampiranItem
    teks: ClassVar[dict[str, str | Promise]] = {
        "hapus": gettext_lazy("Hapus Lampiran"),
        "ditambahkan": gettext_lazy("Lampiran ditambahkan."),
        "disimpan": gettext_lazy("Lampiran disimpan."),
        "dihapus": gettext_lazy("Lampiran dihapus."),
    }

    def induk(self, skp: Skp, **ids: Any) -> str:
        if ids["jenis"] not in LampiranItem.Jenis.values:
            raise Http404
        return str(ids["jenis"])

    def add(self, skp: Skp, induk: Any, aktor: Pegawai, data: dict[str, Any]) -> None:
        skp.add_lampiran(jenis=induk, teks=data["teks"], aktor=aktor)

    def swap(self, request: AuthedHttpRequest, skp: Skp, obj: Any) -> HttpResponse:
        return swap_lampiran(request, skp)

    def anchor(self, obj: Any) -> str:
        return "lampiran"

    def judul(self, step: str, obj: Any) -> str:
        if step == "tambah":
            return _("Tambah %(jenis)s") % {"jenis": LampiranItem.Jenis(obj).label}
        if step == "edit":
            return _("Edit %(jenis)s") % {"jenis": obj.get_jenis_display()}
        return super().judul(step, obj)


RHK, INDIKATOR, LAMPIRAN = _Rhk(), _Indikator(), _Lampiran()


# --- the generic views ------------------------------------------------------------------------


def _dialog(
    request: AuthedHttpRequest, skp: Skp, butir: Butir, step: str, obj: Any, ids: dict[str, Any],
    act: Callable[[dict[str, Any]], object], *, once: bool = False,
) -> HttpResponse:
    """The add ("tambah", `obj` the induk) or edit ("edit", `obj` the item) dialog of `butir`."""
    form = butir.form(request, skp, obj if step == "edit" else None)
    return save_form(
        request, form, lambda: act(form.cleaned_data),
        success=str(butir.teks["disimpan" if step == "edit" else "ditambahkan"]),
        after=lambda: butir.swap(request, skp, obj), once=once,
    ) or render_form(
        request, form, title=butir.judul(step, obj), action=butir.url(step, skp.pk, ids),
        cancel_url=detail_url(skp, butir.anchor(obj)), **butir.keterangan(skp, form, obj),
    )


@dialog_view
def tambah(request: AuthedHttpRequest, pk: int, butir: Butir, **ids: Any) -> HttpResponse:
    skp = get_skp_for_owner(request, pk)
    induk = butir.induk(skp, **ids)
    skp.ensure_editable()
    return _dialog(request, skp, butir, "tambah", induk, ids,
                   lambda data: butir.add(skp, induk, request.user, data), once=True)


@dialog_view
def edit(request: AuthedHttpRequest, pk: int, butir: Butir, **ids: Any) -> HttpResponse:
    skp = get_skp_for_owner(request, pk)
    item = butir.get(skp, ids[butir.kwarg])
    skp.ensure_editable()
    return _dialog(request, skp, butir, "edit", item, ids,
                   lambda data: item.update(aktor=request.user, **data))


@dialog_view
def hapus(request: AuthedHttpRequest, pk: int, butir: Butir, **ids: Any) -> HttpResponse:
    skp = get_skp_for_owner(request, pk)
    item = butir.get(skp, ids[butir.kwarg])
    skp.ensure_editable()
    if request.method == "POST":
        item.hapus(aktor=request.user)
        messages.success(request, str(butir.teks["dihapus"]))
        return butir.swap(request, skp, item)
    intro, blocked = butir.konfirmasi_hapus(item)
    return render_form(
        request, KonfirmasiForm(), title=butir.judul("hapus", item),
        action=butir.url("hapus", pk, ids), cancel_url=detail_url(skp, butir.anchor(item)),
        submit_label=_("Hapus"), danger=True, intro=intro, blocked=blocked,
    )


@require_POST
@shows_refusal
def move(request: AuthedHttpRequest, pk: int, butir: Butir, arah: str, **ids: Any) -> HttpResponse:
    """Move an item up ("naik") or down ("turun") within its group."""
    skp = get_skp_for_owner(request, pk)
    item = butir.get(skp, ids[butir.kwarg])
    if arah not in ARAH:
        raise Http404
    item.move(arah, aktor=request.user)
    return butir.swap(request, skp, item)


# --- Perilaku kerja: ekspektasi khusus pimpinan -----------------------------------------------


@vary_on_headers("HX-Request")
@GET_POST
def ekspektasi(request: AuthedHttpRequest, pk: int, perilaku_pk: int) -> HttpResponse:
    skp = get_skp_for_penilai(
        request, pk, _("Hanya pejabat penilai yang dapat mengisi ekspektasi.")
    )
    perilaku = get_object_or_404(PerilakuKerja, pk=perilaku_pk, versi=skp.perilaku_versi)
    current = skp.ekspektasi.filter(perilaku=perilaku).first()
    form = EkspektasiForm(request.POST or None, initial={"teks": current.teks if current else ""})
    return save_form(
        request, form,
        lambda: skp.set_ekspektasi(perilaku, form.cleaned_data["teks"], aktor=request.user),
        success=_("Ekspektasi khusus pimpinan disimpan."),
        after=lambda: swap_perilaku(
            request, skp, BarisPerilaku(perilaku, form.cleaned_data["teks"].strip())
        ),
    ) or render_form(
        request, form, title=_("Ekspektasi Khusus Pimpinan"),
        action=reverse("skp:ekspektasi", args=[pk, perilaku_pk]),
        cancel_url=detail_url(skp, f"perilaku-{perilaku.pk}"), intro=perilaku.nama,
    )
