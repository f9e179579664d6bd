"""The front of the stack: nginx with deploy/nginx.conf and Varnish with
deploy/varnish.vcl, each run unprivileged from a folder of its own on a free
loopback port."""

import grp
import json
import os
import pwd
import re
import shutil
import subprocess
from pathlib import Path

from wholestack.processes import (
    ANSWER_SECONDS,
    ROOT,
    STARTUP_SECONDS,
    daemon,
    free_port,
    server_folder,
    stop_session,
    wait_until_up,
)

NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def run_workers_as_owner_of(folder, prefix):
    """The `user` directive that has nginx's workers read `folder` as its owner
    does, with the `prefix` handed to that owner too.

    Started unprivileged, nginx's workers are its own user: nothing to do, and
    an empty directive (nginx would warn that it ignores `user`). Started as
    root, they would drop to "nobody", which cannot enter a checkout inside a
    folder only its owner may open (a `mktemp -d` folder, a home folder).
    """
    if os.geteuid() != 0:
        return ""
    owner = Path(folder).resolve().stat()
    os.chown(prefix, owner.st_uid, owner.st_gid)
    return f"user {pwd.getpwuid(owner.st_uid).pw_name} {grp.getgrgid(owner.st_gid).gr_name};"


def start_nginx(prefix, served, base):
    """nginx in the foreground with `prefix`/nginx.conf (and its logs/ and
    tmp/ folders), its workers running as the owner of the folder `served`;
    returns the process once `base`/healthz answers. Raises RuntimeError
    with nginx's last words and its error log when it does not come up."""
    process = subprocess.Popen(
        [
            daemon("nginx"),
            *("-p", f"{prefix}/", "-c", "nginx.conf"),
            *("-g", f"daemon off; {run_workers_as_owner_of(served, prefix)}"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        wait_until_up(base + "/healthz", process, 60)
    except RuntimeError:
        log = Path(prefix) / "logs" / "error.log"
        said = log.read_text() if log.exists() else ""
        raise RuntimeError(process.stderr.read().decode()[-2000:] + said[-2000:]) from None
    return process


class Nginx:
    """deploy/nginx.conf in a prefix folder, balancing `upstreams` (base
    URLs), serving `static_root` and `media_root` itself. `extra` is written
    into the server block (the bench trusts wrk's X-Forwarded-For there, as
    nginx would trust a CDN's; the test adds nothing). The prefix is
    `prefix` (a new temporary folder when None), removed by stop()."""

    def __init__(self, upstreams, static_root, media_root, extra="", prefix=None):
        self.prefix = server_folder(prefix, "bench-nginx-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        for name in ("logs", "tmp"):
            (self.prefix / name).mkdir()
        (self.prefix / "static").symlink_to(Path(static_root).resolve())
        (self.prefix / "media").symlink_to(Path(media_root).resolve())
        (self.prefix / "listen.conf").write_text(f"listen 127.0.0.1:{self.port};\n")
        (self.prefix / "upstreams.conf").write_text(
            "".join(
                f"server {url.removeprefix('http://')} max_fails=2 fail_timeout=5s;\n"
                for url in upstreams
            )
        )
        (self.prefix / "extra.conf").write_text(extra)
        shutil.copy(NGINX_CONF, self.prefix / "nginx.conf")
        self.process = start_nginx(self.prefix, static_root, self.base)

    def stop(self):
        stop_session(self.process)
        shutil.rmtree(self.prefix, ignore_errors=True)


class Varnish:
    """deploy/varnish.vcl in a varnishd on `port` (a free loopback port by
    default), in front of `backends` (base URLs), taking purges from the
    loopback address. Its files live in `folder` (a new temporary folder
    when None), removed by stop()."""

    def __init__(self, backends, port=None, folder=None):
        self.folder = server_folder(folder, "test-varnish-")
        self.backends = list(backends)
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        site = ['acl purgers { "127.0.0.1"; }\n']
        for number, url in enumerate(backends):
            host, port = url.removeprefix("http://").split(":")
            site.append(
                f'backend app{number} {{ .host = "{host}"; .port = "{port}"; .probe = readyz; }}\n'
                f"sub vcl_init {{ portal.add_backend(app{number}); }}\n"
            )
        (self.folder / "site.vcl").write_text("".join(site))
        shutil.copy(ROOT / "deploy" / "varnish.vcl", self.folder / "varnish.vcl")
        self.workdir = self.folder / "work"
        self.process = subprocess.Popen(
            [
                daemon("varnishd"),
                *("-F", "-j", "none", "-n", str(self.workdir)),
                *("-a", f"127.0.0.1:{self.port}", "-f", str(self.folder / "varnish.vcl")),
                *("-p", f"vcl_path={self.folder}", "-s", "malloc,64m"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            wait_until_up(self.base + "/healthz", self.process, STARTUP_SECONDS)
        except RuntimeError:
            raise RuntimeError(self.process.stderr.read().decode()[-3000:]) from None

    def _tool(self, *command):
        """The output of one of Varnish's tools (varnishlog, varnishstat,
        varnishadm) run on this instance."""
        return subprocess.run(
            [command[0], "-n", str(self.workdir), *command[1:]],
            capture_output=True,
            text=True,
            timeout=ANSWER_SECONDS,
            check=True,
        ).stdout

    def purges(self):
        """The xkey-purge header of every PURGE Varnish received so far, in order."""
        log = self._tool(
            *("varnishlog", "-d", "-g", "request"),
            *("-q", 'ReqMethod eq "PURGE"', "-i", "ReqHeader"),
        )
        return [
            found.group(1).strip()
            for found in re.finditer(r"ReqHeader\s+xkey-purge:(.*)", log, re.I)
        ]

    def purged(self):
        """How many stored objects each PURGE removed, in order (the count
        xkey.purge returns, in the reason of Varnish's answer)."""
        log = self._tool(
            *("varnishlog", "-d", "-g", "request"),
            *("-q", 'ReqMethod eq "PURGE"', "-i", "RespReason"),
        )
        return [int(found) for found in re.findall(r"RespReason\s+Purged (\d+)", log)]

    def fetches(self, path):
        """How each request Varnish sent its backend for `path` so far began,
        in its log: "fetch" (a miss) or "bgfetch" (a refresh while the
        expired page is served from grace)."""
        log = self._tool("varnishlog", "-d", "-b", "-i", "Begin,BereqURL")
        found = []
        for transaction in log.split("<< BeReq")[1:]:
            reason = re.search(r"Begin\s+bereq \d+ (\w+)", transaction)
            url = re.search(r"BereqURL\s+(\S+)", transaction)
            if reason and url and url.group(1) == path:
                found.append(reason.group(1))
        return found

    def counter(self, name):
        """A counter of varnishstat, e.g. MAIN.n_obj_purged (objects purged so far)."""
        stats = json.loads(self._tool("varnishstat", "-1", "-j", "-f", name))
        return stats["counters"][name]["value"]

    def healthy(self):
        """Whether Varnish's probes find every backend up (it sends no
        request to a backend it holds sick)."""
        listing = json.loads(self._tool("varnishadm", "backend.list", "-j"))[3]
        return all(backend["probe_message"][2] == "healthy" for backend in listing.values())

    def stop(self):
        stop_session(self.process)
        shutil.rmtree(self.folder, ignore_errors=True)
