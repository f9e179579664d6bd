"""How the bench times a row: wrk runs over a path or a script, the readers
of a cached page under junk load, and the pages the minute after a publish."""

import time
from pathlib import Path

from bench import seed, stack

HERE = Path(__file__).resolve().parent
OFFSET_PER_RUN = 12_000  # votes one run may use; 3 runs' worth per vote row


class Bench:
    def __init__(self, args, work):
        self.args, self.work = args, work

    def measure(self, base, path, script=None, script_args=(), runs=3, offset=0):
        """The median (by req/s) of `runs` wrk runs after a warm-up; errors summed.
        Vote runs start at line `offset` + run x OFFSET_PER_RUN of the votes
        file, so no captcha is sent twice."""
        a = self.args
        if not script:
            stack.wrk(base, path, 2, a.connections, a.wrk_threads)
        results = []
        for run in range(runs):
            voting = script == HERE / "vote.lua"
            extra = (*script_args, offset + run * OFFSET_PER_RUN) if voting else script_args
            results.append(
                stack.wrk(base, path, a.duration, a.connections, a.wrk_threads, script, extra)
            )
        median = sorted(results, key=lambda r: r["rps"])[len(results) // 2]
        return {**median, "errors": sum(r["errors"] for r in results), "runs": runs}

    def paths_file(self, name, paths):
        file = self.work / name
        file.write_text("".join(f"{p}\n" for p in paths))
        return file

    def under_attack(self, base, path):
        """Readers of a cached page while one client sends random query strings
        and made-up cookies; the attacker's answers are counted by kind."""
        a = self.args
        file = self.paths_file("attack.txt", [path])
        stack.wrk(base, path, 2, a.connections, a.wrk_threads)
        attacker = stack.wrk_in_background(
            base, path, a.duration + 1, 8, 1, HERE / "pages.lua", (file, "junk")
        )
        time.sleep(0.5)
        readers = stack.wrk(
            base, path, a.duration, a.connections, a.wrk_threads, HERE / "pages.lua", (file,)
        )
        attack = stack.parse_wrk(attacker.communicate()[0])
        return {**readers, "attacker_rps": attack["rps"], "attacker_renders": attack.get("renders")}

    def after_publish(self, base, paths, article):
        """Readers over many article pages: steady, then with a publish at +0.5 s."""
        a = self.args
        file = self.paths_file("pages.txt", paths)
        script = HERE / "pages.lua"
        stack.wrk(base, paths[0], 5, a.connections, a.wrk_threads, script, (file,))
        steady = stack.wrk(
            base, paths[0], a.duration, a.connections, a.wrk_threads, script, (file,)
        )
        readers = stack.wrk_in_background(
            base, paths[0], a.duration, a.connections, a.wrk_threads, script, (file,)
        )
        time.sleep(0.5)
        seed.publish(article)
        after = stack.parse_wrk(readers.communicate()[0])
        return {"pages": len(paths), "publish_at_s": 0.5, "steady": steady, "after": after}
