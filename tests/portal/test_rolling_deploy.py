"""A rolling deploy of a changed static file (docs/deployment.md, "Rolling
deploys"): two release folders, one server on each, sharing the page cache.
A page the new release rendered, served by the old release's server, links
the new release's content-hashed file, which the old server does not have;
with both releases published to the shared static folder nginx serves,
every file either release's pages link is there."""

import json
import re
import uuid
from contextlib import ExitStack

import pytest

from bench.stack import Nginx
from bench.whole_stack import RELEASE_ENV, release
from bench.whole_stack import publish_static as publish
from tests.factories import make_article
from tests.servers import Browser, app_server, postgres_url, run_redis_url

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def hashed_name(folder, name):
    """The content-hashed name of static file `name` in a release's manifest."""
    manifest = json.loads((folder / "staticfiles" / "staticfiles.json").read_text())
    return manifest["paths"][name]


def static_links(page):
    return set(re.findall(r'(?:src|href)="(/static/[^"]+)"', page))


def test_a_page_of_the_new_release_served_by_an_old_server_finds_all_its_static_files(tmp_path):
    article = make_article(title="Tin trong lúc triển khai")
    old = release(tmp_path / "release-old")
    new = release(tmp_path / "release-new", change_script=True)
    shared = tmp_path / "static"
    publish(old, shared)
    publish(new, shared)
    media = tmp_path / "media"
    media.mkdir()
    common = {
        **RELEASE_ENV,
        "REDIS_URL": run_redis_url(),
        "CACHE_KEY_PREFIX": f"rolling-{uuid.uuid4().hex[:8]}",
    }
    with ExitStack() as stack:
        old_server = stack.enter_context(app_server(postgres_url(), root=old, **common))
        new_server = stack.enter_context(app_server(postgres_url(), root=new, **common))
        nginx = Nginx([old_server, new_server], shared, media)
        stack.callback(nginx.stop)

        # The new release renders the page into the shared page cache ...
        site = {"Host": "localhost"}  # one site name, as behind the load balancer
        status, rendered = Browser(new_server).request(article.get_absolute_url(), headers=site)
        assert status == 200
        # ... and the old server answers readers with it.
        status, headers, body = Browser(old_server).raw(article.get_absolute_url(), headers=site)
        assert (status, headers["X-Page-Cache"]) == (200, "hit")
        served = body.decode()
        assert served == rendered

        new_script = next(url for url in static_links(served) if "/js/portal." in url)
        old_script = "/static/" + hashed_name(old, "js/portal.js")
        assert new_script != old_script
        # The old server alone does not have the new release's file ...
        assert Browser(old_server).raw(new_script)[0] == 404
        # ... the shared static folder has the files of both releases.
        reader = Browser(nginx.base)
        for url in static_links(served) | {old_script}:
            assert reader.raw(url)[0] == 200, url
