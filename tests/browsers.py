"""Playwright in Debian's Chromium, for the tests that judge pages as a reader
sees them. The `browser` fixture is shared through tests/conftest.py; a test
opens a context for a phone or a desktop with open_context()."""

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A reader's phone and desktop browsers (not "HeadlessChrome", which the read
# counter takes for a bot).
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; SM-A556E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Mobile Safari/537.36"
)
DESKTOP_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.0.0 Safari/537.36"
)
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "user_agent": PHONE_UA,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "user_agent": DESKTOP_UA}
# How long a page action or wait may take before the test fails: generous, as
# Chromium and the live server are slow on a busy machine; a passing wait ends
# as soon as what it waits for is there.
TIMEOUT_MS = 60_000

needs_chromium = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) or shutil.which("chromium")),
    reason="Chromium is not installed (make test installs it)",
)


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the test's own
    # database calls are plain synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def open_context(browser, device, javascript=True):
    context = browser.new_context(locale="vi-VN", java_script_enabled=javascript, **device)
    context.set_default_timeout(TIMEOUT_MS)
    return context


def sign_in_page(page, base, username, to, password="mat-khau-123"):
    """Sign `username` in on the admin's login page in `page`, then go on to
    the admin path `to` (the factories' password unless told otherwise)."""
    page.goto(f"{base}/quan-tri/login/?next={to}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
