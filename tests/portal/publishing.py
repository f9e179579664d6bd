"""Publishing through a running app server's admin, as an approver does."""

from http.cookiejar import Cookie
from urllib.parse import urlsplit

from django.test import Client

from articles.models import Article
from tests.factories import make_user, prove_second_factor
from tests.servers import Browser


def approver(base, username, kind=Browser):
    """A browser (of class `kind`) on `base` signed in as a new approver
    (group "Duyệt tin") who has just given a second-factor code, as
    publishing asks."""
    user = make_user(username, group="Duyệt tin")
    client = Client()
    client.force_login(user)
    prove_second_factor(client, user)
    browser = kind(base)
    domain = urlsplit(base).hostname
    browser.cookies.set_cookie(session_cookie(domain, client.cookies["sessionid"].value))
    browser.request("/quan-tri/")  # the CSRF cookie
    return browser


def session_cookie(domain, value):
    """The session cookie `domain` would have set, for a urllib cookie jar."""
    fields = {"version": 0, "name": "sessionid", "value": value, "port": None}
    fields |= {"port_specified": False, "domain": domain, "domain_specified": False}
    fields |= {"domain_initial_dot": False, "path": "/", "path_specified": True}
    fields |= {"secure": False, "expires": None, "discard": True, "comment": None}
    return Cookie(**fields, comment_url=None, rest={})


def publish(browser, article):
    """Publish `article` through the admin of `browser`'s server; returns
    it as the database then has it."""
    status, page = browser.request(
        "/quan-tri/articles/article/",
        {
            "action": "publish_selected",
            "_selected_action": [article.pk],
            f"_version_{article.pk}": Article.objects.get(pk=article.pk).version,
            "csrfmiddlewaretoken": browser.cookie("csrftoken"),
        },
        headers={"Referer": browser.base + "/quan-tri/articles/article/"},
    )
    assert status == 200, (status, page[:2000])
    return Article.objects.get(pk=article.pk)
