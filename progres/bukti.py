"""Bukti of a day's progress: an http(s) link, or an uploaded PDF, JPG or PNG of at most 2 MB.

Files are judged by their content, never by their name or the browser's content type: the first
bytes must be a PDF, PNG or JPEG signature, and an image must open and verify with Pillow. They are
stored under an unguessable name (models.nama_berkas_bukti) in the "bukti" storage and served only
by progres.views.bukti, which checks access and sends them as an attachment with nosniff.
"""

from __future__ import annotations

from typing import IO
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

MAKS_BYTE = 2 * 1024 * 1024
CONTENT_TYPE = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
_PILLOW_FORMAT = {"jpg": "JPEG", "png": "PNG"}


def _galat(pesan: str) -> ValidationError:
    return ValidationError({"bukti_berkas": [pesan]})


def jenis_berkas(berkas: IO[bytes], ukuran: int) -> str:
    """"pdf", "jpg" or "png" when the content is one of those; else a ValidationError with the
    message shown beside the field. Leaves the file positioned at its start."""
    if ukuran > MAKS_BYTE:
        raise _galat(
            gettext("Berkas terlalu besar (%(mb)s MB). Ukuran maksimal 2 MB.")
            % {"mb": f"{ukuran / 1024 / 1024:.1f}".replace(".", ",")}
        )
    if ukuran == 0:
        raise _galat(gettext("Berkas kosong. Pilih berkas PDF, JPG atau PNG."))
    berkas.seek(0)
    head = berkas.read(16)
    berkas.seek(0)
    if head.startswith(b"%PDF-"):
        berkas.seek(max(0, ukuran - 2048))
        tail = berkas.read()
        berkas.seek(0)
        if b"%%EOF" not in tail:
            raise _galat(gettext("Berkas PDF rusak atau tidak lengkap. Unggah ulang berkasnya."))
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        jenis = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        jenis = "jpg"
    else:
        raise _galat(
            gettext("Berkas bukti harus PDF, JPG atau PNG. Isi berkas ini bukan salah satunya.")
        )
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(berkas) as img:
            fmt = img.format
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _galat(gettext("Gambar rusak atau tidak dapat dibaca. Unggah ulang berkasnya.")) \
            from None
    finally:
        berkas.seek(0)
    if fmt != _PILLOW_FORMAT[jenis]:
        raise _galat(gettext("Berkas bukti harus PDF, JPG atau PNG. Isi berkas ini bukan salah satunya."))
    return jenis


def periksa_tautan(url: str) -> str:
    """An absolute http(s) link only (never javascript:, data: or a bare path); "" stays ""."""
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc or any(
        ch in url for ch in "\r\n\t <>\"'"
    ):
        raise ValidationError(
            {"bukti_tautan": [gettext("Tautan bukti harus berupa alamat http:// atau https://.")]}
        )
    return url


def nama_aman(nama: str, jenis: str) -> str:
    """The user's file name for the download, reduced to safe characters, with the right ending."""
    stem = (nama or "bukti").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = "".join(ch if ch.isalnum() or ch in "-_ " else "-" for ch in stem).strip(" -")[:80]
    return f"{stem or 'bukti'}.{jenis}"
