from __future__ import annotations

import pytest

from ekinerja.models import Pegawai, Penugasan, Riwayat, UnitOrganisasi
from tests.factories import make_nip, make_pegawai

CHANGELIST = "/admin/ekinerja/pegawai/"


@pytest.fixture
def admin_client(client, org):
    client.force_login(org.admin)
    return client


@pytest.fixture
def national_admin(client, org):
    boss = Pegawai.objects.create_superuser(make_nip(), "x", nama="ADMIN NASIONAL")
    client.force_login(boss)
    return client


def test_an_ordinary_pegawai_cannot_open_the_admin(client, org):
    client.force_login(org.pegawai)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_admin_link_shows_only_for_admins(client, org):
    client.force_login(org.pegawai)
    assert 'href="/admin/"' not in client.get("/profil/").content.decode()
    client.force_login(org.admin)
    assert 'href="/admin/"' in client.get("/profil/").content.decode()


def test_an_instansi_admin_sees_only_their_own_pegawai(admin_client, org):
    html = admin_client.get(CHANGELIST).content.decode()
    assert org.pegawai.nip in html
    assert org.outsider.nip not in html


def test_admin_searches_pegawai_by_nip_and_by_name(admin_client, org):
    html = admin_client.get(CHANGELIST, {"q": org.rekan.nip}).content.decode()
    assert "REKAN UJI" in html and "PEGAWAI UJI" not in html
    html = admin_client.get(CHANGELIST, {"q": "rekan"}).content.decode()
    assert org.rekan.nip in html and org.pegawai.nip not in html


def test_an_instansi_admin_cannot_open_or_change_another_instansis_records(admin_client, org):
    url = f"/admin/ekinerja/pegawai/{org.outsider.pk}/change/"
    assert admin_client.get(url).status_code in (302, 404)
    response = admin_client.post(url, {"nip": org.outsider.nip, "nama": "DIUBAH"})
    assert response.status_code in (302, 403, 404)
    org.outsider.refresh_from_db()
    assert org.outsider.nama == "ORANG LUAR"
    other_unit = org.outsider.unit
    assert admin_client.get(f"/admin/ekinerja/unitorganisasi/{other_unit.pk}/change/"
                            ).status_code in (302, 404)


def test_an_instansi_admin_cannot_make_anyone_superuser(admin_client, org):
    url = f"/admin/ekinerja/pegawai/{org.rekan.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "is_staff" not in form.fields


def test_an_instansi_admin_picks_units_only_from_their_instansi(admin_client, org):
    form = admin_client.get("/admin/ekinerja/penugasan/add/").context["adminform"].form
    assert set(form.fields["unit"].queryset) == set(
        UnitOrganisasi.objects.filter(instansi=org.direktorat.instansi)
    )
    assert org.outsider not in form.fields["pegawai"].queryset


def test_an_instansi_admin_records_a_plt(admin_client, org):
    response = admin_client.post("/admin/ekinerja/penugasan/add/", {
        "pegawai": org.rekan.pk, "unit": org.direktorat.pk, "jenis": "PLT",
        "mulai": "01/03/2026", "selesai": "",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Penugasan.objects.get().pegawai == org.rekan


def test_an_instansi_admin_adds_a_pegawai_with_a_checked_nip(admin_client, org):
    data = {"nip": "199002302022031003", "nama": "BARU", "jenis_pegawai": "PNS",
            "unit": org.direktorat.pk, "jabatan": "Analis", "kelas_jabatan": "FUNGSIONAL"}
    response = admin_client.post("/admin/ekinerja/pegawai/add/", data)
    assert "bukan tanggal yang ada" in response.content.decode()
    data["nip"] = nip = make_nip()
    response = admin_client.post("/admin/ekinerja/pegawai/add/", data)
    assert response.status_code == 302
    baru = Pegawai.objects.get(nip=nip)
    assert baru.instansi == org.direktorat.instansi  # forced to the admin's own
    assert not baru.has_usable_password()


def test_a_national_admin_sees_every_instansi(national_admin, org):
    html = national_admin.get(CHANGELIST).content.decode()
    assert org.pegawai.nip in html and org.outsider.nip in html


def test_an_admin_of_no_instansi_sees_nothing(client, org):
    stray = make_pegawai(None, nama="ADMIN TANPA INSTANSI", is_admin_instansi=True)
    client.force_login(stray)
    assert client.get(CHANGELIST).status_code == 403


# --- local accounts: only a national admin (issue 10, item 7) ---------------------------------


def test_an_instansi_admin_cannot_set_a_password_and_sign_in_as_that_person(admin_client, org,
                                                                            settings):
    """Measured on main: the admin instansi set a colleague's local password through the admin's
    password form, then signed in as that colleague."""
    settings.MYSAPK_BASE_URL = ""
    url = f"/admin/ekinerja/pegawai/{org.rekan.pk}/password/"
    response = admin_client.post(url, {"password1": "diambil-alih-123",
                                       "password2": "diambil-alih-123",
                                       "usable_password": "true"})
    assert response.status_code in (403, 404)
    assert admin_client.get(url).status_code in (403, 404)
    org.rekan.refresh_from_db()
    assert not org.rekan.check_password("diambil-alih-123")
    other = admin_client.__class__()
    other.post("/login/", {"nip": org.rekan.nip, "password": "diambil-alih-123"})
    assert "_auth_user_id" not in other.session


def test_an_instansi_admin_sees_no_password_controls(admin_client, org):
    html = admin_client.get(f"/admin/ekinerja/pegawai/{org.rekan.pk}/change/").content.decode()
    assert "/password/" not in html


def test_a_national_admin_sets_a_local_password_and_it_is_recorded(national_admin, org):
    url = f"/admin/ekinerja/pegawai/{org.rekan.pk}/password/"
    response = national_admin.post(url, {"password1": "sandi-lokal-baru-1",
                                         "password2": "sandi-lokal-baru-1",
                                         "usable_password": "true"})
    assert response.status_code == 302
    org.rekan.refresh_from_db()
    assert org.rekan.check_password("sandi-lokal-baru-1")
    row = Riwayat.untuk(org.rekan).get(aksi="pegawai.password_lokal_diatur")
    assert row.aktor_nama == "ADMIN NASIONAL" and row.pemilik_id == org.rekan.pk
    assert "sandi-lokal-baru-1" not in str(row.sebelum) + str(row.sesudah)  # never the password


def test_admin_changes_to_a_pegawai_are_recorded(admin_client, org):
    url = f"/admin/ekinerja/pegawai/{org.rekan.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(jabatan="Analis Data", unit=org.direktorat.pk, instansi=org.direktorat.instansi.pk,
                is_active="on")
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()
            if not isinstance(v, bool) or v}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    row = Riwayat.untuk(org.rekan).get(aksi="pegawai.diubah_admin")
    assert row.sebelum == {"jabatan": "Pengolah Data"} and row.sesudah == {"jabatan": "Analis Data"}
    assert row.aktor_nip == org.admin.nip
