"""The one-time form token (ekinerja/formulir.py): taken once, in the create's transaction,
per user; the tag draws a fresh one per form; old tokens are cleaned up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone

from ekinerja import formulir
from ekinerja.formulir import SudahDikirim, sekali_token, token_baru
from ekinerja.models import KirimanFormulir, Riwayat
from tests.race import tokens_in

pytestmark = pytest.mark.django_db


def test_the_tag_draws_a_fresh_token_for_every_form():
    html = Template("{% for i in '123' %}<form>{% token_formulir %}</form>{% endfor %}").render(
        Context())
    tokens = tokens_in(html)
    assert len(tokens) == 3 and len(set(tokens)) == 3
    assert all(formulir._POLA.fullmatch(t) for t in tokens)


def test_a_token_is_taken_once_and_hands_on_the_first_result(org):
    token = token_baru()
    with sekali_token(org.pegawai.pk, token) as kiriman:
        Riwayat.catat(org.pegawai, aktor=org.pegawai, aksi="uji.buat")
        kiriman.hasil = "/hasil/1/"
    with pytest.raises(SudahDikirim) as exc, sekali_token(org.pegawai.pk, token):
        Riwayat.catat(org.pegawai, aktor=org.pegawai, aksi="uji.buat")
    assert exc.value.hasil == "/hasil/1/"
    assert Riwayat.objects.filter(aksi="uji.buat").count() == 1


def test_a_failed_create_gives_the_token_back(org):
    token = token_baru()
    with pytest.raises(ValueError), sekali_token(org.pegawai.pk, token):
        Riwayat.catat(org.pegawai, aktor=org.pegawai, aksi="uji.buat")
        raise ValueError("refused")
    assert not Riwayat.objects.filter(aksi="uji.buat").exists()  # rolled back together
    with sekali_token(org.pegawai.pk, token):
        Riwayat.catat(org.pegawai, aktor=org.pegawai, aksi="uji.buat")
    assert KirimanFormulir.objects.filter(token=token).count() == 1


def test_tokens_older_than_a_day_are_deleted_before_a_create_once_an_hour(org, monkeypatch):
    now = timezone.now()
    old = KirimanFormulir.objects.create(pegawai=org.pegawai, token=token_baru(),
                                         dibuat=now - dt.timedelta(days=1, minutes=1))
    fresh = KirimanFormulir.objects.create(pegawai=org.pegawai, token=token_baru(),
                                           dibuat=now - dt.timedelta(hours=23))
    monkeypatch.setattr(formulir, "_dibersihkan", None)  # this process has not cleaned yet
    with sekali_token(org.pegawai.pk, token_baru()):
        pass
    assert not KirimanFormulir.objects.filter(pk=old.pk).exists()
    assert KirimanFormulir.objects.filter(pk=fresh.pk).exists()
    # Within the hour the next create does not clean again (one DELETE per process per hour).
    stale = KirimanFormulir.objects.create(pegawai=org.pegawai, token=token_baru(),
                                           dibuat=now - dt.timedelta(days=3))
    with sekali_token(org.pegawai.pk, token_baru()):
        pass
    assert KirimanFormulir.objects.filter(pk=stale.pk).exists()
    assert formulir.bersihkan() == 1


def test_without_a_token_or_a_user_the_block_just_runs(org):
    for pegawai_id, token in ((org.pegawai.pk, None), (None, token_baru())):
        with sekali_token(pegawai_id, token) as kiriman:
            kiriman.hasil = "/x/"
    assert not KirimanFormulir.objects.exists()


# Every create form of the app (docs/security.md, 3b, lists the other POST views and why they
# need no token: updates with a version check, upserts, idempotent actions, unique keys).
CREATE_VIEWS = {
    "skp:tambah", "skp:rhk_tambah", "skp:indikator_tambah", "skp:lampiran_tambah",
    "matriks:tambah_rhk", "matriks:tambah_pegawai",
    "penilaian:eviden_tambah", "penilaian:rencana_aksi", "penilaian:feedback_perilaku",
    "penilaian:rekan_skp", "penilaian:keberatan_ajukan", "penilaian:periode",
    "penilaian:eviden_progres", "progres:tambah",
    "cetak:bundel", "monitoring:laporan", "siasn:sinkron",
}


def _views_by_name(patterns=None, prefix=""):
    from django.urls import URLPattern, URLResolver, get_resolver

    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _views_by_name(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}", p.callback


def test_every_create_view_takes_its_form_token_in_the_create_transaction():
    import inspect

    views = dict(_views_by_name())
    assert views.keys() >= CREATE_VIEWS, CREATE_VIEWS - views.keys()
    from ekinerja import sinkron_views
    from matriks import views as matriks_views
    from skp.views._form import save_form
    from skp.views.rencana import _dialog

    # Views whose create runs in a helper: the view calls it, the helper takes the token.
    helpers = {"matriks:tambah_rhk": matriks_views._act, "matriks:tambah_pegawai": matriks_views._act,
               "siasn:sinkron": sinkron_views._mulai}
    helpers["skp:tambah"] = save_form  # skp's form helper, taking the token when once=True
    for name in ("skp:rhk_tambah", "skp:indikator_tambah", "skp:lampiran_tambah"):
        helpers[name] = _dialog  # the ordered items' add/edit dialog, handing once on to save_form
    for name in sorted(CREATE_VIEWS):
        source = inspect.getsource(inspect.unwrap(views[name]))
        if name == "penilaian:eviden_tambah":  # through the cell helper, as a create
            from penilaian.views.eviden import _save_in_cell

            assert "buat=True" in source, name
            source = inspect.getsource(_save_in_cell)
        elif helpers.get(name) is _dialog:
            assert "_dialog(request" in source and "once=True" in source, name
            source = inspect.getsource(_dialog)
            assert "save_form(" in source and "once=once" in source, name
            source = inspect.getsource(save_form)
        elif helpers.get(name) is save_form:
            assert "save_form(" in source and "once=True" in source, name
            source = inspect.getsource(save_form)
        elif name in helpers:
            assert f"{helpers[name].__name__}(request" in source, name
            source = inspect.getsource(helpers[name])
        assert "formulir.sekali(request)" in source, name
