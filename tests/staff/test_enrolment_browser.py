"""Setting up two-step sign-in in a real browser, under the admin's CSP: the
QR code is drawn (inline SVG, nothing fetched), the secret is readable, and
the code typed from the app turns it on and shows the recovery codes."""

import pytest

from tests.browsers import DESKTOP, needs_chromium, open_context
from tests.factories import make_user
from tests.staff.signing_in import PASSWORD, app_code

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    needs_chromium,
    pytest.mark.second_factor,
]


def test_an_approver_scans_the_drawn_qr_code_and_turns_two_step_sign_in_on(browser, live_server):
    make_user("duyettin3", group="Duyệt tin")
    page = open_context(browser, DESKTOP).new_page()
    refused, fetched = [], []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(f"{live_server.url}/quan-tri/login/?next=/quan-tri/xac-thuc-hai-buoc/")
    page.fill("#id_username", "duyettin3")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    qr = page.wait_for_selector(".staff-qr svg")
    box = qr.bounding_box()
    assert box["width"] >= 120 and box["width"] == box["height"]
    secret = page.inner_text(".staff-secret")
    page.fill("#id_code", app_code(secret))
    page.click("input[type=submit]")
    page.wait_for_selector(".staff-recovery-codes")
    assert page.locator(".staff-recovery-codes li").count() == 10
    assert refused == []
    assert all(url.startswith(live_server.url) for url in fetched)
