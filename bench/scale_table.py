"""`make bench BENCH_ARGS=--scale`: every scale row (bench/scale_rows.py) on a
copy of a 100-article template and on a copy of a large one, side by side,
with the targets: a public page within 1.5× of its 100-article figure, a
staff page under 300 ms.

Templates are made once and kept (bench/template.py); each run copies them.
Databases are named after BENCH_SCALE_PREFIX (default `vpcp_bench`):
<prefix>_tpl_<articles>_<votes> for a template, <prefix>_scale_0 and
<prefix>_scale_1 for the copies being timed (dropped at the end). The two
sizes are timed in turn, `--scale-rounds` rounds of `--scale-runs` requests
a row, and each row shows the median of its rounds. Figures go to stdout and
to bench/results/scale.json.
"""

import json
import os
import statistics
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


def _working_copy(template_name, working, env):
    """The environment of a fresh, migrated copy `working` of `template_name`."""
    template.copy(template_name, working)
    # In process, no static files are served: their names need no manifest.
    env = {**env, "DATABASE_URL": f"{PG}/{working}", "DJANGO_STATIC_MANIFEST": "0"}
    # A template made before the latest migrations catches up on its copy.
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                   cwd=ROOT, env=env, check=True)  # fmt: skip
    return env


def _figures(env, runs):
    """One round of the scale rows on the database of `env`."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.scale_rows", "--runs", str(runs)],
        cwd=ROOT, env=env,
        check=True, stdout=subprocess.PIPE, text=True,
    ).stdout  # fmt: skip
    return json.loads(output.strip().splitlines()[-1])


def _alternated(templates, runs, rounds, env):
    """{size: {row: figure}} from `rounds` rounds that time the sizes in
    turn, small then large, each row's figure the median of its rounds'
    medians: the load of a shared machine moves within minutes, and sizes
    timed one after the other compared two moments as much as two sizes."""
    copies = {size: f"{PREFIX}_scale_{index}" for index, size in enumerate(templates)}
    try:
        envs = {size: _working_copy(name, copies[size], env) for size, name in templates.items()}
        timed = {size: [] for size in templates}
        for turn in range(rounds):
            for size in templates:
                log(f"scale rows, round {turn + 1} of {rounds}: {size[0]:,} articles")
                timed[size].append(_figures(envs[size], runs))
    finally:
        for working in copies.values():
            template._drop(working)
    return {size: _median_of(rounds_) for size, rounds_ in timed.items()}


def _median_of(rounds):
    """The rows of the first round, each with the median of its rounds' ms
    and the first status other than 200 any round had (an error page's
    quick answer is not a figure)."""
    merged = {}
    for name, figure in rounds[0].items():
        times = [round_[name]["ms"] for round_ in rounds if name in round_]
        statuses = [round_[name]["status"] for round_ in rounds if name in round_]
        status = next((status for status in statuses if status != 200), 200)
        merged[name] = {
            **figure,
            "ms": round(statistics.median(times), 1),
            "status": status,
            "rounds": times,
        }
    return merged


def _verdict(name, small, large):
    if any(word in name for word in STAFF_ROWS):
        return f"< {STAFF_LIMIT_MS} ms {'ok' if large['ms'] < STAFF_LIMIT_MS else 'MISSED'}"
    ratio = large["ms"] / max(small["ms"], 0.1)
    return f"× {ratio:.2f} (≤ {PUBLIC_LIMIT}) {'ok' if ratio <= PUBLIC_LIMIT else 'MISSED'}"


def run(*, articles, votes, runs, rounds):
    """Seed what is missing, time both sizes in alternating rounds, print
    and write the table."""
    env = server_env(False)
    seeded = {}
    names = {}
    for size in (SMALL, (articles, votes)):
        names[size] = f"{PREFIX}_tpl_{size[0]}_{size[1]}"
        seeded[names[size]] = template.ensure(names[size], articles=size[0], votes=size[1], env=env)
    load_before = round(os.getloadavg()[0], 1)
    figures = _alternated(names, runs, rounds, env)
    small, large = figures[SMALL], figures[(articles, votes)]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    meta = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "load_before": load_before,
        "load_after": round(os.getloadavg()[0], 1),
        "runs": runs,
        "rounds": rounds,
        "articles": articles,
        "votes": votes,
        "seeded_s": seeded,
        "template_bytes": template.size(names[(articles, votes)]),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"meta": meta, "small": small, "large": large}, indent=2))
    print(
        f"Scale rows, {meta['when']}, commit {commit}, load {load_before}–{meta['load_after']}, "
        f"in-process, median of {rounds} alternating rounds' medians of {runs} "
        f"(page cache off); template "
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
    run(
        articles=args.scale_articles,
        votes=args.scale_votes,
        runs=args.scale_runs,
        rounds=args.scale_rounds,
    )
    log(f"scale rows done in {time.monotonic() - started:.0f} s")
