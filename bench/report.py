"""The bench's table: every row against the bare-Django baseline, the pgbench
ceiling, the minute after a publish, the rows through nginx, the scale rows
and the revision comparison; also written to bench/results/latest.json."""

import json
import os
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
TARGETS = {
    "healthz": 0.9,  # the portal's /healthz against the bare Django view
    "article": 0.8,  # the cached article page against the bare Django view
    "after_publish_p99": 2.0,  # p99 the minute after a publish, against the steady p99
    "scale": 1.2,  # 100 articles against 100,000 articles + 1,000,000 votes
    "vote_peer": 2.0,  # a vote against django-star-ratings + simple-captcha (shared peers harness)
    "compare_growth": 30,  # comparing ten times the words: far less than 100 times the time
}


def peer_vote():
    """The vote row of the shared peers harness's last run, if one is on this
    machine (PEERS_ROOT, default /tmp/peers; ../shared/peers/README.md), as
    one line: that run's own figures, not this bench's."""
    root = os.environ.get("PEERS_ROOT", "/tmp/peers")  # noqa: S108 (the harness's own folder)
    latest = Path(root) / "results" / "latest.json"
    try:
        run = json.loads(latest.read_text())
        row = next(r for r in run["rows"] if r["key"] == "vote_captcha")
    except (OSError, ValueError, KeyError, StopIteration):
        return None
    meta = run["meta"]
    return (
        f"peers ({meta['when']}, portal commit {meta['versions'].get('portal commit')}, load "
        f"{'-'.join(map(str, row['load_avg']))}): vote with a real captcha {row['product']['median_rps']:.0f} "
        f"req/s, django-star-ratings + simple-captcha {row['peer']['median_rps']:.0f} req/s, "
        f"median pair ratio {row['median_pair_ratio']:.2f} (target ≥ {TARGETS['vote_peer']})"
    )


def ratios(results):
    """Fill in each row's ratio to the baseline row (the first)."""
    baseline = results["rows"][0]["rps"]
    for row in results["rows"]:
        row["ratio"] = round(row["rps"] / baseline, 3)
    for row in results.get("nginx", []):
        row["ratio"] = round(row["rps"] / baseline, 3)


def write(results):
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False))


def _target(name, ratio):
    limits = {"/healthz": TARGETS["healthz"], "article page": TARGETS["article"]}
    if name not in limits:
        return ""
    return f"≥ {limits[name]} {'ok' if ratio >= limits[name] else 'MISSED'}"


def print_table(results):
    print()
    print(
        f"{'row':<40} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'÷ bare':>7}  target"
    )
    for row in results["rows"]:
        print(
            f"{row['row']:<40} {row['rps']:>9.1f} {row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f} "
            f"{row['errors']:>7} {row['ratio']:>7.2f}  {_target(row['row'], row['ratio'])}"
        )
        if "attacker_rps" in row:
            print(
                f"{'':<40} readers' renders {row['renders']}; attacker {row['attacker_rps']:.0f} "
                f"req/s (301 to the canonical URL, or junk cookies), renders {row['attacker_renders']}"
            )
    if pg := results.get("pgbench"):
        vote = next(r for r in results["rows"] if r["row"] == "vote POST")
        print(
            f"{'pgbench: 1 INSERT + 1 UPDATE per txn':<40} {pg['rps']:>9.1f} "
            f"(mean {pg['mean_ms']:.2f} ms); vote POST ÷ pgbench = {vote['rps'] / pg['rps']:.3f}"
        )
    if peer := peer_vote():
        print(peer)
    if after := results.get("after_publish"):
        steady, fresh = after["steady"], after["after"]
        limit = TARGETS["after_publish_p99"]
        ratio = fresh["p99_ms"] / steady["p99_ms"]
        print()
        print(
            f"article page (and home), the minute after a publish: readers over {after['pages']} "
            f"paths (home and the newest article 5 times each, 40 other articles), a publish "
            f"at +{after['publish_at_s']} s:"
        )
        print(
            f"  steady   {steady['rps']:>9.1f} req/s  p99 {steady['p99_ms']:.2f} ms  "
            f"renders {steady.get('renders')}"
        )
        print(
            f"  publish  {fresh['rps']:>9.1f} req/s  p99 {fresh['p99_ms']:.2f} ms  "
            f"renders {fresh.get('renders')}, stale answers {fresh.get('stale')}, "
            f"errors {fresh['errors']}; p99 ÷ steady p99 = {ratio:.2f} "
            f"(≤ {limit} {'ok' if ratio <= limit else 'MISSED'})"
        )
    if results.get("nginx"):
        print()
        print("through nginx (deploy/nginx.conf) in front of two app servers:")
        for row in results["nginx"]:
            print(
                f"  {row['row']:<38} {row['rps']:>9.1f} {row['p50_ms']:>8.2f} {row['p99_ms']:>8.2f} "
                f"{row['errors']:>7} {row['ratio']:>7.2f}"
            )
    if results.get("scale"):
        print()
        print(f"{'scale row':<28} {'100 art. req/s':>15} {'100k art.+1M votes':>19} {'ratio':>7}")
        for row in results["scale"]:
            print(
                f"{row['row']:<28} {row['small']['rps']:>15.1f} {row['large']['rps']:>19.1f} "
                f"{row['ratio']:>7.2f}"
            )
    if compare := results.get("compare"):
        _print_compare(compare)
    if classifier := results.get("captcha_classifier"):
        print()
        print(
            f"captcha image, a softmax classifier trained on {classifier['train']:,} labelled "
            f"captchas (bench/captcha_classifier.py): {classifier['captchas']:.0%} of "
            f"{classifier['test']} new captchas read right, {classifier['letters']:.0%} of their "
            f"letters ({classifier['seconds']} s; a figure, not a gate)"
        )
    meta = results["meta"]
    print()
    print(
        f"{meta['when']}, {meta['cores']} cores, load {meta['load_before']}→{meta['load_after']}; "
        f"{meta['workers']} workers x {meta['threads']} threads per server, "
        f"{meta['connections']} connections, median of {meta['runs']} runs of "
        f"{meta['duration_s']} s per row, cache {meta['cache']}. ÷ bare = req/s of the row ÷ "
        f"req/s of the bare Django view. Scale ratios ≤ {TARGETS['scale']}, zero errors. "
        f"Written to bench/results/{RESULTS.name}."
    )


def _print_compare(compare):
    edited, rewritten = compare["edited"], compare["rewritten"]
    sizes = list(edited)
    growth = edited[sizes[-1]] / edited[sizes[0]]
    limit = TARGETS["compare_growth"]
    print()
    print("comparing two revisions (the compare page's diff), ms of one core, best of 5:")
    for words in sizes:
        print(
            f"  {int(words):>6,} words: five edits {edited[words]:>8.1f} ms, "
            f"rewritten {rewritten[words]:>8.1f} ms"
        )
    print(
        f"  {sizes[-1]} ÷ {sizes[0]} words, edited: {growth:.1f} "
        f"(≤ {limit} {'ok' if growth <= limit else 'MISSED'})"
    )
