"""Penilaian pages (manual §7), one module per page; every view finds its objects through an
access helper in `akses` first, and anyone else gets a 404."""
