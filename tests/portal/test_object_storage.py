"""Media in S3-compatible object storage, against a real S3 server
(SeaweedFS): an image uploaded through one app server is served to readers
through the other, and an upload not yet approved is in the private bucket,
which readers cannot read."""

import re
import urllib.request
import uuid
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.body_images import BodyImage
from articles.models import Article
from tests.articles.desk import change_form
from tests.articles.image_samples import exif_rotated_with_gps
from tests.articles.test_private_uploads import figure
from tests.factories import make_article, make_user
from tests.portal.test_two_instances import Browser
from tests.servers import ANSWER_SECONDS, app_server, database_url, poll, run_redis_url
from wholestack.processes import free_port
from wholestack.seaweedfs import (
    GRPC_SOCKET,
    PRIVATE_BUCKET,
    PUBLIC_BUCKET,
    anonymous_get,
    seaweedfs,
)

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


class StaffBrowser(Browser):
    """A signed-in staff member's browser, which can send files."""

    def sign_in(self, username, app=None):
        assert super().sign_in(username, "mat-khau-123", app) == 200
        return self

    def send_form(self, path, fields, files):
        """POST `fields` and `files` ({name: (file name, bytes)}) as
        multipart/form-data; returns the status (redirects followed)."""
        boundary = uuid.uuid4().hex
        parts = []
        fields = {**fields, "csrfmiddlewaretoken": self.cookie("csrftoken")}
        for name, value in fields.items():
            for item in value if isinstance(value, list) else [value]:
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{item}\r\n".encode()
                )
        for name, (filename, content) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": self.base + path,
            },
        )
        with self.opener.open(request, timeout=ANSWER_SECONDS) as response:
            return response.status

    def fetch(self, path):
        """(status, Content-Type) of `path`, signed in."""
        try:
            with self.opener.open(self.base + path, timeout=ANSWER_SECONDS) as response:
                response.read()
                return response.status, response.headers.get("Content-Type")
        except urllib.error.HTTPError as error:
            return error.code, None


@pytest.fixture
def store(tmp_path):
    with seaweedfs(tmp_path / "seaweedfs") as running:
        yield running


@pytest.fixture
def two_servers(store):
    url = database_url()
    shared = {
        "REDIS_URL": run_redis_url(),
        "CACHE_KEY_PREFIX": f"media-{uuid.uuid4().hex[:8]}",
        **store.portal_env(),
    }
    with app_server(url, **shared) as first, app_server(url, **shared) as second:
        yield first, second


def public_media(store, html):
    """Every address of the public bucket a page links (srcset widths dropped)."""
    prefix = re.escape(f"{store.endpoint}/{PUBLIC_BUCKET}/")
    return set(re.findall(prefix + r'[^"\s,]+', html))


