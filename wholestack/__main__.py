"""`make stack`: the whole stack in front of a PostgreSQL database, for a
look; prints the addresses and stops everything on Ctrl-C.

    .venv/bin/python -m wholestack DATABASE_URL [--seed | --restore FOLDER]

`--restore` starts it on a backup of deploy/backup.sh instead: a new
SeaweedFS, its buckets made as always, and DATABASE_URL, which must be new
(or hold no tables), receive the backup by deploy/restore.sh before the app
servers start.
"""

import argparse
import signal
import subprocess
from pathlib import Path

import psycopg

from wholestack.app import manage
from wholestack.processes import ROOT
from wholestack.stack import whole_stack


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m wholestack", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("database_url", help="postgres://user@host:port/name (trusted, created)")
    start = parser.add_mutually_exclusive_group()
    start.add_argument("--seed", action="store_true", help="load the demo newsroom")
    start.add_argument(
        "--restore", type=Path, metavar="FOLDER", help="a backup of deploy/backup.sh to restore"
    )
    arguments = parser.parse_args(argv)
    manage(["ensure_database"], ROOT, DATABASE_URL=arguments.database_url)
    if arguments.restore is None:
        manage(["migrate", "--noinput", "-v0"], ROOT, DATABASE_URL=arguments.database_url)
    else:
        arguments.restore = arguments.restore.resolve()
        if not (arguments.restore / "database.dump").is_file():
            parser.error(f"{arguments.restore} holds no database.dump of deploy/backup.sh")
        if holds_tables(arguments.database_url):
            parser.error(
                f"{arguments.database_url} holds tables: restore into a new database "
                "(another STACK_DATABASE_URL)"
            )
    # SIGTERM stops the stack as Ctrl-C does (everything started is stopped);
    # SIGINT is set again, as a shell starting this in the background ignores it.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.default_int_handler)
    try:
        with whole_stack(arguments.database_url, restore=arguments.restore) as stack:
            if arguments.seed:
                # With the servers' media settings: the demo's images go to the bucket.
                manage(
                    ["seed_demo"],
                    stack.releases[0],
                    DATABASE_URL=arguments.database_url,
                    REDIS_URL=stack.redis.url,
                    **stack.store.portal_env(),
                )
            print(f"Readers: {stack.front}/  (nginx -> Varnish -> A, B)")
            for name, server in zip("AB", stack.servers, strict=True):
                print(f"App server {name}: {server}/  log: {stack.logs[name]}")
            print(f"Varnish: {stack.varnish.base}/   media (S3): {stack.store.endpoint}/")
            print(f"Redis: {stack.redis.url}   PostgreSQL through PgBouncer: {stack.pooled}")
            print(f"The servers' environment: set -a; . {stack.env_file}; set +a")
            print(f"Metrics: curl -H 'Authorization: Bearer {stack.metrics_token}' "
                  f"{stack.servers[0]}/metrics")  # fmt: skip
            print(f"Every server's files: {stack.env_file.parent}/ (removed when it stops)")
            print("Ctrl-C stops everything.", flush=True)
            signal.pause()
    except KeyboardInterrupt:
        print("Stopped.")
    except subprocess.CalledProcessError as error:
        # Its own words are above; everything started is stopped.
        raise SystemExit(f"{error.cmd[0]} failed: stopped.") from None


def holds_tables(database_url):
    """Whether the database of `database_url` has tables already (pg_restore
    would stop on the first one it makes again)."""
    with psycopg.connect(database_url) as connection:
        query = "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        return connection.execute(query).fetchone()[0] > 0


if __name__ == "__main__":
    main()
