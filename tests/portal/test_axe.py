"""axe-core, pinned in package.json, over every public page on a phone and a
desktop: no serious or critical accessibility violation."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from articles.demo_pages import seed_pages
from tests.browsers import DESKTOP, PHONE, needs_chromium
from tests.factories import make_article, make_category, make_topic

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, needs_chromium]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def public_pages():
    category = make_category(name="Chỉ đạo, điều hành")
    topic = make_topic(name="Chuyển đổi số")
    seed_pages()  # Giới thiệu, Liên hệ, English
    article = None
    for n in range(14):  # two pages of the category
        article = make_article(
            title=f"Nghị định 15/2020/NĐ-CP: hướng dẫn thi hành số {n}",
            summary="Chính phủ ban hành nghị định mới về xử phạt vi phạm hành chính.",
            body="<p>Nội dung <strong>quan trọng</strong> của nghị định.</p>",
            category=category,
        )
        article.topics.add(topic)
    return {
        "home": reverse("articles:home"),
        "category": category.get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "article": article.get_absolute_url(),
        "search": reverse("articles:search") + "?q=15%2F2020",
        "search-filtered": reverse("articles:search") + "?chuyen-muc=khong-co&q=nghi+dinh",
        "search-empty": reverse("articles:search"),
        "feeds": reverse("articles:feeds"),
        "site-map": reverse("articles:site_map"),
        "about": "/gioi-thieu/",
        "contact": "/lien-he/",
        "english": "/en/",
        "rating": reverse("ratings:rate", args=[article.pk]),
        "not-found": "/khong-co-trang-nay/",
    }


def violations(browser, url, device):
    context = browser.new_context(locale="vi-VN", bypass_csp=True, **device)
    try:
        page = context.new_page()
        page.goto(url)
        page.add_script_tag(path=str(AXE))
        found = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
    finally:
        context.close()
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def test_axe_core_is_installed_by_the_makefile():
    assert AXE.is_file(), "run `make test` (it installs axe-core from package-lock.json)"
    pinned = json.loads((Path(settings.BASE_DIR) / "package.json").read_text())
    assert pinned["devDependencies"]["axe-core"][0].isdigit()  # an exact version, not a range


def test_no_public_page_has_a_serious_accessibility_violation(browser, live_server):
    found = {}
    for name, path in public_pages().items():
        for device_name, device in (("phone", PHONE), ("desktop", DESKTOP)):
            problems = violations(browser, live_server.url + path, device)
            if problems:
                found[f"{name} ({device_name})"] = problems

    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
