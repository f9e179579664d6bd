"""`make bench`: load-test the production stack on loopback and print one table.

Starts gunicorn (the `make serve` configuration) against a fresh PostgreSQL
database (and Redis when reachable), seeds data, drives each row with wrk for
a bounded time, then grows the data to 100,000 articles and 1,000,000 votes
and measures the scale rows again. Stops everything it started. Figures go to
stdout and to bench/results/latest.json.
"""

import argparse
import io
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "latest.json"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "vpcp_bench"
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
TARGETS = {"article": 0.8, "vote": 0.3, "scale": 1.2}
OFFSET_PER_RUN = 12_000  # votes one run may use; make_captchas makes 3 runs' worth


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def redis_reachable():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(use_redis):
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECRET_KEY": os.environ["DJANGO_SECRET_KEY"],
        # As behind one load balancer: wrk's vote script sends each reader's
        # address in X-Forwarded-For, so the per-network limits stay as deployed.
        "TRUSTED_PROXY_COUNT": "1",
        "DJANGO_LOG_LEVEL": "INFO",
    }
    if use_redis:
        env["REDIS_URL"] = REDIS
    else:
        env.pop("REDIS_URL", None)
    return env


def django_setup(env):
    os.environ.update(
        {k: v for k, v in env.items() if k.startswith(("DJANGO", "DATABASE", "REDIS", "RATINGS"))}
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "vpcp_portal.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def recreate_database():
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DB_NAME}")


def seed_articles(total):
    """Articles up to `total` (5 categories), written with one INSERT ... SELECT."""
    from django.db import connection

    from articles.models import Category

    categories = [
        Category.objects.get_or_create(name=f"Chuyên mục {n}", defaults={"order": n})[0].pk
        for n in range(1, 6)
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM articles_article")
        start = cursor.fetchone()[0] + 1
        if start > total:
            return
        cursor.execute(
            """
            INSERT INTO articles_article
                (title, slug, summary, body, category_id, status, published_at, is_featured,
                 lead_image, lead_image_caption, image_thumb, image_large, source,
                 created_at, updated_at)
            SELECT 'Chính phủ chỉ đạo thi đua đổi mới sáng tạo, tin số ' || n,
                   'tin-so-' || n,
                   'Thủ tướng yêu cầu các bộ, ngành đẩy mạnh cải cách hành chính, tin ' || n,
                   repeat('<p>Các bộ, ngành, địa phương tập trung triển khai quyết liệt '
                          || 'các nhiệm vụ, giải pháp phát triển kinh tế - xã hội.</p>', 12),
                   (ARRAY[%s, %s, %s, %s, %s])[1 + n %% 5], 'published',
                   now() - n * interval '7 minutes', n %% 17 = 0,
                   '', '', '', '', 'Theo VPCP', now(), now()
            FROM generate_series(%s, %s) AS n
            """,
            [*categories, start, total],
        )
        cursor.execute("ANALYZE articles_article")


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


class Server:
    def __init__(self, env, workers, threads):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "vpcp_portal.wsgi:application",
                "-c",
                "vpcp_portal/gunicorn.conf.py",
            ],
            cwd=ROOT,
            env={
                **env,
                "PORT": str(self.port),
                "WEB_CONCURRENCY": str(workers),
                "GUNICORN_THREADS": str(threads),
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.base + "/readyz", timeout=2)
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.3)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()


WRK_LINE = re.compile(r"Requests/sec:\s+([\d.]+)")


