"""backup_media and restore_media (core/backups.py, run by deploy/backup.sh
and deploy/restore.sh): both media stores copied to a folder and put back
into new ones under the same names; on folders here, on S3 buckets in
tests/portal/test_backups.py."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

from images.storage import private_storage
from tests.servers import ROOT, postgres_url
from wholestack.app import deploy_script

FILES = {
    "default": {"articles/2026/12/anh.webp": b"public rendition", "tin.jpg": b"top level"},
    "private": {"body/2026/12/goc.jpg": b"clean original"},
}


def use_new_folders(settings, folder):
    """Point both stores at new, empty folders under `folder`."""
    settings.MEDIA_ROOT = folder / "media"
    private = {**settings.STORAGES["private"], "OPTIONS": {"location": folder / "private"}}
    settings.STORAGES = {**settings.STORAGES, "private": private}


def command(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_a_media_backup_restored_into_new_folders_holds_every_file_of_both_stores(
    settings, tmp_path
):
    for alias, files in FILES.items():
        for name, content in files.items():
            assert storages[alias].save(name, ContentFile(content)) == name

    assert "Copied 2 public and 1 private files." in command("backup_media", tmp_path / "backup")
    use_new_folders(settings, tmp_path / "new")
    assert "Wrote 2 public and 1 private files." in command("restore_media", tmp_path / "backup")

    for alias, files in FILES.items():
        storage = private_storage() if alias == "private" else storages[alias]
        for name, content in files.items():
            with storage.open(name, "rb") as restored:
                assert restored.read() == content
    # Run again (a restore that stopped halfway): what is there already is kept.
    assert "Wrote 0 public and 0 private files." in command("restore_media", tmp_path / "backup")


def test_restoring_from_a_folder_that_holds_no_media_backup_says_so(tmp_path):
    with pytest.raises(CommandError, match="holds no media backup"):
        command("restore_media", tmp_path / "nothing")


@pytest.mark.system
@pytest.mark.django_db
def test_deploy_backup_sh_writes_a_backup_only_its_owner_may_read(tmp_path):
    """The dump (password hashes) and the media, private ones included, as
    deploy/backup.sh writes them from stores whose files anyone may read."""
    stores = {
        "DJANGO_MEDIA_ROOT": tmp_path / "media",
        "DJANGO_PRIVATE_MEDIA_ROOT": tmp_path / "rieng",
    }
    for alias, folder in zip(FILES, stores.values(), strict=True):
        for name, content in FILES[alias].items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(content)
            (folder / name).chmod(0o644)
    backup = tmp_path / "sao-luu"

    deploy_script(
        "backup.sh", backup, ROOT, DATABASE_URL=postgres_url(),
        **{name: str(folder) for name, folder in stores.items()},
    )  # fmt: skip

    written = [backup, *backup.rglob("*")]
    assert backup / "database.dump" in written
    assert backup / "media" / "private" / "body" / "2026" / "12" / "goc.jpg" in written
    loose = [f"{oct(path.stat().st_mode & 0o777)} {path}" for path in written
             if path.stat().st_mode & 0o077]  # fmt: skip
    assert not loose
