"""Results to SIASN (issue 14, "results out").

When is a result final? (docs: README "SIASN", this module is the one definition)

* The SKP is approved and its pejabat penilai has set both ratings (rating hasil kerja and
  rating perilaku kerja), so a predikat is in force (Penilaian.predikat: a decided keberatan's,
  else the rater's override, else the matrix). The app has no separate "confirm" step: the
  ratings as saved are the rater's confirmed ratings, and any later change is a correction.
* A monthly (bulanan) or quarterly (triwulanan) period is then final at once. SIASN's periodic
  reference knows only these two (periodikId 1 and 2), so a semesteran period is not sent.
* The Final (annual) period is final once the keberatan window has closed without a keberatan
  (the day after `dinilai_pada` + KEBERATAN_HARI, in Asia/Jakarta, as Keberatan.ajukan counts),
  or once a keberatan was decided by the atasan pejabat penilai. While a keberatan is open, or the
  window is still open, it waits.

What is sent: the contract's fields (payload()), from the SKP's rater snapshot; the Evaluasi
Kinerja PDF (penilaian/cetak.py) uploaded first (`upload-dok`, SIASN_DOK_PERIODIK or
SIASN_DOK_TAHUNAN) and put in `path`; then `kinerjaperiodik/save` or `skp22/save`. SIASN's id
(rwKinerjaPeriodikId / rwSkp22Id) is stored on the HasilSiasn and sent as `id` with every later
correction.

Never twice: each distinct content is one KirimanSiasn version, unique per pegawai, period and
version in the database; a version is sent until it succeeds and never after. A version that a
newer one replaced before it went is not sent ("digantikan"). Failures of the link are retried
by the client at once (backoff), then by the task later (SIASN_KIRIM_MAX_PERCOBAAN attempts, 1 min
to 3 h apart); SIASN refusing a result ({"success": false, "message": ...}) fails it with that
message until the admin resends it. A new result whose save timed out may already be stored in
SIASN: it is not repeated automatically but fails as "tidak pasti" for the admin to check.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import random
import re
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.tasks import default_task_backend
from django.utils import timezone
from django.utils.translation import gettext

from ekinerja import siasn_client
from ekinerja.dokumen import nama_file
from ekinerja.models import Pegawai, Riwayat
from ekinerja.models_dokumen import DokumenCetak
from ekinerja.siasn_client import SiasnClient, SiasnError
from ekinerja.sinkron import update_many
from penilaian import rules
from penilaian.models import JenisPeriode, Keberatan, Penilaian, keberatan_hari
from penilaian.models_siasn import HasilSiasn, KirimanSiasn
from penilaian.rules import Predikat, Rating
from skp.models import StatusSkp

log = logging.getLogger("penilaian.siasn")

NILAI = {Rating.ATAS: 1, Rating.SESUAI: 2, Rating.BAWAH: 3}
KUADRAN = {Predikat.SANGAT_BAIK: 1, Predikat.BAIK: 2, Predikat.BUTUH_PERBAIKAN: 3,
           Predikat.KURANG: 4, Predikat.SANGAT_KURANG: 5}
PERIODIK = {JenisPeriode.BULANAN: 1, JenisPeriode.TRIWULANAN: 2}
# Minutes between the task's attempts after the client's own quick retries failed.
JEDA_MENIT = [1, 5, 15, 60, 180]
# A kiriman "sedang dikirim" this long has lost its worker.
BERJALAN_BASI = dt.timedelta(minutes=10)
_GOLONGAN_RE = re.compile(r"\b([IV]{1,3}/[a-eA-E])\b")

K = KirimanSiasn.Status
H = HasilSiasn.Status


def aktif() -> bool:
    return siasn_client.configured() and bool(settings.SIASN_KIRIM_HASIL)


# --- final? ---------------------------------------------------------------------------------------


_BELUM_DIMUAT: Any = object()


def status_final(pn: Penilaian, now: dt.datetime | None = None, *,
                 keberatan: Keberatan | None = _BELUM_DIMUAT) -> tuple[bool, str]:
    """(final, why not). `pn` with skp and periode loaded, and its keberatan given (None when it
    has none), avoids queries."""
    if pn.skp.status != StatusSkp.PERSETUJUAN:
        return False, gettext("SKP belum disetujui.")
    if not (pn.rating_hasil and pn.rating_perilaku and pn.predikat):
        return False, gettext("Belum dinilai.")
    jenis = pn.periode.jenis
    if jenis == JenisPeriode.FINAL:
        if keberatan is _BELUM_DIMUAT:
            keberatan = pn.keberatan if _has_keberatan(pn) else None
        if keberatan is not None:
            if keberatan.status == Keberatan.Status.DIPUTUS:
                return True, ""
            return False, gettext("Menunggu keputusan keberatan.")
        batas = rules.hari_ini_wib(pn.dinilai_pada) + dt.timedelta(days=keberatan_hari())
        if rules.hari_ini_wib(now) <= batas:
            return False, gettext("Masa keberatan berakhir %(batas)s.") % {
                "batas": batas.isoformat()}
        return True, ""
    if jenis not in PERIODIK:
        return False, gettext("SIASN hanya menerima periode bulanan, triwulan dan tahunan.")
    return True, ""


def _has_keberatan(pn: Penilaian) -> bool:
    try:
        pn.keberatan  # noqa: B018 (loads or raises)
    except Keberatan.DoesNotExist:
        return False
    return True


def status_untuk(skp: Any, periode: list[Any], hasil: dict[int, Penilaian],
                 keberatan: dict[int, Keberatan]) -> dict[int, dict[str, Any]]:
    """Per period of one SKP: its SIASN status row (or None) and, when nothing was sent yet,
    why not. One query."""
    rows = {h.periode_id: h for h in HasilSiasn.objects.filter(
        pegawai_id=skp.pegawai_id, periode_id__in=[p.pk for p in periode])}
    out: dict[int, dict[str, Any]] = {}
    for per in periode:
        row, alasan = rows.get(per.pk), ""
        pn = hasil.get(per.pk)
        if row is None and pn is not None and pn.predikat:
            pn.skp, pn.periode = skp, per
            final, alasan = status_final(pn, keberatan=keberatan.get(per.pk))
            if final:
                alasan = gettext("siap dikirim pada pemeriksaan berikutnya.")
        out[per.pk] = {"h": row, "alasan": alasan}
    return out


# --- the payload --------------------------------------------------------------------------------------


def golongan(pangkat_golongan: str) -> str:
    """"Pembina Utama Muda, IV/c" → "IV/c" ("" for a non-ASN rater)."""
    match = _GOLONGAN_RE.search(pangkat_golongan or "")
    return match.group(1) if match else ""


def payload(pn: Penilaian) -> dict[str, Any]:
    """The contract's fields of this result, without `id` and `path` (added when sending).
    `pn` with skp__pegawai and periode loaded."""
    skp, per = pn.skp, pn.periode
    snap = skp.snapshot_penilai or {}
    data: dict[str, Any] = {
        "pnsDinilaiId": skp.pegawai.siasn_pns_id or "",
        "hasilKinerjaNilai": NILAI[Rating(pn.rating_hasil)],
        "perilakuKerjaNilai": NILAI[Rating(pn.rating_perilaku)],
        "kuadranKinerjaNilai": KUADRAN[Predikat(pn.predikat)],
        "penilaiNipNrp": snap.get("nip_nrp", ""),
        "penilaiNama": snap.get("nama", ""),
        "penilaiGolongan": golongan(snap.get("pangkat_golongan", "")),
        "penilaiJabatan": snap.get("jabatan", ""),
        "penilaiUnorNama": snap.get("unit_kerja", ""),
        "statusPenilai": "NON ASN" if snap.get("status") == "NON ASN" else "ASN",
    }
    if per.is_final:
        data["tahun"] = per.awal.year
    else:
        data.update({
            "bulanMulaiPenilaian": per.awal.month, "bulanSelesaiPenilaian": per.akhir.month,
            "tahunMulaiPenilaian": per.awal.year, "tahunSelesaiPenilaian": per.akhir.year,
            "periodikId": PERIODIK[JenisPeriode(per.jenis)],
        })
    return data


def sidik(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def _penilaian(pk: int) -> Penilaian | None:
    return (Penilaian.objects.select_related("skp__pegawai", "skp__instansi",
                                             "skp__pejabat_penilai", "periode")
            .filter(pk=pk).first())


# --- queueing -----------------------------------------------------------------------------------------


def jadwalkan(penilaian_id: int, *, now: dt.datetime | None = None) -> KirimanSiasn | None:
    """Queue this result for SIASN if it is final and its content is not already queued or sent
    (a new version otherwise). Called after every rating change and keberatan decision.
    Returns the new version, or None."""
    created = jadwalkan_banyak([penilaian_id], now=now)
    return created[0] if created else None


def jadwalkan_banyak(penilaian_ids: Iterable[int], *, now: dt.datetime | None = None,
                     ukuran: int = 500) -> list[KirimanSiasn]:
    """jadwalkan() for many results, a chunk per transaction with a fixed number of queries
    each (the periodic check after a keberatan window closes for a whole instansi)."""
    if not aktif():
        return []
    ids = list(penilaian_ids)
    out: list[KirimanSiasn] = []
    for start in range(0, len(ids), ukuran):
        try:
            out += _jadwalkan_potongan(ids[start:start + ukuran], now)
        except IntegrityError:  # another process queued some of them at the same moment
            log.info("jadwalkan: a concurrent run queued part of a chunk; the next check retries")
    return out


def _jadwalkan_potongan(ids: list[int], now: dt.datetime | None) -> list[KirimanSiasn]:
    pns = list(Penilaian.objects.select_related("skp__pegawai", "periode").filter(pk__in=ids)
               .order_by("dinilai_pada", "pk"))
    keberatan = {k.penilaian_id: k for k in Keberatan.objects.filter(penilaian_id__in=ids)}
    todo: dict[tuple[int, int], tuple[Penilaian, dict[str, Any], str]] = {}
    for pn in pns:
        if status_final(pn, now, keberatan=keberatan.get(pn.pk))[0]:
            data = payload(pn)
            # One SIASN record per pegawai and period: of two SKPs' ratings, the latest.
            todo[(pn.skp.pegawai_id, pn.periode_id)] = (pn, data, sidik(data))
    if not todo:
        return []
    with transaction.atomic():
        HasilSiasn.objects.bulk_create(
            [HasilSiasn(pegawai_id=p, periode_id=q, penilaian=pn)
             for (p, q), (pn, _d, _s) in todo.items()], ignore_conflicts=True)
        hasil = {(h.pegawai_id, h.periode_id): h for h in HasilSiasn.objects.select_for_update()
                 .filter(pegawai_id__in={p for p, _q in todo}, periode_id__in={q for _p, q in todo})
                 if (h.pegawai_id, h.periode_id) in todo}
        last: dict[int, KirimanSiasn] = {}
        for k in KirimanSiasn.objects.filter(hasil__in=hasil.values()).only(
                "hasil_id", "versi", "sidik", "status").order_by("hasil_id", "-versi"):
            last.setdefault(k.hasil_id, k)  # the latest version of each (a handful each)
        new: list[KirimanSiasn] = []
        supersede: list[int] = []
        for key, (pn, data, tanda) in todo.items():
            h, prev = hasil[key], last.get(hasil[key].pk)
            if prev is not None and prev.sidik == tanda and prev.status != K.DIGANTIKAN:
                continue  # this exact content is queued, sent, or failed (the admin resends)
            if prev is not None and prev.status == K.MENUNGGU:
                supersede.append(h.pk)
            h.penilaian = pn
            new.append(KirimanSiasn(hasil=h, versi=(prev.versi if prev else 0) + 1, penilaian=pn,
                                    penilaian_versi=pn.versi, sidik=tanda, payload=data))
        if not new:
            return []
        KirimanSiasn.objects.bulk_create(new)
        if supersede:
            KirimanSiasn.objects.filter(hasil_id__in=supersede, status=K.MENUNGGU).exclude(
                pk__in=[k.pk for k in new]).update(status=K.DIGANTIKAN,
                                                   pesan=gettext("Digantikan versi baru."))
        for k in new:
            k.hasil.status, k.hasil.pesan = H.MENUNGGU, ""
        update_many(HasilSiasn, ["status", "pesan", "penilaian"], [k.hasil for k in new])
        Riwayat.objects.bulk_create([
            Riwayat.baris(k.hasil, aktor=None, aksi="siasn.hasil_dijadwalkan",
                          sesudah={"versi": k.versi, "penilaian_versi": k.penilaian_versi,
                                   **k.payload})
            for k in new])
        ids_new = [k.pk for k in new]
        transaction.on_commit(lambda: _antrekan_semua(ids_new))
    return new


def _antrekan_semua(ids: list[int]) -> None:
    for pk in ids:
        antrekan(pk)


def antrekan(kiriman_id: int, run_after: dt.datetime | None = None) -> None:
    """Enqueue the send task (deferred where the task backend can defer)."""
    from penilaian.tasks import kirim_hasil_siasn

    task = kirim_hasil_siasn
    if run_after is not None:
        if not default_task_backend.supports_defer:
            return  # the periodic check (manage.py kirim_siasn) picks it up when due
        task = task.using(run_after=run_after)
    task.enqueue(kiriman_id)


def kandidat(instansi_id: int | None = None) -> Any:
    """Rated results of approved SKPs in sendable periods with no version for their current
    ratings yet: what the periodic check looks at (one query)."""
    qs = (Penilaian.objects.filter(skp__status=StatusSkp.PERSETUJUAN,
                                   periode__jenis__in=[*PERIODIK, JenisPeriode.FINAL])
          .exclude(rating_hasil="").exclude(rating_perilaku="")
          .exclude(Exists(KirimanSiasn.objects.filter(penilaian=OuterRef("pk"),
                                                      penilaian_versi=OuterRef("versi")))))
    if instansi_id is not None:
        qs = qs.filter(periode__instansi_id=instansi_id)
    return qs


def periksa(instansi_id: int | None = None, *, now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic check: queue what became final (a closed keberatan window), re-queue versions
    whose retry is due, and recover versions whose worker died. Returns counts."""
    now = now or timezone.now()
    baru = len(jadwalkan_banyak(list(kandidat(instansi_id).values_list("pk", flat=True)),
                                now=now))
    scope = Q() if instansi_id is None else Q(hasil__periode__instansi_id=instansi_id)
    due = list(KirimanSiasn.objects.filter(scope, status=K.MENUNGGU).filter(
        Q(coba_lagi_pada__isnull=True) | Q(coba_lagi_pada__lte=now)).values_list("pk", flat=True))
    for pk in due:
        antrekan(pk)
    putus = 0
    for k in KirimanSiasn.objects.filter(scope, status=K.BERJALAN,
                                         coba_lagi_pada__lt=now - BERJALAN_BASI):
        putus += 1
        if k.simpan_dicoba_pada is None or k.siasn_id_dikirim:
            _ulang(k, gettext("Pengiriman terputus; dicoba lagi."), now=now)
        else:
            _gagal(k, gettext("Pengiriman terputus setelah hasil dikirim; tidak pasti apakah SIASN "
                              "sudah menyimpannya. Periksa di SIASN sebelum mengirim ulang."))
    return {"baru": baru, "diantrekan": len(due), "terputus": putus}