def to_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def settle():
    """Let PostgreSQL finish the work seeding left (checkpoint, statistics)
    before anything is timed."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")
    time.sleep(2)


def measure(base, path, duration, connections, threads, script=None, script_args=(), runs=3):
    """The median (by requests per second) of `runs` wrk runs, after a warm-up
    that brings every worker to a steady state; errors are summed over all
    runs. One run on two shared cores is too noisy to compare rows."""
    if not script:
        wrk(base, path, 2, connections, threads)
    results = []
    for run in range(runs):
        # A script gets the run's number: the vote script starts each run on
        # captchas no earlier run used (each answers only once).
        args = (*script_args, run * OFFSET_PER_RUN) if script_args else ()
        results.append(wrk(base, path, duration, connections, threads, script, args))
    median = sorted(results, key=lambda r: r["rps"])[len(results) // 2]
    return {**median, "errors": sum(r["errors"] for r in results), "runs": runs}


def wrk(base, path, duration, connections, threads, script=None, script_args=()):
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if script:
        command += ["-s", str(script)]
    command.append(base + path)
    if script_args:
        command += ["--", *map(str, script_args)]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=duration + 60
    ).stdout
    rps = float(WRK_LINE.search(output).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    total = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors += sum(map(int, match.groups()))
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "requests": total, "errors": errors}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", 5)))
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-scale", action="store_true", help="skip the 100,000-article rows")
    args = parser.parse_args()

    use_redis = redis_reachable()
    env = server_env(use_redis)
    log(f"fresh database {DB_NAME}; cache: {'Redis ' + REDIS if use_redis else 'local memory'}")
    recreate_database()
    if use_redis:
        import redis

        redis.Redis.from_url(REDIS).flushdb()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    django_setup(env)
    seed_articles(100)

    from articles.models import Article

    public = list(Article.objects.published().order_by("-published_at")[:100])
    article = public[0]
    category = article.category
    work = ROOT / "bench" / "results"
    votes_file = work / "votes.txt"
    captcha_file = work / "captchas.txt"
    rng = random.Random(7)
    vote_budget = 3 * OFFSET_PER_RUN
    log(f"making {vote_budget} captchas for the vote row")
    with open(votes_file, "w") as out:
        for key, answer in make_captchas(vote_budget):
            out.write(f"{rng.choice(public).pk} {key} {answer} {rng.randint(1, 5)}\n")
    with open(captcha_file, "w") as out:
        for key, _ in make_captchas(2000):
            out.write(f"/captcha/image/{key}/\n")

    rows = [
        ("/healthz (baseline)", "/healthz", None, ()),
        ("home page", "/", None, ()),
        ("category page", category.get_absolute_url(), None, ()),
        ("article page", article.get_absolute_url(), None, ()),
        ("search", "/tim-kiem/?q=thi+dua+doi+moi", None, ()),
        ("RSS", "/rss/", None, ()),
        ("rating GET", f"/api/ratings/{article.pk}/", None, ()),
        ("vote POST", "/", ROOT / "bench" / "vote.lua", (votes_file, args.wrk_threads)),
        ("captcha image", "/", ROOT / "bench" / "cycle.lua", (captcha_file,)),
    ]
    results = {"rows": [], "scale": []}
    settle()
    server = Server(env, args.workers, args.threads)
    try:
        # The first half minute after start-up is slower, whichever row falls
        # in it (seen here: /healthz at 0.4 of itself in one run, the home page
        # in another); one pass over every page first keeps it out of the table.
        log("warming up")
        for _, path, script, _ in rows:
            if not script:
                wrk(server.base, path, 3, args.connections, args.wrk_threads)
        for name, path, script, script_args in rows:
            log(f"{name}: {path if not script else script.name}")
            figures = measure(
                server.base,
                path,
                args.duration,
                args.connections,
                args.wrk_threads,
                script,
                script_args,
            )
            results["rows"].append({"row": name, "path": path, **figures})
        baseline = results["rows"][0]["rps"]
        for row in results["rows"]:
            row["ratio"] = round(row["rps"] / baseline, 3)

        if not args.no_scale:
            # Each scale row twice: as served (page cache on) and rendered on
            # every request (a second server with the page cache off), which
            # shows what the queries themselves cost at either size.
            uncached = Server({**env, "PAGE_CACHE_SECONDS": "0"}, args.workers, args.threads)
            scale_rows = [
                ("home page", server, "/"),
                ("article page", server, article.get_absolute_url()),
                ("home page, uncached", uncached, "/"),
                ("article page, uncached", uncached, article.get_absolute_url()),
            ]
            try:
                small = {}
                for name, target, path in scale_rows:
                    log(f"scale, 100 articles: {name}")
                    small[name] = measure(
                        target.base, path, args.duration, args.connections, args.wrk_threads
                    )
                log("growing to 100,000 articles and 1,000,000 votes")
                seed_articles(100_000)
                ids = list(
                    Article.objects.published()
                    .order_by("-published_at")
                    .values_list("pk", flat=True)[:20000]
                )
                seed_votes(1_000_000, ids)
                from articles.page_cache import bump_page_generation

                bump_page_generation()
                settle()
                for name, target, path in scale_rows:
                    log(f"scale, 100,000 articles: {name}")
                    large = measure(
                        target.base, path, args.duration, args.connections, args.wrk_threads
                    )
                    results["scale"].append(
                        {
                            "row": name,
                            "small": small[name],
                            "large": large,
                            "ratio": round(small[name]["rps"] / large["rps"], 3),
                        }
                    )
            finally:
                uncached.stop()
    finally:
        server.stop()
        for path in (votes_file, captcha_file):
            path.unlink(missing_ok=True)

    results["meta"] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "workers": args.workers,
        "threads": args.threads,
        "connections": args.connections,
        "duration_s": args.duration,
        "cache": "redis" if use_redis else "locmem",
        "targets": TARGETS,
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print_table(results)


def print_table(results):
    print()
    print(f"{'row':<22} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'/healthz':>9}")
    for row in results["rows"]:
        print(
            f"{row['row']:<22} {row['rps']:>9.1f} {row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f} "
            f"{row['errors']:>7} {row['ratio']:>9.2f}"
        )
    if results["scale"]:
        print()
        print(f"{'scale row':<24} {'100 art. req/s':>15} {'100k art.+1M votes':>19} {'ratio':>7}")
        for row in results["scale"]:
            print(
                f"{row['row']:<24} {row['small']['rps']:>15.1f} {row['large']['rps']:>19.1f} "
                f"{row['ratio']:>7.2f}"
            )
    meta = results["meta"]
    print()
    print(
        f"targets: article page >= {TARGETS['article']} of /healthz, vote POST >= {TARGETS['vote']}, "
        f"scale ratios <= {TARGETS['scale']}, zero errors. "
        f"{meta['workers']} workers x {meta['threads']} threads, {meta['connections']} connections, "
        f"median of 3 runs of {meta['duration_s']} s per row, cache {meta['cache']}. "
        f"Written to {RESULTS.relative_to(ROOT)}."
    )


if __name__ == "__main__":
    main()
