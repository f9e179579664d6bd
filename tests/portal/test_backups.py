"""Backups that restore, on the stack `make stack` starts (docs/operations.md,
"Backups that restore"), with the commands that section gives: deploy/backup.sh
in a new shell with the servers' environment takes the stack's database and
both media buckets, holding an article with its images, votes and revisions;
`make stack STACK_ARGS="--restore FOLDER"` starts a second stack whose new
database and new SeaweedFS's buckets receive it (deploy/restore.sh), and
which shows readers and staff everything they saw before, its images from
the new buckets; Ctrl-C leaves nothing of it behind."""

import os
import re
import shlex
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from articles.uploads import upload_body_image
from articles.writing import store_article
from images.renditions import fallback_name
from tests.factories import image_upload, make_article, make_user
from tests.portal.conftest import ON_THE_STACK
from tests.ratings.factories import make_votes
from tests.servers import ANSWER_SECONDS, ROOT, Browser, postgres_url
from wholestack.seaweedfs import PRIVATE_BUCKET, PUBLIC_BUCKET, ObjectStore, anonymous_get

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


def in_a_fresh_shell(script):
    """`script` run by sh in the checkout as an operator's new shell does
    (only PATH and HOME from this run's environment); returns its output."""
    env = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    done = subprocess.run(
        ["sh", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@contextmanager
def make_stack(database_url, stack_args, **env):
    """`make stack STACK_DATABASE_URL=... STACK_ARGS=...` in a new shell, as
    docs/operations.md has the operator type it, with `env` set there too;
    yields what it printed (up to "Ctrl-C stops everything."), then stops it
    as Ctrl-C does and waits for everything to end."""
    command = f"make stack STACK_DATABASE_URL={database_url} STACK_ARGS={shlex.quote(stack_args)}"
    env = {**{name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}, **env}
    process = subprocess.Popen(
        ["sh", "-c", command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # a terminal of its own: Ctrl-C reaches make and its child
    )
    printed = ""
    try:
        for line in process.stdout:
            printed += line
            if line.startswith("Ctrl-C stops everything."):
                break
        assert "Ctrl-C stops everything." in printed, printed
        yield printed
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
        try:
            printed += process.communicate(timeout=ANSWER_SECONDS)[0]
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert "Stopped." in printed, printed


def printed_address(printed, label):
    """The address `make stack` printed after `label` (without its last /)."""
    return re.search(re.escape(label) + r" (http://\S+?)/", printed).group(1)


def test_a_backup_restored_by_make_stack_shows_the_same_site(
    stack, tmp_path, new_database_url, uploads_to_the_stacks_buckets, settings
):
    article, body_image = seed_newsroom()
    names = {
        article.image_large.url.removeprefix(settings.MEDIA_URL),
        fallback_name(body_image.renditions["body"]),
    }
    backup = tmp_path / "vpcp-backup"

    # docs/operations.md, "Backups that restore", on the stack of make stack:
    # the backup in a second shell with the servers' environment it printed.
    in_a_fresh_shell(
        f"set -a; . {stack.env_file}; set +a\n"
        f"DATABASE_URL={stack.database} deploy/backup.sh {backup}"
    )
    # A third shell: a second stack, restored from it.
    with make_stack(new_database_url, f"--restore {backup}") as printed:
        front = printed_address(printed, "Readers:")
        media = printed_address(printed, "media (S3):")
        folder = Path(re.search(r"log: (\S+)/server-A\.log", printed).group(1))
        assert f"Restored {backup} into the database and the media stores" in printed
        new_store = ObjectStore(media)
        assert set(new_store.keys(PRIVATE_BUCKET)) == set(stack.store.keys(PRIVATE_BUCKET))

        reader = Browser(front)
        status, page = reader.request(article.get_absolute_url())
        assert status == 200
        assert "Bản hai" in page
        assert stack.store.endpoint not in page
        new_media = f"{media}/{PUBLIC_BUCKET}/"
        images = set(re.findall(re.escape(new_media) + r"[^\s\"',]+", page))
        assert {new_media + name for name in names} <= images
        original = stack.store.client()
        for url in images:
            status, content_type = anonymous_get(url)
            assert status == 200, url
            assert content_type in ("image/jpeg", "image/webp"), url
            name = url.removeprefix(new_media)
            kept = original.get_object(Bucket=PUBLIC_BUCKET, Key=name)
            restored = new_store.client().get_object(Bucket=PUBLIC_BUCKET, Key=name)
            assert restored["Body"].read() == kept["Body"].read(), url

        # The docs' look with curl: every image the home page links answers 200.
        answers = in_a_fresh_shell(CURL_IMAGES.format(front=front, media=media))
        assert answers.split() and set(answers.split()[::2]) == {"200"}, answers

        status, ratings = reader.request(f"/api/ratings/{article.pk}/")
        assert '"count": 3' in ratings and '"average": 4.0' in ratings

        staff = Browser(front)
        assert staff.sign_in("quantrisaoluu", "mat-khau-123") == 200
        status, revisions = staff.request(f"/quan-tri/articles/article/{article.pk}/phien-ban/")
        assert status == 200
        assert "Bản một" in revisions and "Bản hai" in revisions
    # Ctrl-C stopped it all, and its folder (SeaweedFS's data and sockets too) is gone.
    assert not folder.exists()


def test_make_stack_restores_into_a_new_database_only(tmp_path):
    (tmp_path / "database.dump").write_bytes(b"")
    refused = subprocess.run(
        [sys.executable, "-m", "wholestack", postgres_url(), "--restore", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 2
    assert "holds tables: restore into a new database" in refused.stderr


# docs/operations.md's curl, with the addresses make stack printed.
CURL_IMAGES = (
    "curl -s {front}/ | grep -o '{media}/vpcp-media/[^\" ,]*' | sort -u"
    " | xargs -n1 curl -s -o /dev/null -w '%{{http_code}} %{{url_effective}}\\n'"
)
