"""`make bench`: load-test the production stack on loopback and print one table.

Starts the baseline (a bare Django project, one view, no middleware) and the
portal under the same gunicorn settings against a fresh PostgreSQL database
(and Redis when reachable), seeds data, drives each row with wrk for a bounded
time and prints every row against the baseline; then the pgbench ceiling for
votes, the article pages the minute after a publish, the article and vote rows
through nginx in front of two app servers, and the scale rows (100,000
articles and 1,000,000 votes). Stops everything it started. Figures go to
stdout and to bench/results/latest.json. Stages: stack.py (servers, wrk,
pgbench), seed.py (data), report.py (table).
"""

import argparse
import os
import random
import socket
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report, seed, stack  # noqa: E402
from bench.rows import OFFSET_PER_RUN, Bench  # noqa: E402

HERE = ROOT / "bench"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "vpcp_bench"
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
# wrk trusts nothing by itself: behind nginx the bench's readers' addresses
# arrive as a CDN in front of nginx would send them.
TRUST_WRK = "set_real_ip_from 127.0.0.1;\nreal_ip_header X-Forwarded-For;\n"


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def redis_reachable():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


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
    env.pop("REDIS_URL", None)
    if use_redis:
        env["REDIS_URL"] = REDIS
    return env


def django_setup(env):
    os.environ.update(
        {k: v for k, v in env.items() if k.startswith(("DJANGO", "DATABASE", "REDIS", "RATINGS"))}
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "vpcp_portal.settings"
    import django

    django.setup()


def manage(env, *args):
    import subprocess

    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", 5)))
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-scale", action="store_true", help="skip the 100,000-article rows")
    parser.add_argument("--no-nginx", action="store_true", help="skip the rows through nginx")
    args = parser.parse_args()

    use_redis = redis_reachable()
    env = server_env(use_redis)
    log(f"fresh database {DB_NAME}; cache: {'Redis ' + REDIS if use_redis else 'local memory'}")
    seed.recreate_database(PG, DB_NAME)
    if use_redis:
        import redis

        redis.Redis.from_url(REDIS).flushdb()  # the bench's own db number only
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    django_setup(env)
    seed.seed_articles(100)

    from django.conf import settings

    from articles.models import Article

    public = list(Article.objects.published().order_by("-published_at")[:100])
    article = public[0]
    work = Path(tempfile.mkdtemp(prefix="bench-work-"))
    bench = Bench(args, work)
    rng = random.Random(7)
    votes_file, captcha_file = work / "votes.txt", work / "captchas.txt"
    log(f"making {3 * OFFSET_PER_RUN} captchas for the vote row")
    with open(votes_file, "w") as out:
        for key, answer in seed.make_captchas(3 * OFFSET_PER_RUN):
            out.write(f"{rng.choice(public).pk} {key} {answer} {rng.randint(1, 5)}\n")
    bench.paths_file(
        "captchas.txt", (f"/captcha/image/{key}/" for key, _ in seed.make_captchas(2000))
    )
    pgbench_script = seed.prepare_pgbench(f"{PG}/{DB_NAME}", work)
    vote = (HERE / "vote.lua", (votes_file, args.wrk_threads))
    rows = [
        ("/healthz", "/healthz", None, ()),
        ("home page", "/", None, ()),
        ("category page", article.category.get_absolute_url(), None, ()),
        ("article page", article.get_absolute_url(), None, ()),
        ("search", "/tim-kiem/?q=thi+dua+doi+moi", None, ()),
        ("RSS", "/rss/", None, ()),
        ("rating GET", f"/api/ratings/{article.pk}/", None, ()),
        ("vote POST", "/", *vote),
        ("captcha image", "/", HERE / "cycle.lua", (captcha_file,)),
    ]
    results = {"rows": [], "nginx": [], "scale": []}
    load_before = round(os.getloadavg()[0], 1)
    seed.settle()
    bare = stack.Gunicorn(env, args.workers, args.threads, bare=True)
    server = stack.Gunicorn(env, args.workers, args.threads)
    try:
        # The first half minute after start-up is slower, whichever row falls
        # in it; one pass over every page first keeps it out of the table.
        log("warming up")
        for _, path, script, _ in rows:
            if not script:
                stack.wrk(server.base, path, 3, args.connections, args.wrk_threads)
        log("bare Django view (baseline)")
        results["rows"].append(
            {"row": "bare Django view", "path": "/healthz", **bench.measure(bare.base, "/healthz")}
        )
        bare.stop()
        for name, path, script, script_args in rows:
            log(f"{name}: {path if not script else script.name}")
            results["rows"].append(
                {"row": name, "path": path, **bench.measure(server.base, path, script, script_args)}
            )
        log("article page while one client sends random query strings and junk cookies")
        attack = bench.under_attack(server.base, article.get_absolute_url())
        results["rows"].append({"row": "article page, readers under junk load", **attack})
        log("pgbench ceiling")
        results["pgbench"] = stack.pgbench(
            f"{PG}/{DB_NAME}", pgbench_script, args.duration, args.connections, args.wrk_threads
        )
        log("the minute after a publish")
        # Readers crowd the home page and the newest article, the rest spread out.
        hot = ["/", article.get_absolute_url()] * 5
        pages = hot + [a.get_absolute_url() for a in public[1:41]]
        results["after_publish"] = bench.after_publish(server.base, pages, public[-1])
        if not args.no_nginx:
            second = stack.Gunicorn(env, args.workers, args.threads)
            proxy = stack.Nginx(
                [server.base, second.base], settings.STATIC_ROOT, settings.MEDIA_ROOT, TRUST_WRK
            )
            try:
                for name, path, script, script_args in (rows[3], rows[7]):
                    log(f"through nginx: {name}")
                    # Vote runs through nginx use the captchas half way between the direct runs'.
                    figures = bench.measure(
                        proxy.base, path, script, script_args, offset=OFFSET_PER_RUN // 2
                    )
                    results["nginx"].append({"row": f"{name} via nginx", **figures})
            finally:
                proxy.stop()
                second.stop()
        if not args.no_scale:
            scale(bench, env, server, article, results)
    finally:
        bare.stop()
        server.stop()
    results["meta"] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "load_before": load_before,
        "load_after": round(os.getloadavg()[0], 1),
        "workers": args.workers,
        "threads": args.threads,
        "connections": args.connections,
        "duration_s": args.duration,
        "runs": 3,
        "cache": "redis" if use_redis else "locmem",
        "targets": report.TARGETS,
    }
    report.ratios(results)
    report.write(results)
    report.print_table(results)


