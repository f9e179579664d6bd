#!/bin/sh
# Restore a backup of deploy/backup.sh from FOLDER into the database of
# DATABASE_URL (created if missing; it must hold no tables) and the media
# stores of the environment (new, empty folders or buckets), then migrate.
# Run from the checkout of the release that will serve it, with that
# release's environment. docs/operations.md, "Backups that restore".
#
#   DATABASE_URL=postgres://vpcp@db:5432/vpcp_restored AWS_STORAGE_BUCKET_NAME=... \
#     deploy/restore.sh /backups/vpcp/2026-12-06
set -eu
folder=${1:?usage: deploy/restore.sh FOLDER}
: "${DATABASE_URL:?set DATABASE_URL to the database to restore into}"
python=${PYTHON:-.venv/bin/python}

"$python" manage.py ensure_database
# One transaction: a restore that fails leaves the database as empty as it was.
pg_restore --no-owner --exit-on-error --single-transaction --dbname="$DATABASE_URL" \
  "$folder/database.dump"
"$python" manage.py restore_media "$folder/media"
# A backup of an older release gets the newer migrations; migrate also expires
# every cached page, so no page cached before the restore is served after it.
"$python" manage.py migrate --noinput -v0
echo "Restored $folder into the database and the media stores"
