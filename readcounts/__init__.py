"""Đọc nhiều: reads counted without touching the cached article page.

The article page stays cached and writes nothing. Its script sends one
`navigator.sendBeacon` per browser per article (remembered in localStorage)
to `POST /api/doc/<id>/` (`views.read_beacon`); `counting` counts it in the
pending store (`buffer`: Redis, or this process's memory without REDIS_URL)
and `folding` moves the pending counts into PostgreSQL (`models.ReadCount`,
one row per article per hour) in batches: the first beacon after every
`READS_FOLD_SECONDS` folds what came since the last fold, so no cron job is
needed. A Redis restart loses at most the counts not yet folded (one batch).

`selectors` ranks the most read articles; the `readcounts_tags` template tag
shows them beside an article, and `admin` adds the "Lượt xem" column to the
article list. This app sits above `articles`: it uses articles, articles
never uses it.
"""
