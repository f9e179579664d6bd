"""The change form's heartbeat in a real browser, under the admin's CSP: it
keeps its user marked present and shows a colleague who opens the form."""

import pytest

from articles.admin import presence
from tests.browsers import DESKTOP, needs_chromium, open_context
from tests.factories import make_article, make_user

pytestmark = [pytest.mark.django_db(transaction=True), needs_chromium]


def test_the_heartbeat_shows_a_colleague_and_keeps_its_user_present(
    browser, live_server, monkeypatch
):
    monkeypatch.setattr(presence, "HEARTBEAT_SECONDS", 1)
    first = make_user("bientap1", group="Biên tập viên")
    second = make_user("bientap2", group="Biên tập viên")
    article = make_article(status="draft")
    context = open_context(browser, DESKTOP)
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    form = f"/quan-tri/articles/article/{article.pk}/change/"
    page.goto(f"{live_server.url}/quan-tri/login/?next={form}")
    page.fill("#id_username", first.username)
    page.fill("#id_password", "mat-khau-123")
    page.click("input[type=submit]")
    page.wait_for_selector("#desk-presence", state="attached")
    assert page.locator("#desk-presence").is_hidden()  # nobody else yet

    presence.others_present(article_pk=article.pk, user=second)  # the colleague opens it
    page.wait_for_selector("#desk-presence:not([hidden])")

    assert second.username in page.inner_text("#desk-presence")
    assert "Đang được chỉnh sửa bởi" in page.inner_text("#desk-presence")
    assert presence.others_present(article_pk=article.pk, user=second, mark=False) == [
        first.username
    ]
    assert refused == []
    context.close()
