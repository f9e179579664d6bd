"""CPU per request in-process, through Django's whole handler (no network, no
wrk): a figure the shared cores blur much less than req/s.

    DATABASE_URL=... DJANGO_SECRET_KEY=... .venv/bin/python bench/cpu.py PATH [PATH ...]
        [-n 2000] [--uncached] [--profile] [--queries] [--sort tottime] [--top 25]
    ... bench/cpu.py --votes [-n 2000] [--profile] [--queries]

For each PATH: 200 warm-up requests, then N timed ones; prints CPU ms per
request (process time: PostgreSQL's own CPU is not counted) and, with
--profile, the top functions of a cProfile run (--top, --sort), with --queries
the SQL of one request. --uncached turns the page cache off (PAGE_CACHE_SECONDS=0).
--votes times vote POSTs as `make bench` sends them (a real captcha and a solved
proof of work each, form
body, CSRF cookie and header, a random reader network behind one trusted
proxy, no voter cookie) on the newest public articles of the database; it
writes votes and captchas there.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--votes", action="store_true", help="time vote POSTs, not GETs")
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--uncached", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--queries", action="store_true")
    parser.add_argument("--sort", default="cumulative", help="cProfile order, e.g. tottime")
    parser.add_argument("--top", type=int, default=25, help="functions listed")
    args = parser.parse_args()
    if args.uncached:
        os.environ["PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vpcp_portal.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "INFO")
    if args.votes:
        os.environ["TRUSTED_PROXY_COUNT"] = "1"  # the readers' networks, as make bench sends them
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # The request log is written as in production, to a sink instead of stdout.
    for handler in logging.getLogger().handlers:
        handler.setStream(io.StringIO()) if hasattr(handler, "setStream") else None
    if args.votes:
        from bench.votes import time_votes

        time_votes(args, Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True))
        return
    client = Client(HTTP_HOST="127.0.0.1")
    for path in args.paths:
        for _ in range(200):
            client.get(path)
        started = time.process_time()
        for _ in range(args.n):
            status = client.get(path).status_code
        cpu = 1000 * (time.process_time() - started) / args.n
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        print(f"{path}: {cpu:.3f} ms CPU/request, status {status}, {len(queries)} queries")
        if args.queries:
            for query in queries.captured_queries:
                print("   ", query["sql"][:300])
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(args.n):
                client.get(path)
            profile.disable()
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
            print(out.getvalue())


if __name__ == "__main__":
    main()
