"""`make stack`: the whole stack in front of a PostgreSQL database, for a
look; prints the addresses and stops everything on Ctrl-C.

    .venv/bin/python -m wholestack DATABASE_URL [--seed]
"""

import argparse
import signal

from wholestack.app import manage
from wholestack.processes import ROOT
from wholestack.stack import whole_stack


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database_url", help="postgres://user@host:port/name (trusted, created)")
    parser.add_argument("--seed", action="store_true", help="load the demo newsroom")
    arguments = parser.parse_args(argv)
    manage(["ensure_database"], ROOT, DATABASE_URL=arguments.database_url)
    manage(["migrate", "--noinput", "-v0"], ROOT, DATABASE_URL=arguments.database_url)
    # SIGTERM stops the stack as Ctrl-C does (everything started is stopped);
    # SIGINT is set again, as a shell starting this in the background ignores it.
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.default_int_handler)
    try:
        with whole_stack(arguments.database_url) as stack:
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
            print("Ctrl-C stops everything.", flush=True)
            signal.pause()
    except KeyboardInterrupt:
        print("Stopped.")


if __name__ == "__main__":
    main()
