#!/bin/sh
# Back up the portal into FOLDER: the PostgreSQL database (pg_dump's custom
# format, database.dump), then the uploaded media (media.tar.gz).
# docs/operations.md, "Backups that restore".
#
#   DATABASE_URL=postgres://vpcp@db:5432/vpcp DJANGO_MEDIA_ROOT=/srv/vpcp/media \
#     deploy/backup.sh /backups/vpcp/$(date +%F)
#
# DATABASE_URL must reach PostgreSQL itself, not PgBouncer in transaction mode.
set -eu
folder=${1:?usage: deploy/backup.sh FOLDER}
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
media=${DJANGO_MEDIA_ROOT:-media}

mkdir -p "$folder"
# The database first: every file its rows name was written before the dump
# began (uploads are stored before their row), so the media copy taken after
# the dump holds them all; files uploaded meanwhile are merely extra.
pg_dump --format=custom --file="$folder/database.dump" "$DATABASE_URL"
tar -C "$media" -czf "$folder/media.tar.gz" .
echo "Backed up to $folder: database.dump, media.tar.gz"
