"""The desk's side of `make bench-front`, run in an app server's environment
(its release folder, its DATABASE_URL, Redis and FRONT_PURGE_URLS), so that
a publish purges the front exactly as one from the admin does.

    python bench/front_desk.py

It prints one JSON line: the pages to time (the newest article, its
category, the other categories, more articles), then writes a draft in the
newest article's category and waits. A line on stdin publishes the draft
(through `publish_article`, as an approver's button does); it answers with
a JSON line (the draft's address, the publish's duration in seconds, the
keys it expired, which its server purges at the front), waits
for the delayed second purge to go out, and exits.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vpcp_portal.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from articles.models import Article  # noqa: E402
from articles.taxonomy import Category  # noqa: E402
from articles.workflow.services import publish_article  # noqa: E402
from articles.writing import store_article  # noqa: E402
from pagecache import pages_expired  # noqa: E402
from pagecache.front import POLL_SECONDS  # noqa: E402

OTHER_ARTICLES = 20


def pages():
    """The home page, the newest article, its category, every other category
    and the next newest articles (addresses)."""
    newest = list(Article.objects.published().order_by("-published_at")[: OTHER_ARTICLES + 1])
    article = newest[0]
    categories = [
        category.get_absolute_url()
        for category in Category.objects.order_by("pk")
        if category.pk != article.category_id
    ]
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "category": article.category.get_absolute_url(),
        "category_id": article.category_id,
        "other_categories": categories,
        "other_articles": [each.get_absolute_url() for each in newest[1:]],
    }


def main():
    found = pages()
    approver, _ = get_user_model().objects.get_or_create(
        username="bench-approver", defaults={"is_staff": True, "is_superuser": True}
    )
    draft = store_article(
        article=Article(
            title=f"Tin mới của bàn biên tập {int(time.time())}",
            summary="Bài viết được xuất bản giữa lúc bench đo trang qua Varnish.",
            body="<p>Nội dung bài viết mới.</p>",
            category_id=found["category_id"],
            status=Article.Status.DRAFT,
            created_by=approver,
        )
    )
    print(json.dumps(found), flush=True)
    sys.stdin.readline()
    expired = set()
    pages_expired.connect(lambda keys, **_: expired.update(keys), weak=False)
    started = time.monotonic()
    publish_article(article=draft, by=approver)
    took = time.monotonic() - started
    answer = {"published": draft.get_absolute_url(), "seconds": took, "keys": sorted(expired)}
    print(json.dumps(answer), flush=True)
    time.sleep(POLL_SECONDS + 3)  # the second purge goes out POLL_SECONDS + 1 after the first


if __name__ == "__main__":
    main()
