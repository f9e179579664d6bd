"""The scale rows' data, seeded once into a PostgreSQL template database and
copied for each run (`CREATE DATABASE … TEMPLATE`): copying a seeded
database is a file copy, seeding it is minutes of INSERT … SELECT.

    python -m bench.template NAME --articles 400000 --votes 2000000

makes template NAME (migrated, seeded, vacuumed) when it does not exist;
`copy` makes a working database from it. The seeding runs in a process of its
own, because Django binds to one database per process.
"""

import argparse
import os
import subprocess
import sys
import time

from bench.environment import PG, ROOT, log

# The newest articles votes are spread over: a rating widget collects votes
# on what readers read, mostly recent articles.
VOTED_ARTICLES = 20_000


def exists(name: str) -> bool:
    """Whether database `name` exists on the bench's PostgreSQL server."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


def ensure(name: str, *, articles: int, votes: int, env: dict) -> float:
    """Seed template `name` with `articles` articles and `votes` votes unless
    it exists; returns the seconds it took (0 when it existed).

    Args:
        env: the servers' environment (DJANGO_* settings) the seeding runs with.
    Raises:
        CalledProcessError when migrating or seeding fails (the half-made
        database is dropped first).
    """
    if exists(name):
        return 0.0
    started = time.monotonic()
    log(f"seeding template {name}: {articles:,} articles, {votes:,} votes")
    _recreate(name)
    seed_env = {**env, "DATABASE_URL": f"{PG}/{name}"}
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                       cwd=ROOT, env=seed_env, check=True)  # fmt: skip
        subprocess.run(
            [sys.executable, "-m", "bench.template", name, "--articles", str(articles),
             "--votes", str(votes), "--inside"],
            cwd=ROOT, env=seed_env, check=True,
        )  # fmt: skip
    except subprocess.CalledProcessError:
        _drop(name)
        raise
    return round(time.monotonic() - started, 1)


def copy(template: str, name: str) -> None:
    """Database `name`, recreated as a copy of `template`, its files on disk
    before this returns: PostgreSQL copies the files (FILE_COPY, where its
    default since version 15 writes the whole copy through the WAL), then a
    checkpoint and a sync leave no gigabytes of writing behind to slow what
    is timed next."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        strategy = " STRATEGY = FILE_COPY" if connection.info.server_version >= 150000 else ""
        connection.execute(f"CREATE DATABASE {name} TEMPLATE {template}{strategy}")
        connection.execute("CHECKPOINT")
    os.sync()


def size(name: str) -> int:
    """Bytes database `name` takes on disk."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        return connection.execute("SELECT pg_database_size(%s)", [name]).fetchone()[0]


def _recreate(name):
    _drop(name)
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")


def _drop(name):
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _seed_inside(articles, votes):
    """Seed the database Django is set up on (run with --inside)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vpcp_portal.settings")
    import django

    django.setup()
    from django.db import connection

    from articles.models import Article
    from bench import seed

    seed.seed_articles(articles)
    seed.seed_topic()
    ids = list(
        Article.objects.published()
        .order_by("-published_at")
        .values_list("pk", flat=True)[:VOTED_ARTICLES]
    )
    seed.seed_votes(votes, ids)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name")
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--votes", type=int, required=True)
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        _seed_inside(args.articles, args.votes)
        return
    from bench.environment import server_env

    seconds = ensure(args.name, articles=args.articles, votes=args.votes, env=server_env(False))
    log(f"template {args.name}: {size(args.name) / 2**30:.2f} GiB, seeded in {seconds} s")


if __name__ == "__main__":
    main()
