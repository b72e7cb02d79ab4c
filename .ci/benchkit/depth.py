#!/usr/bin/env python3
"""trail at depth (issue 21): keys pressed while an API walk fills the
window, and the CPU a held key costs beside lnav's. The harness behind
.ci/bench-depth.

Standard library only; it drives trail through bench.py's Session (a 120x40
pseudo-terminal that never answers a terminal query, read into a VT screen
model). The API is trail's Thinkst Canary emulator, served on loopback by
.ci/benchkit/emuserve with a generated log (default 400,000 events: the
walk reaches the 200,000-event window cap and goes on for 200 pages past it,
each letting the oldest page go), and trail reads it through its real canary
client, 1,000 events a page.

What is measured, and how, for each trail binary given (alternating, in one
run, against the same emulator):

- Key latency while the window fills: once the first screen has settled, `G`
  starts the walk to the end of the log. Every PERIOD seconds, while the
  walk runs, `?` is sent and the latency is the time from the write to the
  pty read after which the screen shows the help screen's title; `?` again
  closes it, timed the same way (until the title is gone). The median and
  90th percentile are reported over all presses, and over those made with
  the window at its cap (199,000 or more events loaded), where every page
  that arrives lets one go.
- RSS per 100,000 events: VmRSS from /proc/PID/status, read after each
  press with the count of loaded events the status line shows ("row N of M
  loaded"); the figure is the growth from the first sample at 50,000 or
  more events loaded to the first at 150,000 or more, per 100,000 events.
  Peak RSS is VmHWM at the end of the walk.
- The walk's time: from `G` to the status line saying the end is loaded.

Held keys (--file and --lnav-home): each trail binary and lnav open the same
JSON-lines file (trail with its detail pane taken away, `p`, so both show
the list alone; and trail as it starts, list and detail), and `g` goes to
the top (lnav opens a log at its end). Once the screen has settled, the CPU the process uses while idle for IDLE_S seconds is
read, then `j` is sent at 30 a second for HOLD_S seconds (a held key at the
usual repeat rate) while the output is read, and the CPU used from the
first press until the output is quiet again, less the idle rate over that
time, is divided by the presses. CPU is the process's threads' time on CPU
(/proc/PID/task/*/schedstat). Runs alternate between the programs.

Insights over a whole file (--big, a 1M-event log): trail opens it, `s`
opens the insights, `A` counts every page; the time is from `A` to the
pane's title saying it counts all the events of the query, and the memory
is VmHWM then. lnav's counterpart is the same counts as SQL GROUP BY
queries (actors, actions, IPs, days) run headless (`lnav -n -c ...`) on the
same file, its wall time and peak RSS (ru_maxrss of the child) taken.
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
from bench import Session, log  # noqa: E402

HELP_TITLE = "? or esc closes this"
# The status line's "row N of M loaded", or "row N of M" while a walk runs.
LOADED_RE = re.compile(r"row [\d,]+ of ([\d,]+)")
# An event row: a timestamp after at most a few cells (trail's cursor bar
# and outcome mark, lnav's left border).
ROW_RE = re.compile(r"^.{0,4}?(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) ")


def event_rows(screen):
    return [line for line in screen.lines() if ROW_RE.match(line)]
PERIOD = 0.2
WALK_TIMEOUT = 900.0
IDLE_S = 2.0
HOLD_S = 10.0
RATE = 30.0


def loaded(screen):
    for line in reversed(screen.lines()):
        m = LOADED_RE.search(line)
        if m:
            return int(m.group(1).replace(",", ""))
    return None


def walking(screen):
    # The status line says "fetching page N of M … (esc stops)", cut to the
    # width as the numbers grow; the help line offers to stop the walk.
    return any("fetching page" in line or "esc stop" in line or "stop the walk" in line for line in screen.lines())


def shown(screen):
    return any(HELP_TITLE in line for line in screen.lines())


def timed(s, key, cond, timeout=10.0):
    """Sends key and returns the seconds until cond held on screen."""
    s.run_until(lambda: True, 0.0, 0.05)  # take in what is pending first
    sent = s.elapsed()
    s.send(key)
    ok, at = s.run_until(cond, 0.0, timeout)
    if not ok or at is None:
        return None
    return max(at - sent, 0.0)


def measure(binary, cfg, work):
    env = bench.Program("trail", work).env(tempfile.mkdtemp(prefix="trail-home.", dir=work))
    env["BENCH_TOKEN"] = "bench"
    s = Session([binary, "--config", cfg, "api"], env)
    res = {"binary": binary, "open": [], "close": [], "samples": []}
    try:
        ok, _ = s.run_until(lambda: loaded(s.screen), 0.5, 60.0)
        if not ok:
            res["error"] = "no first screen"
            res["screen"] = "\n".join(s.screen.lines())
            return res
        start = time.monotonic()
        s.send(b"G")
        s.run_until(lambda: walking(s.screen), 0.0, 10.0)
        while time.monotonic() - start < WALK_TIMEOUT:
            n = loaded(s.screen)
            t_open = timed(s, b"?", lambda: shown(s.screen))
            t_close = timed(s, b"?", lambda: not shown(s.screen))
            rss = s.proc_status("VmRSS")
            res["samples"].append({"t": time.monotonic() - start, "loaded": n, "open": t_open, "close": t_close,
                                   "rss": rss})
            if not walking(s.screen):
                break
            s.run_until(lambda: False, 0.0, PERIOD)  # read on while waiting
        res["walk_s"] = time.monotonic() - start
        res["loaded_end"] = loaded(s.screen)
        res["hwm"] = s.proc_status("VmHWM")
        res["screen"] = "\n".join(s.screen.lines())
    finally:
        s.close()
    return res


def held(s, presses_per_s=RATE, seconds=HOLD_S):
    """CPU seconds per press of a held `j`, the idle rate taken off."""
    s.run_until(lambda: True, 0.5, 10.0)
    c0, t0 = s.cpu_seconds()[0], time.monotonic()
    s.run_until(lambda: False, 0.0, IDLE_S)
    idle_rate = (s.cpu_seconds()[0] - c0) / (time.monotonic() - t0)
    c1, t1 = s.cpu_seconds()[0], time.monotonic()
    n = int(seconds * presses_per_s)
    for i in range(n):
        s.send(b"j")
        due = t1 + (i + 1) / presses_per_s
        while time.monotonic() < due:
            s._read(due - time.monotonic())
    s.run_until(lambda: True, 0.5, 30.0)
    c2, t2 = s.cpu_seconds()[0], time.monotonic()
    return {"presses": n, "cpu_per_press": (c2 - c1 - idle_rate * (t2 - t1)) / n, "idle_rate": idle_rate,
            "screen": "\n".join(s.screen.lines())}


def measure_held(make, detail_off):
    s = make()
    try:
        ok, _ = s.run_until(lambda: bool(event_rows(s.screen)), 0.5, 120.0, cap=15)
        if not ok:
            return {"error": "no settled screen of events", "screen": "\n".join(s.screen.lines())}
        if detail_off:
            s.send(b"p")
            s.run_until(lambda: True, 0.3, 10.0)
        # To the top first: lnav opens a log at its end, where j does nothing.
        s.send(b"g")
        s.run_until(lambda: True, 0.5, 30.0)
        return held(s)
    finally:
        s.close()


GROUP_BY = [
    ";SELECT user, count(*) AS n FROM canary_audit GROUP BY user ORDER BY n DESC LIMIT 5",
    ";SELECT action_type, count(*) AS n FROM canary_audit GROUP BY action_type ORDER BY n DESC LIMIT 5",
    ";SELECT user_ip, count(*) AS n FROM canary_audit GROUP BY user_ip ORDER BY n DESC LIMIT 5",
    ";SELECT date(log_time) AS d, count(*) AS n FROM canary_audit GROUP BY d ORDER BY d DESC LIMIT 14",
]


def insights_trail(binary, path, work):
    t = bench.Trail(binary, work)
    s = t.open(path)
    try:
        ok, _ = s.run_until(lambda: bool(event_rows(s.screen)), 0.5, 120.0, cap=15)
        if not ok:
            return {"error": "no settled screen of events"}
        s.send(b"s")
        s.run_until(lambda: any("insights over" in ln for ln in s.screen.lines()), 0.2, 30.0)
        sent = s.elapsed()
        s.send(b"A")
        ok, at = s.run_until(lambda: any("events of the query" in ln for ln in s.screen.lines()), 0.0, 900.0)
        if not ok:
            return {"error": "the counts over every page did not come within 900 s",
                    "screen": "\n".join(s.screen.lines())}
        return {"seconds": at - sent, "hwm": s.proc_status("VmHWM"), "screen": "\n".join(s.screen.lines())}
    finally:
        s.close()


def insights_lnav(args, path):
    home = bench.Lnav(args.lnav, args.lnav_home, args.work).fresh_home()
    env = bench.Program("lnav", args.work).env(home)
    argv = [args.lnav, "-n"]
    for q in GROUP_BY:
        argv += ["-c", q]
    argv.append(path)
    t0 = time.monotonic()
    p = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                         start_new_session=True)
    bench.GO_CHILDREN.append(p)  # stopped with the others on the way out
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    secs = time.monotonic() - t0
    bench.GO_CHILDREN.remove(p)
    p.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux: the lnav process itself, not its helpers.
    return {"seconds": secs, "rc": p.returncode, "maxrss": ru.ru_maxrss * 1024, "output": out[-2000:]}


def insights(args):
    out = {}
    for i in range(args.runs):
        for binary in args.trail:
            bench.wait_idle("insights")
            log("insights over every page: %s, run %d of %d" % (binary, i + 1, args.runs))
            out.setdefault(binary, []).append(insights_trail(binary, args.big, args.work))
        if args.lnav_home:
            bench.wait_idle("lnav GROUP BY")
            log("GROUP BY: lnav, run %d of %d" % (i + 1, args.runs))
            out.setdefault("lnav", []).append(insights_lnav(args, args.big))
    return out


def pct(vals, p):
    vals = sorted(v for v in vals if v is not None)
    if not vals:
        return None
    k = min(int(round(p / 100.0 * (len(vals) - 1))), len(vals) - 1)
    return vals[k]


def summary(res):
    out = {"walk_s": res.get("walk_s"), "loaded_end": res.get("loaded_end"), "hwm": res.get("hwm")}
    ss = res["samples"]
    for name, sel in (("all", ss), ("at_cap", [x for x in ss if (x["loaded"] or 0) >= 199_000])):
        opens = [x["open"] for x in sel if x["open"] is not None]
        closes = [x["close"] for x in sel if x["close"] is not None]
        both = opens + closes
        out[name] = {"presses": len(both), "missed": sum(1 for x in sel for k in ("open", "close") if x[k] is None),
                     "median_ms": statistics.median(both) * 1000 if both else None,
                     "p90_ms": pct(both, 90) * 1000 if both else None,
                     "max_ms": max(both) * 1000 if both else None}
    cap = [x["rss"] for x in ss if (x["loaded"] or 0) >= 199_000 and x["rss"]]
    if cap:
        out["rss_at_cap"] = [min(cap), max(cap)]
    lo = next((x for x in ss if (x["loaded"] or 0) >= 50_000 and x["rss"]), None)
    hi = next((x for x in ss if (x["loaded"] or 0) >= 150_000 and x["rss"]), None)
    if lo and hi and hi["loaded"] > lo["loaded"]:
        out["rss_per_100k"] = (hi["rss"] - lo["rss"]) * 100_000 / (hi["loaded"] - lo["loaded"])
        out["rss_span"] = [lo["loaded"], hi["loaded"]]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--emuserve", required=True)
    ap.add_argument("--trail", action="append", required=True, help="a trail binary; give two to compare")
    ap.add_argument("--events", type=int, default=400_000)
    ap.add_argument("--work", required=True)
    ap.add_argument("--json")
    ap.add_argument("--file", help="a JSON-lines Canary log for the held-key measure")
    ap.add_argument("--lnav", default="lnav")
    ap.add_argument("--lnav-home", help="a HOME with lnav's canary_audit format installed")
    ap.add_argument("--runs", type=int, default=3, help="held-key runs of each program")
    ap.add_argument("--skip-walk", action="store_true")
    ap.add_argument("--big", help="a 1M-event JSON-lines Canary log for the insights measure")
    ap.add_argument("--idle-wait", type=float, default=0.0,
                    help="before each timed measurement, wait up to this many seconds for the CPU to be 80%% idle")
    args = ap.parse_args()
    bench.IDLE["wait"] = args.idle_wait
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: (bench.kill_all(), sys.exit(130)))
    report = {"walk": [], "held": {}}
    try:
        if args.file:
            report["held"] = held_keys(args)
        if args.big:
            report["insights"] = insights(args)
        if not args.skip_walk:
            report["walk"] = walk(args)
    finally:
        bench.kill_all()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)
    for r in report["walk"]:
        print(json.dumps({"binary": r["binary"], **r["summary"]}))
    for name, rs in report.get("insights", {}).items():
        print(json.dumps({"insights": name, "seconds": [round(r["seconds"], 2) for r in rs if "seconds" in r],
                          "peak_mib": [round((r.get("hwm") or r.get("maxrss") or 0) / 2**20) for r in rs]}))
    for name, rs in report["held"].items():
        v = sorted(r["cpu_per_press"] for r in rs if "cpu_per_press" in r)
        print(json.dumps({"held_j": name, "cpu_ms_per_press": [round(x * 1000, 3) for x in v],
                          "median_ms": round(statistics.median(v) * 1000, 3) if v else None}))


def held_keys(args):
    out = {}
    work = args.work
    lnav = bench.Lnav(args.lnav, args.lnav_home, work) if args.lnav_home else None
    progs = []
    for binary in args.trail:
        t = bench.Trail(binary, work)
        progs.append(("%s (list alone, p)" % binary, lambda t=t: t.open(args.file), True))
        progs.append(("%s (list and detail)" % binary, lambda t=t: t.open(args.file), False))
    if lnav:
        progs.append(("lnav", lambda: lnav.open(args.file), False))
    for i in range(args.runs):
        for name, make, off in progs:
            bench.wait_idle("held j")
            log("held j: %s, run %d of %d" % (name, i + 1, args.runs))
            r = measure_held(make, off)
            if "error" in r:
                log("%s: %s" % (name, r["error"]))
            out.setdefault(name, []).append(r)
    return out


def walk(args):

    emu = subprocess.Popen([args.emuserve, "-n", str(args.events)], stdout=subprocess.PIPE, text=True,
                           env=dict(os.environ, EMUSERVE_TOKEN="bench"), start_new_session=True)
    bench.GO_CHILDREN.append(emu)
    url = emu.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        log("emuserve did not start: %r" % url)
        sys.exit(1)
    # Its second line: the mean length of an entry's JSON as the console
    # sends it, what trail keeps of each event as its raw entry.
    raw = None
    line = emu.stdout.readline().split()
    if len(line) == 2 and line[0] == "raw-bytes-per-event":
        raw = float(line[1])
    cfg = os.path.join(args.work, "trail-api.toml")
    with open(cfg, "w") as f:
        f.write('[ui]\ntimezone = "UTC"\n\n[sources.api]\nprovider = "canary"\nbase_url = %s\n'
                'token = "env:BENCH_TOKEN"\npage_size = 1000\n' % json.dumps(url))
    report = []
    for binary in args.trail:
        bench.wait_idle("walk")
        log("walking %d events with %s (G, with ? pressed every %.1f s)" % (args.events, binary, PERIOD))
        res = measure(binary, cfg, args.work)
        res["summary"] = summary(res)
        res["summary"]["events"] = args.events
        res["summary"]["raw_per_event"] = raw
        log("%s: %s" % (binary, json.dumps(res["summary"])))
        report.append(res)
    # Done with the emulator: its log leaves the memory and the CPU to what
    # comes next.
    bench.stop_group(emu)
    bench.GO_CHILDREN.remove(emu)
    return report


if __name__ == "__main__":
    main()
