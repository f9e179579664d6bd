import time
import uuid

import psycopg
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from psycopg import sql

from pagecache.generation import POLL_SECONDS, clock_generation
from tests.servers import postgres_url
from wholestack.stack import whole_stack

# The mark of every test on the `stack`: each test commits (the servers see
# its rows) and starts on a database emptied back to what the migrations
# wrote, with their rows' own keys, so that what the servers keep for as long
# as they run (the content types) stays true from one test to the next.
ON_THE_STACK = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module")
def emptied_database(django_db_setup, django_db_blocker):
    """The test database emptied whole for a module of tests on the stack,
    and left at the end as any test that commits leaves it. Emptied first: a
    test that committed before may have left the content types under other
    keys, which the first test's copy of the migrations' rows would collide
    with."""
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        ContentType.objects.clear_cache()
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()


@pytest.fixture(scope="module")
def stack(emptied_database, tmp_path_factory):
    """The stack `make stack` starts (wholestack.stack.whole_stack: nginx,
    Varnish, app servers A and B from two release folders, B a new release,
    PgBouncer, a Redis and SeaweedFS), started once per test module in front
    of the test database. Mark the module's tests ON_THE_STACK."""
    with whole_stack(postgres_url(), tmp_path_factory.mktemp("stack")) as running:
        yield running


@pytest.fixture(autouse=True)
def page_generation_ahead_of_the_stack(request):
    """For a test on the `stack`: its database was just emptied back to the
    migrations' rows, page generation included, while the servers remember
    the higher number earlier tests bumped it to and ignore a lower one (the
    number never goes back in a real database). Move it past the clock, as a
    missing row would start it, so the test's changes expire pages; then let
    POLL_SECONDS pass, after which each server reads the row on its next
    request (the clock's seconds, not a wait for a busy machine)."""
    if "stack" not in request.fixturenames:
        return
    request.getfixturevalue("stack")  # started (and emptied) first, as without this fixture
    request.getfixturevalue("transactional_db")  # then the test's rows, from the mark
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE pagecache_generation SET value = GREATEST(value, %s)", [clock_generation()]
        )
    time.sleep(POLL_SECONDS + 0.5)


@pytest.fixture
def new_database_url():
    """The URL of a database that does not exist yet (named after this run's
    database), dropped after the test."""
    name = (
        f"{connection.settings_dict['NAME'].removeprefix('test_')}_restored_{uuid.uuid4().hex[:6]}"
    )
    yield postgres_url(name)
    with psycopg.connect(postgres_url("postgres"), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
