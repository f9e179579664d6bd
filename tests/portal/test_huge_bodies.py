"""The attacker's 300 MiB body, on a real gunicorn: streamed to the read
beacon, the vote API, the rating page and search, with a Content-Length or
chunked, it is answered 413 before it is read, and no temporary file
appears while it streams (the app server's temp dir is watched)."""

import http.client
import json
import socket
import tempfile
import threading
from pathlib import Path

import pytest

from tests.servers import ANSWER_SECONDS, app_server, servers_database_url

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

MIB = 1024 * 1024
HUGE = 300 * MIB
BOUNDARY = "b0undary"
ENDPOINTS = [
    ("POST", "/api/doc/1/"),
    ("POST", "/api/ratings/1/"),
    ("POST", "/danh-gia/1/"),
    ("GET", "/tim-kiem/?q=tin"),
]


@pytest.fixture
def server():
    """(host, port, temp dir) of a gunicorn whose temporary files go to a
    folder of the test's own."""
    url = servers_database_url()
    with tempfile.TemporaryDirectory() as temp, app_server(url, TMPDIR=temp) as base:
        host, port = base.removeprefix("http://").split(":")
        yield host, int(port), Path(temp)


class Upload:
    """A multipart upload of `size` bytes streamed in the background (with a
    Content-Length or chunked) while the answer is read; records the most
    files the temp dir held while it streamed."""

    def __init__(self, address, method, path, size, chunked, temp):
        self.sock = socket.create_connection(address, timeout=ANSWER_SECONDS)
        self.temp, self.size, self.chunked = temp, size, chunked
        self.sent, self.most_temp_files = 0, 0
        self.opening = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n'
        ).encode()
        length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
        self.sock.sendall(
            (
                f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: Mozilla/5.0\r\n"
                f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n{length}\r\n\r\n"
            ).encode()
        )
        self.thread = threading.Thread(target=self._stream, daemon=True)
        self.thread.start()

    def _piece(self, data):
        return f"{len(data):x}\r\n".encode() + data + b"\r\n" if self.chunked else data

    def _stream(self):
        block = b"\0" * MIB
        try:
            self.sock.sendall(self._piece(self.opening))
            while self.sent < self.size:
                self.sock.sendall(self._piece(block))
                self.sent += len(block)
                self.most_temp_files = max(self.most_temp_files, len(list(self.temp.iterdir())))
        except OSError:
            return  # the server closed the connection: it read no more

    def answer(self):
        """The status code and text of the answer (JSON decoded to text)."""
        response = http.client.HTTPResponse(self.sock)
        response.begin()
        body = response.read()
        self.sock.close()
        self.thread.join(ANSWER_SECONDS)
        if response.getheader("Content-Type", "").startswith("application/json"):
            return response.status, json.dumps(json.loads(body), ensure_ascii=False)
        return response.status, body.decode()


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_300_mib_body_is_answered_413_without_a_temporary_file(server, chunked):
    host, port, temp = server
    for method, path in ENDPOINTS:
        upload = Upload((host, port), method, path, HUGE, chunked, temp)

        status, body = upload.answer()

        assert status == 413, (method, path, body[:200])
        assert "Dữ liệu gửi lên quá lớn" in body
        assert upload.most_temp_files == 0
        assert upload.sent < HUGE  # answered before it was all sent
    assert list(temp.iterdir()) == []
