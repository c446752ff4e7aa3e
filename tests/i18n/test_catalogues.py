"""Issue 12 item 6: both catalogues complete, in step with the source, compiled; no UI text
bypasses gettext. Each check is also run against a small bad sample, so it can fail."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from tools import i18n

PO_HEADER = textwrap.dedent('''\
    msgid ""
    msgstr ""
    "Content-Type: text/plain; charset=UTF-8\\n"
    "Language: {language}\\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

''')


def write_po(locale_dir: Path, language: str, body: str) -> Path:
    path = i18n.po_path(language, locale_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PO_HEADER.format(language=language) + textwrap.dedent(body), encoding="utf-8")
    return path


# --- the real catalogues -----------------------------------------------------------------------


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_it_has_no_untranslated_or_fuzzy_entry(language):
    assert i18n.catalogue_problems(language) == []


def test_the_catalogues_hold_exactly_the_source_msgids():
    assert i18n.freshness_problems() == []


def test_the_committed_mo_files_match_their_po():
    assert i18n.compiled_problems() == []


def test_no_template_text_bypasses_gettext():
    assert i18n.template_problems() == []


def test_no_python_text_bypasses_gettext():
    assert i18n.python_problems() == []


def test_the_catalogues_are_big_enough_to_mean_something():
    entries = [e for e in i18n.parse_po(i18n.po_path("en")) if e.msgid and not e.obsolete]
    assert len(entries) > 1000
    english = {e.msgid: e.msgstr[0] for e in entries}
    assert english["Daftar SKP"] == "SKP List"
    assert english["Tambah SKP"] == "Add SKP"


# --- each check fails on a bad sample ----------------------------------------------------------


def test_the_catalogue_check_finds_untranslated_fuzzy_and_broken_entries(tmp_path):
    write_po(tmp_path, "en", '''\
        msgid "Simpan"
        msgstr ""

        #, fuzzy
        msgid "Batal"
        msgstr "Cancel"

        #, python-format
        msgid "Halo %(nama)s"
        msgstr "Hello %(name)s"

        msgid "%(n)s berkas"
        msgid_plural "%(n)s berkas"
        msgstr[0] "%(n)s file"
        msgstr[1] ""
    ''')
    problems = "\n".join(i18n.catalogue_problems("en", tmp_path))
    assert "untranslated: 'Simpan'" in problems
    assert "fuzzy: 'Batal'" in problems
    assert "placeholders ['%(name)s'] != ['%(nama)s']" in problems
    assert "untranslated: '%(n)s berkas'" in problems


def test_the_catalogue_check_wants_the_indonesian_msgstr_to_repeat_the_msgid(tmp_path):
    write_po(tmp_path, "id", '''\
        msgid "Simpan"
        msgstr "Save"
    ''')
    assert "must repeat the msgid: 'Simpan'" in "\n".join(i18n.catalogue_problems("id", tmp_path))


def test_the_freshness_check_finds_a_missing_and_a_stale_msgid(tmp_path):
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    po = i18n.po_path("en", locale)
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgid "Daftar SKP"\nmsgstr "SKP List"\n', 'msgid "Daftar SKP lama"\nmsgstr "Old"\n')
    po.write_text(text, encoding="utf-8")
    problems = "\n".join(i18n.freshness_problems(locale))
    assert "locale/en: missing msgid 'Daftar SKP'" in problems
    assert "locale/en: msgid no longer in the source 'Daftar SKP lama'" in problems


def test_the_compiled_check_finds_a_stale_mo(tmp_path):
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    id_mo = i18n.po_path("id", locale).with_suffix(".mo")
    shutil.copy(i18n.po_path("en", locale).with_suffix(".mo"), id_mo)
    assert i18n.compiled_problems(locale) == [f"{id_mo}: does not match django.po (run tools/i18n.py update)"]


@pytest.mark.parametrize(("template", "found"), [
    ("<p>Belum ada SKP.</p>", "Belum ada SKP."),
    ('<button title="Hapus baris">&times;</button>', 'title="Hapus baris"'),
    ('<input placeholder="Cari NIP">', 'placeholder="Cari NIP"'),
    ('<img alt="Logo instansi" src="x.png">', 'alt="Logo instansi"'),
    ('<nav aria-label="Menu {{ x }}"></nav>', 'aria-label="Menu …"'),
    ('<input type="submit" value="Kirim">', 'value="Kirim"'),
    ('<button hx-post="/x/" hx-confirm="Hapus SKP ini?">{% translate "Hapus" %}</button>', 'hx-confirm='),
    ("{% if a %}Aktif{% else %}{% translate 'Nonaktif' %}{% endif %}", "…Aktif…"),
    ("<td>Dibuat oleh {{ nama }}</td>", "Dibuat oleh …"),
    ('{{ nama|default:"tidak ada" }}', '{{ nama|default:"tidak ada" }}'),
    ('{% include "x.html" with judul="PEGAWAI YANG DINILAI" %}', 'judul="PEGAWAI YANG DINILAI"'),
])
def test_the_template_check_finds_text_outside_translate(template, found):
    bypasses = i18n.template_bypasses(template)
    assert len(bypasses) == 1 and found in bypasses[0][1], bypasses


@pytest.mark.parametrize("template", [
    '{% translate "Belum ada SKP." %}',
    '<p title="{% translate \'Hapus\' %}">{% blocktranslate %}Halo {{ nama }}{% endblocktranslate %}</p>',
    "<p>{{ skp.nama }} · SKP · NIP {{ nip }} (92 %) — 1/2 &middot; e-Kinerja</p>",
    "<script>var teks = 'Tidak diterjemahkan';</script><style>p::after { content: 'Isi'; }</style>",
    "{% comment %}Catatan untuk pengembang{% endcomment %}{# juga catatan #}",
    '<input type="hidden" value="Nilai tersembunyi"><input placeholder="https://">',
    '{% block main_class %}container matriks-page{% endblock %}',
    '{{ nama|default:_("tidak ada") }}{{ status|default:"info" }}',
    '{% include "x.html" with tab="kurva" mode="pegawai" %}',
])
def test_the_template_check_lets_translated_and_non_text_through(template):
    assert i18n.template_bypasses(template) == []


def test_the_template_check_names_the_line():
    assert i18n.template_bypasses("{% load i18n %}\n<div>\n  <p>\n    Teks biasa\n  </p>\n</div>") == [
        (4, "Teks biasa")]


BAD_PYTHON = '''
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models


class Ditolak(Exception):
    pass


class Status(models.TextChoices):
    DRAFT = "draft", "Draf"
    BARU = "baru"


class F(forms.Form):
    nama = forms.CharField(label="Nama lengkap", help_text=f"Paling banyak {10} huruf")
    pilih = forms.ChoiceField(choices=[("a", "Pilihan A")])

    def clean(self):
        self.add_error("nama", "Nama wajib diisi.")
        raise ValidationError("Data tidak valid.")


class M(models.Model):
    class Meta:
        verbose_name = "model contoh"


def view(request):
    messages.success(request, "SKP disimpan.")
    messages.add_message(request, 20, "Pesan %s" % 1)
    raise Ditolak("Anda tidak berhak.")


def escaped():
    return _("Hapus \\u201c%(teks)s\\u201d?")


def context(request):
    notify(request.user, pesan="SKP Anda disetujui.")
    return {"judul": "Tambah SKP", "message": "an API's own answer"}


JENJANG = {"jpt": "JABATAN PIMPINAN TINGGI", "NON ASN": "x"}
LOCK = "LOCK TABLE x IN SHARE MODE"


def compare(status):
    return status == "NON ASN" or JENJANG["NON ASN"]


def refuse():
    return HttpResponseBadRequest("Bahasa tidak dikenal.")
'''

GOOD_PYTHON = '''
from django.contrib import messages
from django.utils.translation import gettext as _, gettext_lazy
from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draf")


def view(request, x):
    messages.success(request, _("SKP disimpan."))
    messages.info(request, x)
    messages.error(request, _("Gagal: %(e)s") % {"e": x})
    raise ValueError("internal: not shown to anyone")


def literal():
    return _("Hapus “%(teks)s”?")
'''


def test_the_python_check_finds_each_kind_of_bypass():
    found = i18n.python_bypasses({"contoh.py": BAD_PYTHON})
    texts = [text for _path, _line, text in found]
    for expected in ("'Draf'", "BARU = 'baru'  (choice without a label)", "'Nama lengkap'",
                     "f'Paling banyak {10} huruf'", "'Pilihan A'", "'Nama wajib diisi.'",
                     "'Data tidak valid.'", "'model contoh'", "'SKP disimpan.'", "'Pesan %s' % 1",
                     "'Anda tidak berhak.'", "escape", "'SKP Anda disetujui.'", "'Tambah SKP'",
                     "'JABATAN PIMPINAN TINGGI'  (an upper-case heading)", "'Bahasa tidak dikenal.'"):
        assert any(expected in text for text in texts), (expected, texts)
    assert len(found) == 16


def test_the_python_check_lets_gettext_and_internal_messages_through():
    assert i18n.python_bypasses({"contoh.py": GOOD_PYTHON}) == []