def kirim_ulang(hasil_ids: Iterable[int], *, aktor: Pegawai) -> int:
    """The admin resends failed results: the latest version again (it never reached SIASN), or
    a new version when the result changed since. Sent ones are not sent twice."""
    n = 0
    for hasil in HasilSiasn.objects.filter(pk__in=list(hasil_ids), status=H.GAGAL):
        last = hasil.kiriman.order_by("-versi").first()
        if last is None or last.status != K.GAGAL:
            continue
        with transaction.atomic():
            updated = KirimanSiasn.objects.filter(pk=last.pk, status=K.GAGAL).update(
                status=K.MENUNGGU, percobaan=0, coba_lagi_pada=None, simpan_dicoba_pada=None,
                pesan="", diminta_oleh=aktor)
            if not updated:
                continue
            HasilSiasn.objects.filter(pk=hasil.pk).update(status=H.MENUNGGU, pesan="")
            Riwayat.catat(hasil, aktor=aktor, aksi="siasn.hasil_dikirim_ulang",
                          sebelum={"status": H.GAGAL, "pesan": hasil.pesan},
                          sesudah={"status": H.MENUNGGU, "versi": last.versi})
            transaction.on_commit(partial(antrekan, last.pk))
        n += 1
        if hasil.penilaian_id:
            jadwalkan(hasil.penilaian_id)  # a changed result supersedes the resent version
    return n


