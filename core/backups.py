"""Copying the media stores to a folder and back (deploy/backup.sh and
deploy/restore.sh, docs/operations.md "Backups that restore").

Both stores are copied, whichever backend holds them (folders, or S3
buckets): `default`, the public one, into `<folder>/public`, and `private`,
the uploads not yet approved and the clean originals, into
`<folder>/private`. Names are kept: pages and rows name files by them.
"""

import posixpath
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.storage import storages

STORES = {"default": "public", "private": "private"}


def stored_names(storage, folder=""):
    """Every file name in `storage` under `folder`, depth first; none when
    the store's folder does not exist yet."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, posixpath.join(folder, sub) if folder else sub)


def back_up(folder):
    """Copy every file of both stores into `folder` (a local path, created);
    returns {store folder: number of files copied}."""
    counts = {}
    for alias, name in STORES.items():
        storage, target = storages[alias], Path(folder) / name
        target.mkdir(parents=True, exist_ok=True)
        counts[name] = 0
        for stored in stored_names(storage):
            copy = target / stored
            copy.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(stored, "rb") as source, copy.open("wb") as out:
                for chunk in source.chunks():
                    out.write(chunk)
            counts[name] += 1
    return counts


def restore(folder):
    """Put every file of a back_up `folder` into the stores under its own
    name; a name already there is left as it is (a file is never changed in
    place: every upload and rendition gets a new name), so a restore that
    stopped halfway may be run again. Returns {store folder: number of files
    written}. Raises FileNotFoundError when `folder` holds no backup, and
    ImproperlyConfigured when a store renames a file it is given."""
    folder = Path(folder)
    if not all((folder / name).is_dir() for name in STORES.values()):
        raise FileNotFoundError(f"{folder} holds no media backup (public/ and private/)")
    counts = {}
    for alias, name in STORES.items():
        storage, source = storages[alias], folder / name
        counts[name] = 0
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            stored = path.relative_to(source).as_posix()
            if storage.exists(stored):
                continue
            with path.open("rb") as content:
                saved = storage.save(stored, File(content, name=stored))
            if saved != stored:
                raise ImproperlyConfigured(f"the {alias} store renamed {stored} to {saved}")
            counts[name] += 1
    return counts
