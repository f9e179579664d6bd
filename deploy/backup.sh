#!/bin/sh
# Back up the portal into FOLDER: the PostgreSQL database (pg_dump's custom
# format, database.dump), then both media stores, folders or S3 buckets
# (manage.py backup_media: media/public and media/private).
# docs/operations.md, "Backups that restore".
#
#   DATABASE_URL=postgres://vpcp@db:5432/vpcp deploy/backup.sh /backups/vpcp/$(date +%F)
#
# Run it from the release's checkout with the app servers' environment (the
# media settings: DJANGO_MEDIA_ROOT, or MEDIA_STORAGE=s3 and the AWS_*
# variables), except DATABASE_URL, which must reach PostgreSQL itself, not
# PgBouncer in transaction mode.
set -eu
folder=${1:?usage: deploy/backup.sh FOLDER}
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
python=${PYTHON:-.venv/bin/python}

# The backup is its owner's alone: the dump holds the staff's password hashes
# and the sessions, the media the uploads not yet approved. Every folder and
# file it writes (pg_dump's, backup_media's) is made under this umask, and a
# folder given that existed already is closed too.
umask 077
mkdir -p "$folder"
chmod 700 "$folder"
# The database first: every file its rows name was written before the dump
# began (uploads are stored before their row), so the media copy taken after
# the dump holds them all; files uploaded meanwhile are merely extra.
pg_dump --format=custom --file="$folder/database.dump" "$DATABASE_URL"
"$python" manage.py backup_media "$folder/media"
echo "Backed up to $folder: database.dump, media/"