# --- sending ------------------------------------------------------------------------------------------


def _klaim(kiriman_id: int, now: dt.datetime) -> bool:
    return bool(KirimanSiasn.objects.filter(pk=kiriman_id, status=K.MENUNGGU).filter(
        Q(coba_lagi_pada__isnull=True) | Q(coba_lagi_pada__lte=now)
    ).update(status=K.BERJALAN, coba_lagi_pada=now, percobaan=F("percobaan") + 1))


def _hasil_update(k: KirimanSiasn, **fields: Any) -> None:
    """Mirror the version's outcome on the pegawai-period status unless a newer version exists
    (one conditional UPDATE); SIASN's id is stored either way, for the newer one to send."""
    newer = KirimanSiasn.objects.filter(hasil_id=OuterRef("pk"), versi__gt=k.versi).exclude(
        status=K.DIGANTIKAN)
    updated = HasilSiasn.objects.filter(pk=k.hasil_id).exclude(Exists(newer)).update(**fields)
    if not updated and "siasn_id" in fields:
        HasilSiasn.objects.filter(pk=k.hasil_id).update(siasn_id=fields["siasn_id"])


def _gagal(k: KirimanSiasn, pesan: str) -> None:
    with transaction.atomic():
        KirimanSiasn.objects.filter(pk=k.pk).update(status=K.GAGAL, pesan=pesan)
        _hasil_update(k, status=H.GAGAL, pesan=pesan)
        Riwayat.catat(k.hasil, aktor=None, aksi="siasn.hasil_gagal",
                      sesudah={"versi": k.versi, "pesan": pesan})


