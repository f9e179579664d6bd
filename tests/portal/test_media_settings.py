"""The media settings refuse, at start-up and with a message an operator can
act on, a set-up that would let readers reach uploads not yet approved."""

import os
import subprocess
import sys

import pytest

from tests.servers import ROOT

pytestmark = pytest.mark.slow  # a Django start-up in a subprocess each


def start(**env):
    """`manage.py check` with `env` over a production-like environment;
    returns (exit status, what it printed)."""
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "test-only",
        "MEDIA_STORAGE": "filesystem",
        **env,
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stdout + done.stderr


def test_a_private_media_folder_inside_the_public_one_stops_start_up(tmp_path):
    status, output = start(
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(tmp_path / "media" / "private"),
    )
    assert status != 0 and "DJANGO_PRIVATE_MEDIA_ROOT must lie outside" in output


def test_object_storage_without_a_separate_private_bucket_stops_start_up():
    status, output = start(
        MEDIA_STORAGE="s3",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9",
        AWS_STORAGE_BUCKET_NAME="vpcp-media",
        AWS_PRIVATE_BUCKET_NAME="vpcp-media",
    )
    assert status != 0 and "two different buckets" in output


def test_an_unknown_media_storage_is_named_in_the_refusal():
    status, output = start(MEDIA_STORAGE="ftp")
    assert status != 0 and "MEDIA_STORAGE must be filesystem or s3, not 'ftp'" in output


def test_the_default_set_up_starts(tmp_path):
    status, output = start(
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(tmp_path / "media-private"),
    )
    assert status == 0, output
