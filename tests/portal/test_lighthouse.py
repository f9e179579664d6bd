"""Lighthouse (mobile, Debian's Chromium) at 100 for accessibility, best
practices and SEO on the home, category, article and search pages and the
agency's pages (Giới thiệu, Liên hệ, English, feeds, site map) of the demo
newsroom served by the production stack. Performance is a timing of
this machine: `make audit` prints it, no test asserts it."""

import tempfile

import pytest

from bench import audit
from tests.browsers import needs_chromium
from wholestack.processes import free_port

pytestmark = [
    pytest.mark.browser,
    pytest.mark.system,
    needs_chromium,
    pytest.mark.skipif(not audit.LIGHTHOUSE.exists(), reason="make test installs lighthouse"),
]
CATEGORIES = ("accessibility", "best-practices", "seo")


@pytest.fixture(scope="module")
def portal():
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        process = audit.serve(tmp, port)
        base = f"http://127.0.0.1:{port}"
        try:
            audit.wait_until_up(base, process)
            yield base
        finally:
            process.terminate()
            process.wait(10)


@pytest.mark.parametrize("page", ["home", "category", "article", "search", *audit.AGENCY_PAGES])
def test_lighthouse_scores_100_for_accessibility_best_practices_and_seo(portal, page):
    path = audit.public_pages(portal)[page]

    scores, failing = audit.lighthouse(portal + path, CATEGORIES)

    assert scores == dict.fromkeys(CATEGORIES, 100), failing
