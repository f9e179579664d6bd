"""Backups that restore, on the stack `make stack` starts (docs/operations.md,
"Backups that restore"): deploy/backup.sh takes the stack's database and both
media buckets, holding an article with its images, votes and revisions;
deploy/restore.sh puts them into a new database and the new, empty buckets
of another SeaweedFS; an app server started on the copies shows readers and
staff everything they saw before, its images from the new buckets."""

import re
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from articles.uploads import upload_body_image
from articles.writing import store_article
from images.renditions import fallback_name
from tests.factories import image_upload, make_article, make_user
from tests.portal.conftest import ON_THE_STACK
from tests.ratings.factories import make_votes
from tests.servers import Browser, app_server, postgres_url
from wholestack.app import RELEASE_ENV
from wholestack.seaweedfs import PRIVATE_BUCKET, PUBLIC_BUCKET, anonymous_get, seaweedfs

pytestmark = [pytest.mark.system, ON_THE_STACK]


@pytest.fixture
def uploads_to_the_stacks_buckets(settings, stack):
    """This test's uploads go to the stack's buckets, as its servers' do
    (the storages vpcp_portal/settings/media.py makes of the same variables)."""
    env = stack.store.portal_env()
    s3 = {
        "access_key": env["AWS_ACCESS_KEY_ID"],
        "secret_key": env["AWS_SECRET_ACCESS_KEY"],
        "endpoint_url": env["AWS_S3_ENDPOINT_URL"],
        "region_name": env["AWS_S3_REGION_NAME"],
        "addressing_style": "path",
        "signature_version": "s3v4",
        "file_overwrite": False,
        "default_acl": None,
    }
    public = {**s3, "bucket_name": PUBLIC_BUCKET, "querystring_auth": False}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "images.s3.PublicS3Storage", "OPTIONS": public},
        "private": {
            "BACKEND": "images.s3.PrivateS3Storage",
            "OPTIONS": {**s3, "bucket_name": PRIVATE_BUCKET},
        },
    }
    settings.MEDIA_URL = f"{stack.store.endpoint}/{PUBLIC_BUCKET}/"


@pytest.fixture
def new_database_url():
    """The URL of a database that does not exist yet (named after this run's
    database), dropped after the test."""
    name = (
        f"{connection.settings_dict['NAME'].removeprefix('test_')}_restored_{uuid.uuid4().hex[:6]}"
    )
    yield postgres_url(name)
    with psycopg.connect(postgres_url("postgres"), autocommit=True) as admin:
        admin.execute(
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
    make_user("quantrisaoluu", superuser=True)
    return article, body_image


def run(script, folder, release, **env):
    """deploy/`script` FOLDER, from the `release` folder (which runs on this
    checkout's Python), with `env` on top of the releases' settings."""
    environment = {**RELEASE_ENV, "PATH": "/usr/bin:/bin", "PYTHON": sys.executable, **env}
    subprocess.run([f"deploy/{script}", str(folder)], cwd=release, env=environment, check=True)


def test_a_backup_restored_into_a_new_database_and_new_buckets_shows_the_same_site(
    stack, tmp_path, new_database_url, uploads_to_the_stacks_buckets, settings
):
    article, body_image = seed_newsroom()
    names = {
        article.image_large.url.removeprefix(settings.MEDIA_URL),
        fallback_name(body_image.renditions["body"]),
    }
    release = stack.releases[0]
    backup = tmp_path / "backup"

    # As the operator does, on the app servers' host, with their environment
    # (PostgreSQL itself, not PgBouncer).
    run("backup.sh", backup, release, **{**stack.env, "DATABASE_URL": stack.database})

    with seaweedfs(tmp_path / "new-store") as new_store:
        restored_env = {
            **stack.env,
            **new_store.portal_env(),
            "DATABASE_URL": new_database_url,
            "CACHE_KEY_PREFIX": f"restored-{uuid.uuid4().hex[:8]}",
        }
        run("restore.sh", backup, release, **restored_env)
        assert set(new_store.keys(PRIVATE_BUCKET)) == set(stack.store.keys(PRIVATE_BUCKET))

        with app_server(new_database_url, root=release, **restored_env) as base:
            reader = Browser(base)
            status, page = reader.request(article.get_absolute_url())
            assert status == 200
            assert "Bản hai" in page
            assert stack.store.endpoint not in page
            new_media = f"{new_store.endpoint}/{PUBLIC_BUCKET}/"
            images = set(re.findall(re.escape(new_media) + r"[^\s\"',]+", page))
            assert {new_media + name for name in names} <= images
            original = stack.store.client()
            for url in images:
                status, content_type = anonymous_get(url)
                assert status == 200, url
                assert content_type in ("image/jpeg", "image/webp"), url
                kept = original.get_object(Bucket=PUBLIC_BUCKET, Key=url.removeprefix(new_media))
                restored = new_store.client().get_object(
                    Bucket=PUBLIC_BUCKET, Key=url.removeprefix(new_media)
                )
                assert restored["Body"].read() == kept["Body"].read(), url

            status, ratings = reader.request(f"/api/ratings/{article.pk}/")
            assert '"count": 3' in ratings and '"average": 4.0' in ratings

            staff = Browser(base)
            assert staff.sign_in("quantrisaoluu", "mat-khau-123") == 200
            revisions_page = f"/quan-tri/articles/article/{article.pk}/phien-ban/"
            status, revisions = staff.request(revisions_page)
            assert status == 200
            assert "Bản một" in revisions and "Bản hai" in revisions
