"""`make bench BENCH_ARGS=--scale`: every scale row (bench/scale_rows.py) on a
copy of a 100-article template and on a copy of a large one, side by side,
with the targets: a public page within 1.5× of its 100-article figure, a
staff page under 300 ms.

Templates are made once and kept (bench/template.py); each run copies them.
Databases are named after BENCH_SCALE_PREFIX (default `vpcp_bench`):
<prefix>_tpl_<articles>_<votes> for a template, <prefix>_scale for the copy
being timed (dropped at the end). Figures go to stdout and to
bench/results/scale.json.
"""

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import template
from bench.environment import PG, ROOT, log, server_env

PREFIX = os.environ.get("BENCH_SCALE_PREFIX", "vpcp_bench")
RESULTS = Path(__file__).resolve().parent / "results" / "scale.json"
SMALL = (100, 1000)  # articles, votes
PUBLIC_LIMIT = 1.5  # a public page at scale against the same page at 100 articles
STAFF_LIMIT_MS = 300
STAFF_ROWS = ("admin", "dashboard", "CSV")


def _figures(template_name, runs, env):
    """The scale rows timed on a fresh copy of `template_name`."""
    working = f"{PREFIX}_scale"
    template.copy(template_name, working)
    # In process, no static files are served: their names need no manifest.
    env = {**env, "DATABASE_URL": f"{PG}/{working}", "DJANGO_STATIC_MANIFEST": "0"}
    try:
        # A template made before the latest migrations catches up on its copy.
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                       cwd=ROOT, env=env, check=True)  # fmt: skip
        output = subprocess.run(
            [sys.executable, "-m", "bench.scale_rows", "--runs", str(runs)],
            cwd=ROOT, env=env,
            check=True, stdout=subprocess.PIPE, text=True,
        ).stdout  # fmt: skip
    finally:
        template._drop(working)
    return json.loads(output.strip().splitlines()[-1])


def _verdict(name, small, large):
    if any(word in name for word in STAFF_ROWS):
        return f"< {STAFF_LIMIT_MS} ms {'ok' if large['ms'] < STAFF_LIMIT_MS else 'MISSED'}"
    ratio = large["ms"] / max(small["ms"], 0.1)
    return f"× {ratio:.2f} (≤ {PUBLIC_LIMIT}) {'ok' if ratio <= PUBLIC_LIMIT else 'MISSED'}"


def run(*, articles, votes, runs):
    """Seed what is missing, time both sizes, print and write the table."""
    env = server_env(False)
    seeded = {}
    names = {}
    for size in (SMALL, (articles, votes)):
        names[size] = f"{PREFIX}_tpl_{size[0]}_{size[1]}"
        seeded[names[size]] = template.ensure(names[size], articles=size[0], votes=size[1], env=env)
    load_before = round(os.getloadavg()[0], 1)
    log("scale rows at 100 articles")
    small = _figures(names[SMALL], runs, env)
    log(f"scale rows at {articles:,} articles and {votes:,} votes")
    large = _figures(names[(articles, votes)], runs, env)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    meta = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "load_before": load_before,
        "load_after": round(os.getloadavg()[0], 1),
        "runs": runs,
        "articles": articles,
        "votes": votes,
        "seeded_s": seeded,
        "template_bytes": template.size(names[(articles, votes)]),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"meta": meta, "small": small, "large": large}, indent=2))
    print(
        f"Scale rows, {meta['when']}, commit {commit}, load {load_before}–{meta['load_after']}, "
        f"in-process median of {runs} (page cache off); template "
        f"{meta['template_bytes'] / 2**30:.2f} GiB"
    )
    print(f"{'row':32} {'100 articles':>13} {f'{articles:,} / {votes:,}':>22}  target")
    for name, figure in large.items():
        before = small.get(name)
        shown = f"{before['ms']:>10} ms" if before else f"{'—':>13}"
        status = "" if figure["status"] == 200 else f" ({figure['status']})"
        verdict = _verdict(name, before, figure) if before else ""
        print(f"{name:32} {shown} {figure['ms']:>19} ms{status}  {verdict}")
    for name, seconds in seeded.items():
        if seconds:
            print(f"seeded {name} in {seconds} s")


def main(args):
    started = time.monotonic()
    run(articles=args.scale_articles, votes=args.scale_votes, runs=args.scale_runs)
    log(f"scale rows done in {time.monotonic() - started:.0f} s")
