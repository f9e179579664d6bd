"""Backups that restore (docs/operations.md): deploy/backup.sh takes the
database and the media of a portal with an article, its images, votes and
revisions; deploy/restore.sh puts them into a new database and an empty media
folder; an app server started on the copy shows readers and staff everything
they saw before."""

import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from articles.uploads import upload_body_image
from articles.writing import store_article
from images.renditions import fallback_name
from tests.factories import image_upload, make_article, make_user
from tests.ratings.factories import make_votes
from tests.servers import ROOT, Browser, app_server, postgres_url, run_redis_url

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def run(script, folder, database_url, media_root, cache_prefix):
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(media_root),
        "REDIS_URL": run_redis_url(),
        "CACHE_KEY_PREFIX": cache_prefix,
        "PYTHON": sys.executable,
    }
    subprocess.run(
        [str(ROOT / "deploy" / script), str(folder)], cwd=ROOT, env=environment, check=True
    )


@pytest.fixture
def new_database_url():
    """The URL of a database that does not exist yet, dropped after the test."""
    name = f"vpcp_restored_{uuid.uuid4().hex[:8]}"
    yield postgres_url(name)
    with psycopg.connect(postgres_url("postgres"), autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def seed_newsroom():
    """An article with a lead image, a body image, three votes and two
    revisions, and a superuser to look at them."""
    body_image = upload_body_image(image=image_upload("hoi-nghi.jpg", size=(900, 600)), by=None)
    article = make_article(
        title="Bản một",
        lead_image=image_upload("anh-dai-dien.jpg"),
        body=(
            f'<p>Mở đầu.</p><figure class="figure"><img src="{body_image.url}" alt="Hội nghị"'
            f' data-file="{body_image.pk}"></figure>'
        ),
    )
    article.title = "Bản hai"
    store_article(article=article)
    make_votes(article, [5, 4, 3])
    make_user("quantri", superuser=True)
    return article, body_image


def test_a_backup_restored_into_a_new_database_and_media_folder_shows_the_same_site(
    settings, tmp_path, new_database_url
):
    article, body_image = seed_newsroom()
    media_root = Path(settings.MEDIA_ROOT)
    prefix = f"restore-{uuid.uuid4().hex[:8]}"
    restored_media = tmp_path / "media-restored"

    run("backup.sh", tmp_path / "backup", postgres_url(), media_root, prefix)
    run("restore.sh", tmp_path / "backup", new_database_url, restored_media, prefix)

    with app_server(
        new_database_url,
        DJANGO_MEDIA_ROOT=str(restored_media),
        DJANGO_SERVE_MEDIA="1",
        REDIS_URL=run_redis_url(),
        CACHE_KEY_PREFIX=prefix,
    ) as base:
        reader = Browser(base)
        status, page = reader.request(article.get_absolute_url())
        assert status == 200
        assert "Bản hai" in page
        images = set(re.findall(r"/media/[^\s\"',]+", page))
        # The body image's public rendition (its `url` is the staff address).
        assert settings.MEDIA_URL + fallback_name(body_image.renditions["body"]) in images
        assert article.image_large.url in images
        for url in images:
            status, _, served = reader.raw(url)
            assert status == 200, url
            assert served == (media_root / url.removeprefix("/media/")).read_bytes()

        status, ratings = reader.request(f"/api/ratings/{article.pk}/")
        assert '"count": 3' in ratings and '"average": 4.0' in ratings

        staff = Browser(base)
        assert staff.sign_in("quantri", "mat-khau-123") == 200
        status, revisions = staff.request(f"/quan-tri/articles/article/{article.pk}/phien-ban/")
        assert status == 200
        assert "Bản một" in revisions and "Bản hai" in revisions
