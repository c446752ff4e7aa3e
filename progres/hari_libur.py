"""The default list of national holidays (hari libur nasional) and cuti bersama.

Source: Keputusan Bersama Menteri Agama, Menteri Ketenagakerjaan, dan Menteri Pendayagunaan
Aparatur Negara dan Reformasi Birokrasi Nomor 1497 Tahun 2025, Nomor 2 Tahun 2025, Nomor 5 Tahun
2025 tentang Hari Libur Nasional dan Cuti Bersama Tahun 2026 (17 hari libur nasional, 8 hari cuti
bersama; announced by the Menko PMK on 19 September 2025). Later years are entered by the national
admin in the admin (Hari libur), where the "Muat daftar bawaan" action loads this list again.
"""

from __future__ import annotations

import datetime as dt

SUMBER_2026 = "SKB Menag, Menaker, MenPANRB No. 1497, 2, 5 Tahun 2025"

LIBUR_NASIONAL = "libur_nasional"
CUTI_BERSAMA = "cuti_bersama"

# (date, name, kind) per year.
BAWAAN: dict[int, list[tuple[dt.date, str, str]]] = {
    2026: [
        (dt.date(2026, 1, 1), "Tahun Baru 2026 Masehi", LIBUR_NASIONAL),
        (dt.date(2026, 1, 16), "Isra Mikraj Nabi Muhammad S.A.W.", LIBUR_NASIONAL),
        (dt.date(2026, 2, 16), "Cuti Bersama Tahun Baru Imlek 2577 Kongzili", CUTI_BERSAMA),
        (dt.date(2026, 2, 17), "Tahun Baru Imlek 2577 Kongzili", LIBUR_NASIONAL),
        (dt.date(2026, 3, 18), "Cuti Bersama Hari Suci Nyepi (Tahun Baru Saka 1948)", CUTI_BERSAMA),
        (dt.date(2026, 3, 19), "Hari Suci Nyepi (Tahun Baru Saka 1948)", LIBUR_NASIONAL),
        (dt.date(2026, 3, 20), "Cuti Bersama Idulfitri 1447 Hijriah", CUTI_BERSAMA),
        (dt.date(2026, 3, 21), "Idulfitri 1447 Hijriah", LIBUR_NASIONAL),
        (dt.date(2026, 3, 22), "Idulfitri 1447 Hijriah", LIBUR_NASIONAL),
        (dt.date(2026, 3, 23), "Cuti Bersama Idulfitri 1447 Hijriah", CUTI_BERSAMA),
        (dt.date(2026, 3, 24), "Cuti Bersama Idulfitri 1447 Hijriah", CUTI_BERSAMA),
        (dt.date(2026, 4, 3), "Wafat Yesus Kristus", LIBUR_NASIONAL),
        (dt.date(2026, 4, 5), "Kebangkitan Yesus Kristus (Paskah)", LIBUR_NASIONAL),
        (dt.date(2026, 5, 1), "Hari Buruh Internasional", LIBUR_NASIONAL),
        (dt.date(2026, 5, 14), "Kenaikan Yesus Kristus", LIBUR_NASIONAL),
        (dt.date(2026, 5, 15), "Cuti Bersama Kenaikan Yesus Kristus", CUTI_BERSAMA),
        (dt.date(2026, 5, 27), "Iduladha 1447 Hijriah", LIBUR_NASIONAL),
        (dt.date(2026, 5, 28), "Cuti Bersama Iduladha 1447 Hijriah", CUTI_BERSAMA),
        (dt.date(2026, 5, 31), "Hari Raya Waisak 2570 BE", LIBUR_NASIONAL),
        (dt.date(2026, 6, 1), "Hari Lahir Pancasila", LIBUR_NASIONAL),
        (dt.date(2026, 6, 16), "1 Muharam Tahun Baru Islam 1448 Hijriah", LIBUR_NASIONAL),
        (dt.date(2026, 8, 17), "Proklamasi Kemerdekaan Republik Indonesia", LIBUR_NASIONAL),
        (dt.date(2026, 8, 25), "Maulid Nabi Muhammad S.A.W.", LIBUR_NASIONAL),
        (dt.date(2026, 12, 24), "Cuti Bersama Kelahiran Yesus Kristus", CUTI_BERSAMA),
        (dt.date(2026, 12, 25), "Kelahiran Yesus Kristus", LIBUR_NASIONAL),
    ],
}
SUMBER = {2026: SUMBER_2026}
