"""Roles (issue 13 item 1): superuser (every instansi), admin instansi (one), pimpinan unit (the
subtree of the units they lead, Plt/Plh included). Every page, export and action is scoped, and
the refusals are tested here."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ekinerja.models import Instansi, Pegawai, Penugasan, UnitOrganisasi
from monitoring.models import Laporan, Pengingat
from tests.factories import make_pegawai, make_unit

PAGES = ["monitoring:pengisian", "monitoring:pegawai", "monitoring:kurva", "monitoring:laporan",
         "monitoring:pengingat"]


def test_the_unit_rule_per_role(org, bagian):
    unit, kabag, _staf = bagian
    admin_units = set(UnitOrganisasi.objects.dipantau_oleh(org.admin))
    assert admin_units == set(UnitOrganisasi.objects.filter(instansi=org.badan.instansi))
    assert set(UnitOrganisasi.objects.dipantau_oleh(org.direktur)) == {org.direktorat, unit}
    assert set(UnitOrganisasi.objects.dipantau_oleh(kabag)) == {unit}
    assert not UnitOrganisasi.objects.dipantau_oleh(org.pegawai).exists()
    root = Pegawai.objects.create_superuser("199001012015011002", "rahasia-uji-123")
    assert UnitOrganisasi.objects.dipantau_oleh(root).count() == UnitOrganisasi.objects.count()
    # People follow the units; an admin also sees people without a unit of their instansi.
    tanpa = make_pegawai(None, nama="TANPA UNIT", instansi=org.badan.instansi)
    assert tanpa in Pegawai.objects.dipantau_oleh(org.admin)
    assert tanpa not in Pegawai.objects.dipantau_oleh(org.direktur)
    assert org.outsider not in Pegawai.objects.dipantau_oleh(org.admin)
    assert set(Pegawai.objects.dipantau_oleh(kabag)) == {kabag, *_staf}


def test_an_active_plt_leads_the_unit_and_an_ended_one_does_not(org, bagian):
    unit, _kabag, _staf = bagian
    plt = make_pegawai(org.badan, nama="PLT UJI")
    Penugasan.objects.create(pegawai=plt, unit=unit, jenis="PLT", mulai=dt.date(2025, 1, 1))
    assert set(UnitOrganisasi.objects.dipimpin_oleh(plt)) == {unit}
    Penugasan.objects.filter(pegawai=plt).update(selesai=dt.date(2025, 6, 1))
    assert not UnitOrganisasi.objects.dipimpin_oleh(plt).exists()


@pytest.mark.parametrize("name", PAGES)
def test_a_pegawai_without_a_role_is_refused_everywhere(client, org, name):
    client.force_login(org.pegawai)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_goes_to_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_head_of_unit_sees_only_their_subtree(client, org, bagian):
    unit, _kabag, staf = bagian
    client.force_login(org.direktur)
    html = client.get(reverse("monitoring:pengisian")).content.decode()
    assert "Direktorat Uji" in html and "Bagian Uji" in html
    assert "Deputi Bidang Uji" not in html and "Badan Uji</a>" not in html
    people = client.get(reverse("monitoring:pegawai")).content.decode()
    assert "STAF BAGIAN 0" in people and "KEPALA BADAN" not in people
    for outside in (org.badan, org.deputi_unit, org.outsider.unit):
        for name in PAGES:
            assert client.get(reverse(name), {"unit": outside.pk}).status_code == 404


def test_an_admin_instansi_sees_only_their_instansi(client, org):
    client.force_login(org.admin)
    html = client.get(reverse("monitoring:pengisian")).content.decode()
    assert "Badan Uji" in html and "Instansi Lain" not in html
    assert client.get(reverse("monitoring:pengisian"),
                      {"unit": org.outsider.unit.pk}).status_code == 404
    # The instansi parameter is a national admin's choice only; it changes nothing here.
    html = client.get(reverse("monitoring:pengisian"),
                      {"instansi": org.outsider.instansi.pk}).content.decode()
    assert "Unit Lain" not in html and "Badan Uji" in html


def test_a_national_admin_chooses_any_instansi(client, org):
    root = Pegawai.objects.create_superuser("199001012015011003", "rahasia-uji-123")
    client.force_login(root)
    html = client.get(reverse("monitoring:pengisian"),
                      {"instansi": org.outsider.instansi.pk}).content.decode()
    assert "Unit Lain" in html and "Instansi Lain" in html
    assert client.get(reverse("monitoring:pengisian"), {"instansi": "999999"}).status_code == 404


def test_reminders_reach_only_people_in_scope(client, org, juni, bagian):
    _unit, _kabag, staf = bagian
    client.force_login(org.direktur)
    response = client.post(reverse("monitoring:pengingat_kirim"), {
        "alasan": "skp_belum", "periode": juni.pk, "tahun": 2025,
        "pegawai": [staf[1].pk, org.kepala.pk, org.outsider.pk]}, follow=True)
    assert "1 pengingat dikirim" in response.content.decode()
    assert set(Pengingat.objects.values_list("penerima", flat=True)) == {staf[1].pk}
    # Nobody chosen in scope: a clear message, nothing sent.
    response = client.post(reverse("monitoring:pengingat_kirim"), {
        "alasan": "skp_belum", "periode": juni.pk, "pegawai": [org.outsider.pk]}, follow=True)
    assert "Pegawai yang dipilih tidak ditemukan." in response.content.decode()
    assert Pengingat.objects.count() == 1
    client.force_login(org.pegawai)
    assert client.post(reverse("monitoring:pengingat_kirim"), {
        "alasan": "skp_belum", "pegawai": [org.rekan.pk]}).status_code == 403
    assert Pengingat.objects.count() == 1


def test_the_sent_list_shows_only_people_in_scope(client, org, juni):
    from monitoring import pengingat

    pengingat.manual("skp_belum", juni, [org.kepala.pk, org.rekan.pk], pengirim=org.admin)
    client.force_login(org.direktur)
    html = client.get(reverse("monitoring:pengingat")).content.decode()
    assert "REKAN UJI" in html and "KEPALA BADAN" not in html
    client.force_login(org.admin)
    html = client.get(reverse("monitoring:pengingat")).content.decode()
    assert "REKAN UJI" in html and "KEPALA BADAN" in html and "ADMIN UJI" in html


def test_method_checks(client, org):
    client.force_login(org.admin)
    assert client.get(reverse("monitoring:pengingat_kirim")).status_code == 405
    assert client.post(reverse("monitoring:pengisian")).status_code == 405
    lap = Laporan.objects.create(peminta=org.admin, jenis="skp", format="csv",
                                 instansi=org.badan.instansi, tahun=2025)
    assert client.post(reverse("monitoring:laporan_unduh", args=[lap.pk])).status_code == 405


def test_a_report_is_only_for_its_requester(client, org):
    lap = Laporan.objects.create(peminta=org.admin, jenis="skp", format="csv",
                                 instansi=org.badan.instansi, tahun=2025)
    other_admin = make_pegawai(org.direktorat, nama="ADMIN KEDUA", is_admin_instansi=True)
    for who in (org.direktur, other_admin, org.outsider):
        client.force_login(who)
        assert client.get(reverse("monitoring:laporan_status", args=[lap.pk])).status_code == 404
        assert client.get(reverse("monitoring:laporan_unduh", args=[lap.pk])).status_code == 404


def test_a_head_of_two_instansi_units_sees_one_instansi(client, org):
    """A Plt in another instansi (bad data) does not mix instansi on one page."""
    lain = make_unit(Instansi.objects.get(nama="Instansi Lain"), "Unit Lain Dua")
    Penugasan.objects.create(pegawai=org.direktur, unit=lain, jenis="PLT",
                             mulai=dt.date(2025, 1, 1))
    client.force_login(org.direktur)
    html = client.get(reverse("monitoring:pengisian")).content.decode()
    assert ("Direktorat Uji" in html) != ("Unit Lain Dua" in html)


def test_the_django_admin_lists_reminders_of_the_admins_instansi_only(client, org, juni):
    from monitoring import pengingat

    pengingat.manual("skp_belum", juni, [org.rekan.pk], pengirim=org.admin)
    lain = Pengingat.objects.create(penerima=org.outsider, alasan="skp_belum", pesan="luar",
                                    periode=periode_lain(org))
    client.force_login(org.admin)
    html = client.get(reverse("admin:monitoring_pengingat_changelist")).content.decode()
    assert "REKAN UJI" in html and "ORANG LUAR" not in html
    assert client.get(reverse("admin:monitoring_pengingat_change", args=[lain.pk])
                      ).status_code in (302, 403, 404)
    assert client.get(reverse("admin:monitoring_jadwalrun_changelist")).status_code == 403


def periode_lain(org):
    from penilaian.models import PeriodePenilaian

    return PeriodePenilaian.objects.filter(instansi=org.outsider.instansi).first()
