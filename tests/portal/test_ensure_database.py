"""`manage.py ensure_database`, the first step of `make serve`: creates the
PostgreSQL database named in DATABASE_URL when it is missing, once."""

import os
import subprocess
import sys

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from tests.servers import ROOT

pytestmark = pytest.mark.system


@pytest.fixture
def missing_database():
    """(URL, name) of a database that does not exist yet; dropped afterwards."""
    server = conninfo_to_dict(os.environ["DATABASE_URL"])
    name = f"{server['dbname']}_ensure"
    admin = make_conninfo(os.environ["DATABASE_URL"], dbname="postgres")
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(drop)
    user, host, port = server.get("user", ""), server.get("host", ""), server.get("port", "")
    yield f"postgres://{user}@{host}:{port or 5432}/{name}", name
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(drop)


def ensure_database(url):
    return subprocess.run(
        [sys.executable, "manage.py", "ensure_database"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_a_missing_database_is_created_once(missing_database):
    url, name = missing_database

    assert f"Created database {name}." in ensure_database(url).splitlines()
    assert "Created database" not in ensure_database(url)
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT current_database()").fetchone() == (name,)