def _ulang(k: KirimanSiasn, pesan: str, *, now: dt.datetime) -> None:
    """Try again later (backoff), or give up after SIASN_KIRIM_MAX_PERCOBAAN attempts."""
    if k.percobaan >= settings.SIASN_KIRIM_MAX_PERCOBAAN:
        _gagal(k, gettext("%(p)s (setelah %(n)s percobaan)") % {"p": pesan, "n": k.percobaan})
        return
    menit = JEDA_MENIT[min(max(k.percobaan, 1), len(JEDA_MENIT)) - 1]
    when = now + dt.timedelta(seconds=menit * 60 * random.uniform(0.8, 1.2))
    KirimanSiasn.objects.filter(pk=k.pk).update(status=K.MENUNGGU, coba_lagi_pada=when,
                                                pesan=pesan)
    _hasil_update(k, status=H.MENUNGGU, pesan=pesan)
    transaction.on_commit(lambda: antrekan(k.pk, run_after=when))


def pesan_siasn(exc: SiasnError) -> str:
    """What the pegawai, the rater and the admin read for a failed send."""
    if exc.code == SiasnError.REJECTED:
        return gettext("SIASN menolak: %(m)s") % {"m": exc.pesan or exc.detail}
    if exc.code == SiasnError.UNAUTHORIZED:
        return gettext("SIASN menolak token akses aplikasi (401). Hubungi pengelola aplikasi.")
    if exc.code == SiasnError.TIMEOUT:
        return gettext("SIASN tidak menjawab tepat waktu.")
    if exc.code == SiasnError.RATE_LIMITED:
        return gettext("SIASN sedang membatasi jumlah permintaan (429).")
    if exc.code == SiasnError.GARBLED:
        return gettext("Jawaban SIASN tidak dapat dibaca.")
    if exc.code == SiasnError.NOT_CONFIGURED:
        return gettext("SIASN belum dikonfigurasi.")
    return gettext("SIASN tidak dapat dihubungi%(s)s.") % {
        "s": f" ({exc.status})" if exc.status else ""}


