"""Production keeps bukti in an S3-compatible bucket, configured from the environment."""

from __future__ import annotations

import json

from tests.ekinerja.test_settings import run_manage

CODE = ("import json; from django.core.files.storage import storages; s = storages['bukti']; "
        "print(json.dumps([type(s).__name__, s.bucket_name, s.endpoint_url, s.default_acl, "
        "s.file_overwrite, s.location]))")


def test_bukti_storage_from_the_environment():
    result = run_manage("shell", "-c", CODE, BUKTI_S3_BUCKET="bukti-kinerja",
                        BUKTI_S3_ENDPOINT_URL="http://127.0.0.1:9", BUKTI_S3_PREFIX="progres")
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "S3Storage", "bukti-kinerja", "http://127.0.0.1:9", "private", False, "progres"], \
        result.stderr
    result = run_manage("shell", "-c", "from django.core.files.storage import storages; "
                        "print(type(storages['bukti']).__name__, storages['bukti'].location)",
                        BUKTI_ROOT="/tmp/bukti-uji")
    assert result.stdout.strip().splitlines()[-1] == "FileSystemStorage /tmp/bukti-uji"
