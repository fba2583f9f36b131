"""The emulator's compressed builds: a real output.tar.gz built from a folder, served whole like KuduLite's VFS."""
from __future__ import annotations

import io
import tarfile

import pytest
import requests

from tests.emulator import Emulator
from tests.emulator.arm import APP_SERVICE_AUDIENCE


@pytest.fixture(scope="module")
def emulator():
    emu = Emulator("oryx").start()
    yield emu
    emu.stop()


def kudu_get(emu, site, path, **headers):
    app_id, secret = emu.principal("Contributor")
    token = requests.post(f"{emu.arm_url}{emu.tenant_id}/oauth2/v2.0/token", verify=emu.ca_bundle,
                          data={"client_id": app_id, "client_secret": secret, "grant_type": "client_credentials",
                                "scope": f"{APP_SERVICE_AUDIENCE}/.default"}).json()["access_token"]
    return requests.get(f"https://{site.kudu_host}/api/vfs/site/wwwroot/{path}", verify=emu.ca_bundle,
                        headers={"Authorization": f"Bearer {token}", **headers})


def test_the_archive_is_a_real_tar_gz_of_the_folder_served_whole_despite_range(emulator):
    site = emulator.site("oryx-rg", "built-django-stale")
    answer = kudu_get(emulator, site, "output.tar.gz", Range="bytes=-100")
    assert answer.status_code == 200 and "Content-Range" not in answer.headers
    with tarfile.open(fileobj=io.BytesIO(answer.content), mode="r:gz") as archive:
        names = archive.getnames()
    assert "./mysite/wsgi.py" in names and "./manage.py" in names and "." in names
    listing = {item["name"]: item for item in kudu_get(emulator, site, "").json()}
    assert listing["output.tar.gz"]["size"] == len(answer.content)
    assert "app.py" in listing, "the stale sources lie beside the archive"