def evaluasi_pdf(pn: Penilaian) -> tuple[bytes, str]:
    """The Evaluasi Kinerja PDF of this result (from the document cache when unchanged)."""
    from penilaian.cetak import penilaian_document

    hasil = penilaian_document(pn.skp, pn.periode, DokumenCetak.Jenis.EVALUASI_KINERJA)
    return hasil.pdf, nama_file(hasil.dokumen, nip=pn.skp.pegawai.nip)


def kirim(kiriman_id: int, *, client: SiasnClient | None = None,
          now: dt.datetime | None = None) -> str:
    """Send one version (the task body): upload the PDF, then save; returns the status."""
    now = now or timezone.now()
    if not _klaim(kiriman_id, now):
        return "tidak diambil"
    k = KirimanSiasn.objects.select_related("hasil").get(pk=kiriman_id)
    others = list(KirimanSiasn.objects.filter(hasil_id=k.hasil_id).exclude(pk=k.pk).filter(
        Q(versi__gt=k.versi) | Q(status=K.BERJALAN)).values_list("versi", "status"))
    if any(versi > k.versi for versi, _status in others):
        KirimanSiasn.objects.filter(pk=k.pk).update(status=K.DIGANTIKAN)
        return K.DIGANTIKAN
    if others:
        # An older version is on its way: wait for its SIASN id, so this one corrects it.
        with transaction.atomic():
            KirimanSiasn.objects.filter(pk=k.pk).update(percobaan=F("percobaan") - 1)
            k.percobaan -= 1
            _ulang(k, gettext("Menunggu versi sebelumnya selesai dikirim."), now=now)
        return K.MENUNGGU
    pn = _penilaian(k.penilaian_id)
    if pn is None:
        _gagal(k, gettext("Penilaian ini sudah tidak ada."))
        return K.GAGAL
    if not k.payload.get("pnsDinilaiId"):
        pn.skp.pegawai.refresh_from_db(fields=["siasn_pns_id"])
        if not pn.skp.pegawai.siasn_pns_id:
            _gagal(k, gettext("ID PNS SIASN pegawai ini belum diketahui. Jalankan Sinkron SIASN, "
                              "lalu kirim ulang."))
            return K.GAGAL
        k.payload["pnsDinilaiId"] = pn.skp.pegawai.siasn_pns_id
        KirimanSiasn.objects.filter(pk=k.pk).update(payload=k.payload)
    own = client is None
    try:
        client = client or SiasnClient()
        fields: dict[str, Any] = {}
        if not k.dokumen:
            pdf, nama = evaluasi_pdf(pn)
            ref = settings.SIASN_DOK_TAHUNAN if pn.periode.is_final else settings.SIASN_DOK_PERIODIK
            k.dokumen = fields["dokumen"] = client.upload_dok(pdf, nama, ref)
        # No older version is in flight (checked above), so the id on record is the latest.
        siasn_id = k.hasil.siasn_id
        body = {"id": siasn_id or None, **k.payload, "path": [k.dokumen]}
        KirimanSiasn.objects.filter(pk=k.pk).update(simpan_dicoba_pada=timezone.now(),
                                                    siasn_id_dikirim=siasn_id, **fields)
        path = "/skp22/save" if pn.periode.is_final else "/kinerjaperiodik/save"
        map_data = client.save(path, body)
    except SiasnError as exc:
        return _gagal_kirim(k, exc, now)
    except Exception:
        log.exception("kiriman %s failed", k.pk)
        with transaction.atomic():
            _ulang(k, gettext("Kesalahan di e-Kinerja saat menyiapkan kiriman."), now=now)
        return K.MENUNGGU
    finally:
        if own and client is not None:
            client.close()
    return _terkirim(k, pn, map_data, siasn_id)