def scale(bench, env, server, article, results):
    """Home and article, cached and uncached, at 100 and at 100,000 articles."""
    from articles.models import Article
    from articles.page_generation import bump_page_generation

    uncached = stack.Gunicorn(
        {**env, "PAGE_CACHE_SECONDS": "0"}, bench.args.workers, bench.args.threads
    )
    rows = [
        ("home page", server, "/"),
        ("article page", server, article.get_absolute_url()),
        ("home page, uncached", uncached, "/"),
        ("article page, uncached", uncached, article.get_absolute_url()),
    ]
    try:
        small = {}
        for name, target, path in rows:
            log(f"scale, 100 articles: {name}")
            small[name] = bench.measure(target.base, path)
        log("growing to 100,000 articles and 1,000,000 votes")
        seed.seed_articles(100_000)
        ids = list(
            Article.objects.published()
            .order_by("-published_at")
            .values_list("pk", flat=True)[:20000]
        )
        seed.seed_votes(1_000_000, ids)
        bump_page_generation()
        seed.settle()
        for name, target, path in rows:
            log(f"scale, 100,000 articles: {name}")
            large = bench.measure(target.base, path)
            ratio = round(small[name]["rps"] / large["rps"], 3)
            results["scale"].append(
                {"row": name, "small": small[name], "large": large, "ratio": ratio}
            )
    finally:
        uncached.stop()


if __name__ == "__main__":
    main()