def test_an_image_uploaded_through_one_server_is_served_through_the_other(store, two_servers):
    first, second = two_servers
    make_user("bientaps3", group="Biên tập viên")
    # An approver publishes with a second factor (staff.factors).
    app = TOTPDevice.objects.create(user=make_user("duyets3", group="Duyệt tin"), confirmed=True)
    raw = exif_rotated_with_gps()
    editor = StaffBrowser(first).sign_in("bientaps3")

    # Through the first server: a body image from the editor's window, and a
    # draft's lead image from its change form.
    picker = "/quan-tri/articles/article/anh-noi-dung/?CKEditorFuncNum=1"
    editor.request(picker)
    assert editor.send_form(picker, {"alt": "Hội nghị"}, {"image": ("anh.jpg", raw)}) == 200
    body_image = BodyImage.objects.get()
    draft = make_article(title="Tin có ảnh", status=Article.Status.DRAFT, body=figure(body_image))
    change = f"/quan-tri/articles/article/{draft.pk}/change/"
    editor.request(change)
    fields = {**change_form(draft), "_save": "Lưu"}
    assert editor.send_form(change, fields, {"lead_image": ("nha-rieng.pdf", raw)}) == 200
    draft.refresh_from_db()
    assert draft.image_renditions, "the upload was not taken"

    # Not approved: everything in the private bucket, nothing readable.
    private = store.keys(PRIVATE_BUCKET)
    assert len(private) > 4 and store.keys(PUBLIC_BUCKET) == []
    for key in private:
        for bucket in (PRIVATE_BUCKET, PUBLIC_BUCKET):
            assert anonymous_get(f"{store.endpoint}/{bucket}/{key}")[0] in (403, 404), key
    # Staff see the draft's images through the other server (a shared store).
    approver = StaffBrowser(second).sign_in("duyets3", app)
    status, preview = approver.request(f"/xem-truoc/{draft.pk}/")
    staff_links = set(re.findall(r'/quan-tri/anh-rieng/[^"\s,]+', preview))
    assert status == 200 and staff_links
    for link in staff_links:
        assert approver.fetch(link) == (200, "image/jpeg" if link.endswith("jpg") else "image/webp")

    # Published through the second server: readers of both see the images.
    status, _ = approver.request(
        "/quan-tri/articles/article/",
        {
            "action": "publish_selected",
            "_selected_action": [draft.pk],
            f"_version_{draft.pk}": Article.objects.get(pk=draft.pk).version,
            "csrfmiddlewaretoken": approver.cookie("csrftoken"),
        },
        headers={"Referer": second + "/quan-tri/articles/article/"},
    )
    assert status == 200
    article = Article.objects.get(pk=draft.pk)
    assert article.status == Article.Status.PUBLISHED
    pages = [Browser(server).request(article.get_absolute_url()) for server in two_servers]
    assert [status for status, _ in pages] == [200, 200]
    first_media, second_media = (public_media(store, html) for _, html in pages)
    assert first_media == second_media and len(first_media) >= 4
    large = article.image_renditions["large"]["jpeg"][-1][0]
    assert f"{store.endpoint}/{PUBLIC_BUCKET}/{large}" in first_media
    for address in first_media:
        status, content_type = anonymous_get(address)
        assert status == 200 and content_type in ("image/jpeg", "image/webp"), address

    # The originals stay private; nothing in the public bucket is the upload.
    assert set(store.keys(PRIVATE_BUCKET)) == {article.lead_image.name, body_image.image.name}
    for key in store.keys(PRIVATE_BUCKET):
        assert anonymous_get(f"{store.endpoint}/{PRIVATE_BUCKET}/{key}")[0] == 403
    client = store.client()
    for key in store.keys(PUBLIC_BUCKET):
        assert not key.endswith(".pdf")
        assert client.get_object(Bucket=PUBLIC_BUCKET, Key=key)["Body"].read() != raw


def test_the_content_security_policy_lets_pages_show_images_from_the_store(store, two_servers):
    first, _ = two_servers
    with urllib.request.urlopen(first + "/", timeout=ANSWER_SECONDS) as response:
        policy = response.headers["Content-Security-Policy"]
    (img_src,) = re.findall(r"img-src ([^;]+)", policy)
    assert store.endpoint in img_src.split()


def test_seaweedfs_keeps_its_files_in_its_folder(tmp_path, monkeypatch):
    """Its log and its sockets in its own folder, none in the temporary
    folder (where weed writes log files unless told otherwise), and the gRPC
    sockets that weed always puts in /tmp removed once it has stopped."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    folder = tmp_path / "seaweedfs"
    with seaweedfs(folder) as running:
        assert {"weed.log", "s3.sock", "filer.sock"} <= {path.name for path in folder.iterdir()}
        grpc_sockets = [
            Path(GRPC_SOCKET.format(server=server, port=running.ports[f"{server}.port.grpc"]))
            for server in ("master", "volume", "filer", "s3")
        ]
        poll(lambda: all(socket.exists() for socket in grpc_sockets), ANSWER_SECONDS)
    assert not [socket for socket in grpc_sockets if socket.exists()]
    assert list(temporary.iterdir()) == []


def test_seaweedfs_starts_on_other_ports_when_one_it_chose_was_taken_meanwhile(
    tmp_path, monkeypatch
):
    import socket

    from wholestack import seaweedfs as weed

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    chosen = iter([taken.getsockname()[1]])
    monkeypatch.setattr(weed, "free_port", lambda: next(chosen, None) or free_port())
    try:
        with weed.seaweedfs(tmp_path / "seaweedfs") as running:
            assert taken.getsockname()[1] not in running.ports.values()
            running.client().put_object(Bucket=weed.PUBLIC_BUCKET, Key="a.txt", Body=b"ok")
    finally:
        taken.close()