def _gagal_kirim(k: KirimanSiasn, exc: SiasnError, now: dt.datetime) -> str:
    pesan = pesan_siasn(exc)
    if exc.code in (SiasnError.REJECTED, SiasnError.GARBLED, SiasnError.UNAUTHORIZED,
                    SiasnError.NOT_CONFIGURED):
        _gagal(k, pesan)
        return K.GAGAL
    if not exc.pasti:
        _gagal(k, pesan + " " + gettext(
            "Tidak pasti apakah SIASN sudah menyimpannya; periksa di SIASN sebelum mengirim "
            "ulang."))
        return K.GAGAL
    with transaction.atomic():
        _ulang(k, pesan, now=now)
    return K.MENUNGGU


def _terkirim(k: KirimanSiasn, pn: Penilaian, map_data: dict[str, Any], siasn_id: str) -> str:
    key = "rwSkp22Id" if pn.periode.is_final else "rwKinerjaPeriodikId"
    new_id = str(map_data.get(key) or siasn_id or "")
    if not new_id:
        _gagal(k, gettext("SIASN tidak mengembalikan %(k)s.") % {"k": key})
        return K.GAGAL
    sent_at = timezone.now()
    with transaction.atomic():
        KirimanSiasn.objects.filter(pk=k.pk).update(status=K.TERKIRIM, terkirim_pada=sent_at,
                                                    pesan="")
        _hasil_update(k, status=H.TERKIRIM, pesan="", terkirim_pada=sent_at, siasn_id=new_id)
        Riwayat.catat(k.hasil, aktor=None, aksi="siasn.hasil_terkirim",
                      sesudah={"versi": k.versi, "siasn_id": new_id,
                               "koreksi": bool(siasn_id)})
    return K.TERKIRIM
