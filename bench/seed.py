"""The bench's data: a fresh database, articles, votes, captchas and the
proofs of work their votes pay, and the
pgbench ceiling's two tables. Runs inside the bench process once Django is set
up (run.py), except `recreate_database` and `prepare_pgbench`, which need only
PostgreSQL."""

import io
import multiprocessing
import subprocess
import time
from urllib.parse import quote

PGBENCH_SCHEMA = """
DROP TABLE IF EXISTS bench_pg_vote, bench_pg_summary;
CREATE TABLE bench_pg_vote (
    id bigserial PRIMARY KEY,
    article_id integer NOT NULL,
    score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
    voter_token varchar(64) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bench_pg_vote_article_idx ON bench_pg_vote (article_id, created_at);
CREATE TABLE bench_pg_summary (article_id integer PRIMARY KEY, count integer NOT NULL DEFAULT 0,
                               total integer NOT NULL DEFAULT 0);
INSERT INTO bench_pg_summary (article_id) SELECT generate_series(1, 100);
"""
# One durable vote as PostgreSQL alone would store it: one transaction, one
# INSERT into a votes-like table and one UPDATE of the article's counter row.
PGBENCH_VOTE = """\\set aid random(1, 100)
\\set score random(1, 5)
BEGIN;
INSERT INTO bench_pg_vote (article_id, score, voter_token) VALUES (:aid, :score, md5(random()::text));
UPDATE bench_pg_summary SET count = count + 1, total = total + :score WHERE article_id = :aid;
COMMIT;
"""


def recreate_database(server, name):
    """Drop and create database `name` on `server` (a postgres:// URL without a database)."""
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")


def prepare_pgbench(database_url, folder):
    """The ceiling's tables in the bench database; returns the pgbench script's path."""
    subprocess.run(["psql", "-q", database_url], input=PGBENCH_SCHEMA, text=True, check=True,
                   capture_output=True)  # fmt: skip
    script = folder / "pgbench_vote.sql"
    script.write_text(PGBENCH_VOTE)
    return script


def seed_articles(total):
    """Articles up to `total` (5 categories), written by the tests' factory
    (bench/newsroom.py) with realistic lengths: a long title, a twelve-paragraph body."""
    from articles.models import Article, Category
    from articles.writing import store_category
    from bench.newsroom import insert_articles

    categories = [
        Category.objects.filter(name=f"Chuyên mục {n}").first()
        or store_category(category=Category(name=f"Chuyên mục {n}", order=n))
        for n in range(1, 6)
    ]
    insert_articles(
        count=total - Article.objects.count(),
        categories=categories,
        title="Chính phủ chỉ đạo thi đua đổi mới sáng tạo, tin số",
        summary="Thủ tướng yêu cầu các bộ, ngành đẩy mạnh cải cách hành chính, tin",
        paragraph="<p>Các bộ, ngành, địa phương tập trung triển khai quyết liệt "
        "các nhiệm vụ, giải pháp phát triển kinh tế - xã hội.</p>",
        paragraphs=12,
        minutes_apart=7,
        featured_every=17,
        source="Theo VPCP",
    )


def seed_topic(every=3):
    """A topic ("chủ đề") holding every `every`-th article, set-based."""
    from django.db import connection

    from articles.models import Article, Topic
    from articles.writing import store_topic

    topic = Topic.objects.filter(name="Chủ đề 1").first() or store_topic(
        topic=Topic(name="Chủ đề 1")
    )
    through = Article.topics.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {through} (article_id, topic_id)
            SELECT id, %s FROM articles_article WHERE id %% %s = 0
            ON CONFLICT DO NOTHING
            """,
            [topic.pk, every],
        )
        cursor.execute(f"ANALYZE {through}")


def seed_votes(total, article_ids):
    """`total` visible votes spread over the given articles, with summaries rebuilt."""
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO ratings_vote (article_id, score, created_at, ip_hash, network_hash,
                                      user_agent_hash, voter_token, state)
            SELECT (%s::bigint[])[1 + (n %% %s)], 1 + (n::bigint * 7919 %% 5)::int,
                   now() - (n %% 100000) * interval '1 minute',
                   md5('ip' || n), md5('net' || (n / 50)), md5('ua' || (n %% 20)),
                   'bench-' || n, 'visible'
            FROM generate_series(1, %s) AS n
            """,
            [article_ids, len(article_ids), total],
        )
        cursor.execute("ANALYZE ratings_vote")
    call_command("rebuild_rating_summaries", stdout=io.StringIO())


def make_captchas(count):
    """`count` solvable captchas: (key, answer) pairs read back from the store."""
    from captcha.models import CaptchaStore

    keys = [CaptchaStore.generate_key() for _ in range(count)]
    answers = dict(CaptchaStore.objects.filter(hashkey__in=keys).values_list("hashkey", "response"))
    return [(key, answers[key]) for key in keys]


def make_proofs(count):
    """`count` proofs of work, each solved by ratings.proof.solve() for a
    fresh challenge (the documented way a script pays one) and URL-encoded
    for a form body, on every core: the `altcha` field of one vote each."""
    from ratings.proof import issue, solve

    challenges = [issue() for _ in range(count)]
    with multiprocessing.Pool() as pool:
        return [quote(payload, safe="") for payload in pool.map(solve, challenges, 200)]


def settle():
    """Let PostgreSQL finish the work seeding left (checkpoint, statistics)
    before anything is timed."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")
    time.sleep(2)


def publish(article):
    """What an editor's save does: the page generation is bumped (signals)."""
    from articles.writing import store_article

    store_article(article=article)
