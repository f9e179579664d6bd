"""`make bench-front`: readers at the front's speed.

Starts the whole stack (wholestack: nginx -> Varnish -> two app servers ->
PgBouncer -> PostgreSQL) on the demo newsroom and times, through its front
door (nginx, then Varnish: the path a reader's request takes):

1. the cached article, home and category pages against a plain nginx
   serving each page's exact bytes (fetched through the front) as a static
   file, same machine, same wrk settings, in alternating runs, once asking
   for no compression (the plain page on both sides) and once for gzip (the
   front's gzipped page, a gzip_static copy of the same bytes): req/s of
   each, the ratio front / static (the median of the pairs' ratios), and
   p50/p99 through the front;
2. the minute after a publish: readers over home, articles and categories,
   steady, then while the desk publishes an article (as an approver does,
   which purges its keys at the front): p99 after / steady p99, and the
   renders (app servers' page-cache misses) and backend fetches (Varnish's
   MAIN.backend_req) of that minute against the pages the publish changed
   (those carrying a purged key).

    .venv/bin/python bench/front_speed.py [--duration 5] [--after 60]
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import stack as load
from bench.front_static import StaticNginx, backend_fetches, fetch, renders
from wholestack.app import manage
from wholestack.processes import ROOT
from wholestack.stack import whole_stack

HERE = Path(__file__).resolve().parent
TARGETS = {"front_over_static": 0.5, "after_publish_p99": 2.0}
SIDES = ("front", "varnish", "static", "front_gzip", "static_gzip")
GZIP = "Accept-Encoding: gzip"
DATABASE = "postgres://postgres@127.0.0.1:5432/vpcp_bench_front"


def log(text):
    print(f"{time.strftime('%H:%M:%S')} {text}", file=sys.stderr, flush=True)


def load_average():
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def pair_ratios(fronts, statics):
    """Front req/s over static req/s, run by run (runs paired in order)."""
    return [front["rps"] / static["rps"] for front, static in zip(fronts, statics, strict=True)]


def median_run(runs):
    """The run of median req/s."""
    return sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]


def comparison(result, front_side, static_side):
    """The front's median run against the static nginx's, and the median
    paired ratio with its verdict, as printed."""
    front, static = median_run(result[front_side]), median_run(result[static_side])
    ratio = statistics.median(pair_ratios(result[front_side], result[static_side]))
    verdict = "ok" if ratio >= TARGETS["front_over_static"] else "MISS"
    return (
        f"front {front['rps']:>6.0f} req/s  static {static['rps']:>6.0f} req/s  "
        f"front/static {ratio:.2f} (target >= {TARGETS['front_over_static']}: {verdict})  "
        f"front p50 {front['p50_ms']:.2f} ms p99 {front['p99_ms']:.2f} ms  "
    )


def page_row(name, result):
    """One printed row of the side-by-side timing of a page: the front (and
    Varnish alone, when timed) against the static nginx, plain and, when
    timed, gzipped."""
    sides = [run for side, runs in result.items() if side in SIDES for run in runs]
    row = f"{name:<9} plain: {comparison(result, 'front', 'static')}"
    if result.get("varnish"):
        alone = statistics.median(pair_ratios(result["varnish"], result["static"]))
        row += f"varnish alone {median_run(result['varnish'])['rps']:>6.0f} ({alone:.2f})  "
    row += f"{result['bytes']} bytes"
    if result.get("front_gzip"):
        row += f"  gzip: {comparison(result, 'front_gzip', 'static_gzip')}"
        row += f"{result['gzip_bytes']} bytes"
    return row + f"  errors {sum(run['errors'] for run in sides)}  load {result['load']}"


def publish_rows(result):
    """The printed rows of the minute after a publish."""
    steady, after = result["steady"], result["after"]
    ratio = after["p99_ms"] / steady["p99_ms"]
    verdict = "ok" if ratio <= TARGETS["after_publish_p99"] else "MISS"
    return [
        f"steady   {steady['rps']:>8.0f} req/s  p50 {steady['p50_ms']:.2f} ms  "
        f"p99 {steady['p99_ms']:.2f} ms  renders {result['steady_renders']}  "
        f"backend fetches {result['steady_fetches']} in {result['steady_s']} s  "
        f"load {result['steady_load']}",
        f"publish  {after['rps']:>8.0f} req/s  p50 {after['p50_ms']:.2f} ms  "
        f"p99 {after['p99_ms']:.2f} ms  renders {result['renders']}  "
        f"backend fetches {result['fetches']} in {result['after_s']} s  "
        f"errors {steady['errors'] + after['errors']}  load {result['after_load']}",
        f"p99 after / steady {ratio:.2f} (target <= {TARGETS['after_publish_p99']}: {verdict}); "
        f"pages the publish changed: {result['changed']} of {result['pages']} read "
        f"({', '.join(result['changed_paths'])}) + the new article; "
        f"keys purged: {' '.join(result['purged_keys'])}; "
        f"publish took {result['publish_s']:.2f} s",
    ]


def wrk(base, path, args, seconds=None, script=None, script_args=(), header=None):
    """One wrk run with the bench's settings; `header` ("Name: value") is sent
    with every request."""
    seconds = seconds or args.duration
    command = load.wrk_command(
        base + path, seconds, args.connections, args.wrk_threads, script, script_args
    )
    if header:
        command[-1:-1] = ["-H", header]  # before the URL
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    return load.parse_wrk(output)


def side_by_side(sides, path, args):
    """Alternating wrk runs of `path` at each of `sides` ({side: (base URL,
    header or None)})."""
    for base, header in sides.values():
        wrk(base, path, args, 2, header=header)
    runs = {side: [] for side in sides}
    for _ in range(args.runs):
        for side, (base, header) in sides.items():
            runs[side].append(wrk(base, path, args, header=header))
    return runs


def cached_pages(stack, paths, args):
    """Part 1: each page through the front against its bytes from a static nginx."""
    bodies, gzipped = {}, {}
    for path in paths.values():
        for kept, asked in ((bodies, {}), (gzipped, {"Accept-Encoding": "gzip"})):
            fetch(stack.front + path, asked)  # the fill
            status, headers, kept[path] = fetch(stack.front + path, asked)
            log(f"{path} {asked}: {status}, X-Cache {headers.get('X-Cache')}, "
                f"Content-Encoding {headers.get('Content-Encoding')}, {len(kept[path])} bytes")  # fmt: skip
    static = StaticNginx(bodies, gzipped)
    try:
        results = {}
        for name, path in paths.items():
            log(f"{name} ({path}): front and static, {args.runs} runs each, alternating")
            results[name] = {
                **side_by_side(
                    {
                        "front": (stack.front, None),
                        "varnish": (stack.varnish.base, None),
                        "static": (static.base, None),
                        "front_gzip": (stack.front, GZIP),
                        "static_gzip": (static.base, GZIP),
                    },
                    path,
                    args,
                ),
                "bytes": len(bodies[path]),
                "gzip_bytes": len(gzipped[path]),
                "load": load_average(),
            }
            print(page_row(name, results[name]), flush=True)
        return results
    finally:
        static.stop()


def desk(stack):
    """The desk's process (bench/front_desk.py) in app server A's environment;
    returns it and the pages it listed."""
    process = subprocess.Popen(
        [sys.executable, "bench/front_desk.py"],
        cwd=stack.releases[0],
        env={**os.environ, **stack.env, "DJANGO_HTTPS": "0", "DJANGO_LOG_LEVEL": "WARNING"},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    return process, json.loads(process.stdout.readline())


def after_publish(stack, process, mix, args):
    """Part 2: steady readers over `mix`, then readers while the desk publishes."""
    file = Path(stack.env_file).parent / "front-mix.txt"
    file.write_text("".join(f"{path}\n" for path in mix))
    script, front = HERE / "pages.lua", stack.front
    wrk(front, mix[0], args, 5, script, (file,))
    keys = {
        path: set(fetch(stack.servers[0] + path)[1].get("Surrogate-Key", "").split())
        for path in set(mix)
    }
    before = (renders(stack), backend_fetches(stack.varnish), load_average())
    steady = wrk(front, mix[0], args, args.steady, script, (file,))
    counted = (renders(stack), backend_fetches(stack.varnish))
    log(f"readers for {args.after} s, the desk publishes at +1 s")
    readers = load.wrk_in_background(
        front, mix[0], args.after, args.connections, args.wrk_threads, script, (file,)
    )
    time.sleep(1)
    process.stdin.write("publish\n")
    process.stdin.flush()
    published = json.loads(process.stdout.readline())
    after = load.parse_wrk(readers.communicate()[0])
    after_load = load_average()
    process.wait(60)
    purged = set(published["keys"])
    changed = sorted(path for path in set(mix) if keys[path] & purged)
    return {
        "steady": steady, "after": after, "steady_s": args.steady, "after_s": args.after,
        "steady_renders": counted[0] - before[0], "steady_fetches": counted[1] - before[1],
        "renders": renders(stack) - counted[0],
        "fetches": backend_fetches(stack.varnish) - counted[1],
        "steady_load": before[2], "after_load": after_load,
        "pages": len(set(mix)), "changed": len(changed), "changed_paths": changed,
        "purged_keys": sorted(purged), "publish_s": published["seconds"],
    }  # fmt: skip


def commit():
    found = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
    )
    return found.stdout.strip() or "unknown"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=DATABASE, help="created if missing, migrated, seeded")
    parser.add_argument("--duration", type=int, default=5, help="seconds a timed run")
    parser.add_argument("--runs", type=int, default=3, help="alternating runs per side")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--steady", type=int, default=30, help="seconds of steady readers")
    parser.add_argument("--after", type=int, default=60, help="seconds of readers after a publish")
    args = parser.parse_args(argv)
    print(f"commit {commit()}  {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  "
          f"load {load_average()}  wrk -t{args.wrk_threads} -c{args.connections} "
          f"-d{args.duration}s x{args.runs}", flush=True)  # fmt: skip
    log(f"database {args.database}: created, migrated")
    manage(["ensure_database"], ROOT, DATABASE_URL=args.database)
    manage(["migrate", "--noinput", "-v0"], ROOT, DATABASE_URL=args.database)
    log("starting the whole stack")
    with whole_stack(args.database, new_release=False) as stack:
        log("seeding the demo newsroom")
        manage(["seed_demo"], stack.releases[0], DATABASE_URL=args.database,
               REDIS_URL=stack.redis.url, **stack.store.portal_env())  # fmt: skip
        process, found = desk(stack)
        try:
            paths = {"article": found["article"], "home": "/", "category": found["category"]}
            print("front: wrk -> nginx -> Varnish (hits), the readers' path; varnish alone: "
                  "wrk -> Varnish (ratio to static in brackets); static: wrk -> a plain nginx "
                  "serving the same bytes; plain: wrk asks for no compression, gzip: wrk asks "
                  "for gzip (both sides); medians of alternating runs", flush=True)  # fmt: skip
            cached_pages(stack, paths, args)
            mix = [*paths.values()] * 5 + found["other_categories"] + found["other_articles"]
            print(f"the minute after a publish: readers over {len(set(mix))} pages "
                  f"(home, the newest article and its category 5 times each, "
                  f"{len(found['other_categories'])} other categories, "
                  f"{len(found['other_articles'])} other articles)", flush=True)  # fmt: skip
            for row in publish_rows(after_publish(stack, process, mix, args)):
                print(row, flush=True)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


if __name__ == "__main__":
    main()
