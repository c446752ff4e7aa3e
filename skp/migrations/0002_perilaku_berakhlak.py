"""BerAKHLAK core values (SE MenPANRB 20/2021) with their three guides: domain.md §4.4."""

from django.db import migrations

VERSI = "SE-MENPANRB-20-2021"

BERAKHLAK = [
    ("Berorientasi Pelayanan", [
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Ramah, cekatan, solutif, dan dapat diandalkan",
        "Melakukan perbaikan tiada henti",
    ]),
    ("Akuntabel", [
        "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin dan berintegritas tinggi",
        "Menggunakan kekayaan dan BMN secara bertanggung jawab, efektif, dan efisien",
        "Tidak menyalahgunakan kewenangan jabatan",
    ]),
    ("Kompeten", [
        "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        "Membantu orang lain belajar",
        "Melaksanakan tugas dengan kualitas terbaik",
    ]),
    ("Harmonis", [
        "Menghargai setiap orang apapun latar belakangnya",
        "Suka menolong orang lain",
        "Membangun lingkungan kerja yang kondusif",
    ]),
    ("Loyal", [
        "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun "
        "1945, setia pada NKRI serta pemerintahan yang sah",
        "Menjaga nama baik sesama ASN, Pimpinan, Instansi dan Negara",
        "Menjaga rahasia jabatan dan negara",
    ]),
    ("Adaptif", [
        "Cepat menyesuaikan diri menghadapi perubahan",
        "Terus berinovasi dan mengembangkan kreativitas",
        "Bertindak proaktif",
    ]),
    ("Kolaboratif", [
        "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
        "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        "Menggerakkan pemanfaatan berbagai sumberdaya untuk tujuan bersama",
    ]),
]


def load(apps, schema_editor):
    PerilakuKerja = apps.get_model("skp", "PerilakuKerja")
    for urutan, (nama, panduan) in enumerate(BERAKHLAK, start=1):
        PerilakuKerja.objects.update_or_create(
            versi=VERSI, urutan=urutan, defaults={"nama": nama, "panduan": panduan}
        )


def unload(apps, schema_editor):
    apps.get_model("skp", "PerilakuKerja").objects.filter(versi=VERSI).delete()


class Migration(migrations.Migration):
    dependencies = [("skp", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
