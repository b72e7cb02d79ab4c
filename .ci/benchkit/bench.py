#!/usr/bin/env python3
"""trail beside lnav and the limits, in one run: the harness behind .ci/bench.

Standard library only. Each program runs in a pseudo-terminal of 120x40 (the
size is set with TIOCSWINSZ before it starts), TERM=xterm-256color, TZ=UTC,
LANG=C.UTF-8, a HOME of its own, and a VT screen model (vt.py) reads what it
paints. The harness never answers a terminal query. trail opens the file
with a config naming a `provider = "file"` source; lnav opens it with the
canary_audit format installed (its top-bar clock off, so that it does not
write once a second while bytes are counted). Run it through .ci/bench,
which installs lnav, builds trail, generates the data and sets up lnav.

What is measured, and how:

- Open: time from spawn to the first screen showing events. The program runs
  until its screen shows event rows (lines starting with a timestamp
  "YYYY-MM-DD HH:MM:SS", as both programs list events) and its output has
  then been quiet for SETTLE seconds: that is the settled first screen. The
  recorded output is then replayed through a fresh screen model, and the
  first-screen time is the moment (the pty read) after which every event row
  of the settled screen was on screen at once: the first screen complete, as
  a person would see it, not a spinner or a progress bar. Peak RSS is VmHWM
  from /proc/PID/status, read once the first screen has settled and again
  once `G` has put the file's last event on screen (checked on the screen
  model) and settled; bytes read from the file are rchar from /proc/PID/io
  at the same points. trail opens a file at its top; lnav at its end, so its
  `G` has nothing to do.
- Bytes over SSH: with the screen settled, one key is sent and every byte
  the program writes until its output has been quiet for PRESS_QUIET seconds
  is counted (waiting up to FIRST_BYTE_TIMEOUT for the first byte); the mean
  over several presses after a warm-up is reported. `j` presses are split by
  whether the list scrolled (its top row changed) or only trail's cursor
  moved. `j` and PgDn are compared on the same screen as lnav's, the list
  alone: trail's `p` takes its detail pane away first. Detail: in trail's
  default layout the detail pane under the list follows the cursor, so each
  `j` there is also a detail update, and `enter` opens the detail full
  screen. lnav 0.11's nearest equivalent is `p`, which opens the parsed
  fields of the top message under it; with it open, each `j` updates them:
  `p` is compared with trail's `enter`, and `j` with `p` open with trail's
  `j` scrolling with its detail pane on.
- Start-up: time from spawn to the first non-blank screen, and the CPU time
  used by then (the sum of the process's threads' time on CPU, from
  /proc/PID/task/*/schedstat, read as soon as that frame is seen); every
  terminal query sent in the first second is listed, with how long after the
  first query the frame came.
- Whole-file questions and export (issue 21), each command run to its end
  with its output to a scratch file, wall time, alternating the programs (3
  rounds on the 1M file, 1 with --quick on the 100k one), median reported:
  a text filter that matches nothing, `trail export archive --text NEEDLE`
  (the file source's filter, the one the filter pane uses) against `grep -c`
  and `grep -ic` (the same question: trail's text search ignores case) and
  lnav opening the file headless with `:filter-in NEEDLE`; the whole file
  exported, `trail export archive` against `jq -c .` and `cat`. jq is
  skipped, with a line saying so, when it is not installed.
- At depth (issue 21), with depth.py's measures (its top says how): CPU per
  held `j` at 30 Hz, trail (list alone; list and detail) and lnav on the
  100k file, 3 runs alternating; insights over every page of the 1M file
  against lnav's GROUP BY queries, 2 runs; `G` through a 400,000-event
  Canary emulator API (.ci/benchkit/emuserve, pages of 1,000) past the
  200,000-event window cap with `?` pressed five times a second: key
  latency, RSS per 100k events and at the cap beside the raw JSON of the
  entries (emuserve prints its mean length).
- Go benchmarks, last, alone on the CPU: go test -bench, parsed. A page
  arriving at the cap (`BenchmarkPageArrivalAtCap`), held PgDn on a 300 ms
  API (`BenchmarkHeldPgDn`, growing pages and pages that cannot grow), export from an API against a plain
  page walk (`BenchmarkExportVsWalk`, a Canary emulator on loopback), the
  file source's filter in process, frame cost, search, the latency-hidden
  scroll and each provider's page decode.

Each stage says on stderr where the run is, with the time since it began.
The table's rows are ordered by what a user meets first (ROW_ORDER).
"""

import argparse
import json
import os
import platform
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time

import fcntl
import termios

sys.dont_write_bytecode = True  # no __pycache__ in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vt import Screen  # noqa: E402

COLS, ROWS = 120, 40
SETTLE = 0.5  # quiet after the first screen, seconds
PRESS_QUIET = 0.4  # quiet after a keypress, seconds
PRESS_TIMEOUT = 10.0
FIRST_BYTE_TIMEOUT = 3.0  # a key with no answer by then counts as 0 bytes
OPEN_TIMEOUT = {"100k": 120.0, "1m": 600.0}

# An event row: a timestamp at the start of a screen line, after at most one
# marker cell (trail's cursor bar, lnav's left border) and trail's outcome
# column (a cell, "✗" or blank, and a space).
ROW_RE = re.compile(r"^[ ▌│┃]?(?:[ ✗] )?(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) ")

KEYS = {"j": b"j", "k": b"k", "g": b"g", "G": b"G", "pgdn": b"\x1b[6~", "enter": b"\r", "p": b"p", "q": b"q"}

LIVE = []  # sessions to kill on the way out
GO_CHILDREN = []  # go test runs, likewise


T0 = time.monotonic()
STAGE = {"n": 0, "of": 0}


def log(msg):
    el = int(time.monotonic() - T0)
    print("bench: [%02d:%02d] %s" % (el // 60, el % 60, msg), file=sys.stderr, flush=True)


def stage(what):
    """Says on stderr which part of the run begins, and how far it is."""
    STAGE["n"] += 1
    log("== %d of %d: %s" % (STAGE["n"], STAGE["of"], what))


# ---------------------------------------------------------------- a quiet CPU
IDLE = {"wait": 60.0, "seen": [], "waited": 0.0}


def cpu_idle(interval=1.0):
    """The fraction of all CPUs' time that was idle over interval seconds."""
    def snap():
        with open("/proc/stat") as f:
            vals = [int(v) for v in f.readline().split()[1:]]
        return vals[3] + (vals[4] if len(vals) > 4 else 0), sum(vals)

    i1, t1 = snap()
    time.sleep(interval)
    i2, t2 = snap()
    return (i2 - i1) / max(t2 - t1, 1)


def wait_idle(what):
    """Before a timed measurement: waits (up to IDLE["wait"] seconds) for the
    machine to be at least 80 % idle over a second, and notes what it saw."""
    if IDLE["wait"] <= 0:
        return
    start = time.monotonic()
    while True:
        f = cpu_idle()
        if f >= 0.8 or time.monotonic() - start >= IDLE["wait"]:
            break
    waited = time.monotonic() - start - 1.0
    IDLE["waited"] += max(waited, 0)
    IDLE["seen"].append(f)
    if f < 0.8:
        log("%s: the CPU is still busy with other work (%.0f %% idle); measuring anyway" % (what, f * 100))


# ---------------------------------------------------------------- sessions
class Session:
    """One program in a pseudo-terminal, its output read into a screen model."""

    def __init__(self, argv, env, cwd=None):
        self.argv = argv
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.master = master

        # setsid -c makes the pty the controlling terminal, then execs the
        # program in the same process. A Python preexec_fn would do the same,
        # but it runs in the forked copy of this interpreter, and the CPU that
        # costs (copy-on-write faults, bytecode) would be counted as the
        # program's start-up: some 15-20 ms.
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(["setsid", "-c"] + list(argv), stdin=slave, stdout=slave, stderr=slave,
                                     env=env, cwd=cwd, close_fds=True)
        os.close(slave)
        LIVE.append(self)
        self.screen = Screen(COLS, ROWS)
        self.chunks = []  # (seconds since spawn, bytes)
        self.total = 0
        self.last_out = self.t0
        self.dead = False

    @property
    def pid(self):
        return self.proc.pid

    def elapsed(self):
        return time.monotonic() - self.t0

    def _read(self, wait):
        if self.dead:
            time.sleep(max(wait, 0))
            return 0
        r, _, _ = select.select([self.master], [], [], max(wait, 0))
        if not r:
            return 0
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:
            data = b""
        if not data:
            self.dead = True
            return 0
        now = time.monotonic()
        self.last_out = now
        self.total += len(data)
        self.chunks.append((now - self.t0, data))
        self.screen.feed(data, now - self.t0)
        return len(data)

    def run_until(self, cond, quiet, timeout, cap=None):
        """Reads output until cond() holds and the output has been quiet for
        `quiet` seconds (or, with cap, until cond has held for cap seconds
        of output that never pauses). Returns (ok, seconds since spawn when
        cond first held, or None)."""
        deadline = time.monotonic() + timeout
        met_at = None
        while True:
            now = time.monotonic()
            if met_at is None and cond():
                met_at = (self.chunks[-1][0] if self.chunks else now - self.t0)
            if met_at is not None and now - self.last_out >= quiet:
                return True, met_at
            if met_at is not None and cap is not None and now - self.t0 - met_at >= cap:
                log("%s: output never paused for %.1f s; went on after %.0f s" % (self.argv[0], quiet, cap))
                return True, met_at
            if now >= deadline or (self.dead and met_at is None):
                return False, met_at
            wait = 0.02 if met_at is None else quiet - (now - self.last_out)
            self._read(min(wait, deadline - now))
            if met_at is not None and self.chunks and self.chunks[-1][0] > met_at and not cond():
                met_at = None  # it went away again: wait for it to come back

    def send(self, data):
        os.write(self.master, data)
        self.last_out = time.monotonic()  # quiet is counted from the key

    def press(self, key, quiet=PRESS_QUIET, timeout=PRESS_TIMEOUT):
        """Sends one key and returns the bytes written in answer, until quiet."""
        self.run_until(lambda: True, quiet, timeout)  # nothing pending before the key
        before = self.total
        self.send(KEYS.get(key, key.encode() if isinstance(key, str) else key))
        # The answer's first byte (a move that changes nothing may have none),
        # then quiet: a slow answer is not cut in two by the quiet period.
        self.run_until(lambda: self.total > before, 0.0, FIRST_BYTE_TIMEOUT)
        ok, _ = self.run_until(lambda: True, quiet, timeout)
        if not ok:
            log("%s: output did not go quiet within %.0f s after %r" % (self.argv[0], timeout, key))
        return self.total - before

    def proc_status(self, field):
        try:
            with open("/proc/%d/status" % self.pid) as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1]) * 1024
        except OSError:
            pass
        return None

    def rchar(self):
        try:
            with open("/proc/%d/io" % self.pid) as f:
                for line in f:
                    if line.startswith("rchar:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return None

    def cpu_seconds(self):
        """(time on CPU of all threads from schedstat, utime+stime from stat)."""
        sched = 0
        try:
            for tid in os.listdir("/proc/%d/task" % self.pid):
                with open("/proc/%d/task/%s/schedstat" % (self.pid, tid)) as f:
                    sched += int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            sched = None
        ticks = None
        try:
            with open("/proc/%d/stat" % self.pid) as f:
                rest = f.read().rsplit(")", 1)[1].split()
            ticks = (int(rest[11]) + int(rest[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            pass
        return (sched / 1e9 if sched is not None else None), ticks

    def children(self):
        try:
            with open("/proc/%d/task/%d/children" % (self.pid, self.pid)) as f:
                return f.read().split()
        except OSError:
            return []

    def close(self):
        if self in LIVE:
            LIVE.remove(self)
        if self.proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 5.0)):
                try:
                    os.killpg(self.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        try:  # helpers left in its process group (lnav has two)
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            os.close(self.master)
        except OSError:
            pass


def stop_group(p):
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(p.pid, sig)
        except ProcessLookupError:
            return
        try:
            p.wait(timeout=3)
            return
        except subprocess.TimeoutExpired:
            continue


def kill_all(*_):
    for s in list(LIVE):
        s.close()
    for p in list(GO_CHILDREN):
        stop_group(p)


def event_rows(screen):
    return [line for line in screen.lines() if ROW_RE.match(line)]


def row_times(screen):
    return [ROW_RE.match(line).group(1) for line in screen.lines() if ROW_RE.match(line)]


# ---------------------------------------------------------------- programs
class Program:
    def __init__(self, name, work):
        self.name = name
        self.work = work

    def env(self, home):
        return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "TERM": "xterm-256color",
                "TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


class Trail(Program):
    def __init__(self, binary, work):
        super().__init__("trail", work)
        self.binary = binary
        self.home = tempfile.mkdtemp(prefix="trail-home.", dir=work)

    def config(self, path):
        cfg = os.path.join(self.work, "trail-%s.toml" % os.path.basename(path))
        with open(cfg, "w") as f:
            f.write('[ui]\ntimezone = "UTC"\n\n[sources.archive]\nprovider = "file"\npath = %s\n' % json.dumps(path))
        return cfg

    def open(self, path):
        return Session([self.binary, "--config", self.config(path), "archive"], self.env(self.home))

    def demo(self):
        return Session([self.binary, "--demo"], self.env(self.home))


class Lnav(Program):
    def __init__(self, binary, home_template, work):
        super().__init__("lnav", work)
        self.binary = binary
        self.template = home_template

    def fresh_home(self):
        # Each run starts from the same home: the format and config only, no
        # session state left by an earlier run.
        home = tempfile.mkdtemp(prefix="lnav-home.", dir=self.work)
        shutil.rmtree(home)
        shutil.copytree(self.template, home, symlinks=True)
        return home

    def open(self, path):
        return Session([self.binary, path], self.env(self.fresh_home()))


# ---------------------------------------------------------------- measures
def replay_first_screen(chunks, settled_rows):
    """Seconds since spawn at which every settled event row was first on
    screen together, and at which any event row first was."""
    scr = Screen(COLS, ROWS)
    want = set(settled_rows)
    t_any = t_all = None
    for t, data in chunks:
        scr.feed(data, t)
        rows = event_rows(scr)
        if rows and t_any is None:
            t_any = t
        if want and want.issubset(rows):
            t_all = t
            break
    return t_any, t_all


def measure_open(prog, path, size, first_ts, last_ts, bytes_plan=None):
    wait_idle("open")
    log("%s: opening %s" % (prog.name, os.path.basename(path)))
    s = prog.open(path)
    res = {"file": path, "size": os.path.getsize(path)}
    try:
        ok, _ = s.run_until(lambda: bool(event_rows(s.screen)), SETTLE, OPEN_TIMEOUT[size], cap=15)
        if not ok:
            res["error"] = "no settled screen of events within %.0f s" % OPEN_TIMEOUT[size]
            res["screen"] = s.screen.text()
            return res
        settled = event_rows(s.screen)
        t_any, t_all = replay_first_screen(s.chunks, settled)
        times = row_times(s.screen)
        res.update(first_screen=t_all, first_row=t_any, settled_at=s.elapsed(), rows=len(settled),
                   first_shown=times[0], last_shown=times[-1],
                   hwm_open=s.proc_status("VmHWM"), rss_open=s.proc_status("VmRSS"), rchar_open=s.rchar(),
                   children=s.children())
        res["screen_open"] = s.screen.text()
        # G: to the last event of the file.
        t_key = s.elapsed()
        s.send(KEYS["G"])
        ok, met = s.run_until(lambda: last_ts in row_times(s.screen), SETTLE, OPEN_TIMEOUT[size], cap=15)
        res["screen_G"] = s.screen.text()
        if not ok:
            res["G_error"] = "the last event (%s) was not on screen within %.0f s of G" % (last_ts, OPEN_TIMEOUT[size])
        else:
            res["G_time"] = max(met - t_key, 0.0)
        res.update(hwm_G=s.proc_status("VmHWM"), rss_G=s.proc_status("VmRSS"), rchar_G=s.rchar())
        if bytes_plan:
            res["bytes"] = measure_bytes(prog, s, bytes_plan, len(settled))
        return res
    finally:
        s.close()


def measure_bytes(prog, s, plan, list_rows):
    """Bytes written for each move, with the screen settled. Each press is
    recorded with its bytes, how many screen lines it changed, and whether
    the list scrolled (its top event row changed) or only a cursor moved."""
    warm, n = plan
    out = {}

    def presses(key, count):
        rec = []
        for _ in range(count):
            before = s.screen.lines()
            top = row_times(s.screen)[:1]
            b = s.press(key)
            after = s.screen.lines()
            rec.append({"bytes": b, "changed": sum(1 for x, y in zip(before, after) if x != y),
                        "scrolled": row_times(s.screen)[:1] != top})
        return rec

    def settle():
        s.run_until(lambda: True, SETTLE, 30)

    s.press("g")  # to the top: room to move down
    settle()
    if prog.name == "trail":
        # The same moves on the same screen as lnav's: the list alone (p takes
        # trail's detail pane away), then again in trail's default layout,
        # where the detail pane under the list follows the cursor.
        s.press("p")
        settle()
        alone = len(row_times(s.screen))
        out["j"] = presses("j", warm + alone + n)[warm:]
        presses("pgdn", warm)
        out["pgdn"] = presses("pgdn", n)
        s.press("p")
        s.press("g")
        settle()
        out["detail_follow"] = presses("j", warm + list_rows + n)[warm:]
        presses("pgdn", warm)
        out["pgdn_pane"] = presses("pgdn", n)
        opens, closes = [], []
        for _ in range(n):
            opens += presses("enter", 1)  # the detail full screen
            closes += presses("enter", 1)  # and back
        out["detail_open"], out["detail_close"] = opens, closes
    else:
        # Enough presses to move a cursor from the top to the bottom of the
        # list and then scroll it n times.
        out["j"] = presses("j", warm + list_rows + n)[warm:]
        presses("pgdn", warm)
        out["pgdn"] = presses("pgdn", n)
        opens, closes = [], []
        for _ in range(n):
            opens += presses("p", 1)  # the parser details of the top message
            closes += presses("p", 1)
        out["detail_open"], out["detail_close"] = opens, closes
        s.press("p")
        presses("j", warm)
        out["detail_follow"] = presses("j", n)  # the details follow the top message
        s.press("p")
    out["screen"] = s.screen.text()
    return out


def measure_startup(make, runs):
    """Time to the first non-blank screen, CPU by then, and the queries sent."""
    results = []
    for _ in range(runs):
        wait_idle("start-up")
        s = make()
        try:
            cpu = [None]

            def drawn():
                if any(line.strip() for line in s.screen.lines()):
                    if cpu[0] is None:
                        cpu[0] = s.cpu_seconds()
                    return True
                return False

            ok, met = s.run_until(drawn, 1.0, 30)
            if met is None:
                results.append({"error": "no frame within 30 s", "screen": s.screen.text()})
                continue
            # Whatever else it asks in its first second.
            s.run_until(lambda: s.elapsed() > 1.0, 0.0, 5)
            results.append({"frame": met, "cpu_sched": cpu[0][0], "cpu_ticks": cpu[0][1],
                            "queries": [(t, name, raw) for t, name, raw in s.screen.queries],
                            "screen": s.screen.text()})
        finally:
            s.close()
    return results


# ---------------------------------------------------------------- go bench
BENCH_LINE = re.compile(r"^(Benchmark\S+?)(?:-\d+)?\s+(\d+)\s+(.*)$")


def go_bench(repo, args, env_extra=None, timeout=1800):
    env = dict(os.environ)
    env.update(env_extra or {})
    cmd = ["go", "test"] + args
    wait_idle("go test")
    log("running " + " ".join(cmd))
    p = subprocess.Popen(cmd, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    GO_CHILDREN.append(p)
    try:
        stdout, stderr = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop_group(p)
        return {"cmd": cmd, "error": "timed out after %d s" % timeout, "results": []}
    finally:
        GO_CHILDREN.remove(p)
    results = []
    pkg = None
    for line in stdout.splitlines():
        if line.startswith("pkg: "):
            pkg = line[5:].strip()
        m = BENCH_LINE.match(line)
        if m:
            metrics = {}
            parts = m.group(3).split()
            for i in range(0, len(parts) - 1, 2):
                try:
                    metrics[parts[i + 1]] = float(parts[i])
                except ValueError:
                    pass
            results.append({"pkg": pkg, "name": m.group(1), "n": int(m.group(2)), "metrics": metrics})
    err = None if p.returncode == 0 else (stdout + stderr)[-2000:]
    return {"cmd": cmd, "results": results, "error": err}


def bench_values(run, name):
    return [r["metrics"] for r in run.get("results", []) if r["name"] == name]


# ---------------------------------------------------------------- whole-file questions
NEEDLE = "zzqxnomatch"  # in no entry of the generated data


def timed(argv, env, out_path, what, timeout=900):
    """Runs argv to its end, stdout to out_path; its wall time, or an error."""
    wait_idle(what)
    start = time.monotonic()
    try:
        with open(out_path, "wb") as out:
            p = subprocess.run(argv, env=env, stdout=out, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": "timed out after %d s" % timeout}
    wall = time.monotonic() - start
    # grep says 1 when nothing matched: that is the answer, not a failure.
    if p.returncode not in (0, 1) or (p.returncode == 1 and argv[0] != "grep"):
        return {"error": "exit %d: %s" % (p.returncode, p.stderr.decode(errors="replace").strip()[-300:])}
    return {"wall": wall, "out_bytes": os.path.getsize(out_path)}


def measure_files(args, trail, lnav, path, rounds):
    cfg = trail.config(path)
    env_t = trail.env(trail.home)
    env_l = lnav.env(lnav.fresh_home())
    out = os.path.join(args.work, "out")
    cmds = {
        "filter": {
            "trail": [trail.binary, "--config", cfg, "export", "archive", "--text", NEEDLE],
            "grep": ["grep", "-c", NEEDLE, path],
            "grep -i": ["grep", "-ic", NEEDLE, path],
            "lnav": [lnav.binary, "-n", "-c", ":filter-in " + NEEDLE, path],
        },
        "export": {
            "trail": [trail.binary, "--config", cfg, "export", "archive"],
            "cat": ["cat", path],
        },
    }
    if args.jq:
        cmds["export"]["jq"] = [args.jq, "-c", ".", path]
    res = {"size": os.path.getsize(path), "filter": {}, "export": {}, "jq": bool(args.jq)}
    for r in range(rounds):  # alternating, so a busy moment hits each alike
        for kind, progs in cmds.items():
            for name, argv in progs.items():
                log("%s %s, round %d of %d: %s" % (kind, name, r + 1, rounds, " ".join(argv[:1] + argv[max(1, len(argv) - 3):])))
                env = env_l if name == "lnav" else env_t
                m = timed(argv, env, out, "%s %s" % (kind, name))
                res[kind].setdefault(name, []).append(m)
                if "error" in m:
                    log("%s %s: %s" % (kind, name, m["error"]))
    try:
        os.remove(out)
    except OSError:
        pass
    return res


def measure_files_and_benches(args, report, trail, lnav, big, size, quick):
    """The whole-file questions and export, and their Go benchmarks."""
    report["files"] = measure_files(args, trail, lnav, big, 1 if quick else 3)
    report["files"]["label"] = {"100k": "100k", "1m": "1M"}[size]
    if not args.jq:
        log("jq is not installed: the export comparison with jq is skipped")
    g = report["go"]
    g["export"] = go_bench(args.repo, ["./sources/canary", "-run", "^$", "-bench", "ExportVsWalk", "-benchtime", "3x"],
                           {"TRAIL_BENCH_EVENTS": "20000"})
    g["filter"] = go_bench(args.repo, ["./sources/file", "-run", "^$", "-bench", "FilterNoMatch", "-benchtime", "3x"],
                           {"TRAIL_BENCH_FILE": big})
    g["find"] = go_bench(args.repo, ["./sources/file", "-run", "^$", "-bench", "FindNearTheEnd", "-benchtime", "3x"],
                         {"TRAIL_BENCH_FILE": big})


# ---------------------------------------------------------------- report
def fmt_s(v):
    if v is None:
        return "n/a"
    return "%.0f ms" % (v * 1000) if v < 10 else "%.1f s" % v


def fmt_mib(v):
    return "n/a" if v is None else "%.0f MiB" % (v / 1048576)


def fmt_bytes(vals):
    if not vals:
        return "n/a"
    m = statistics.mean(vals)
    lo, hi = min(vals), max(vals)
    return "%.0f B" % m if lo == hi else "%.0f B (%d–%d)" % (m, lo, hi)


def fmt_ns(ns):
    if ns is None:
        return "n/a"
    if ns >= 1e9:
        return "%.2f s" % (ns / 1e9)
    if ns >= 1e6:
        return "%.1f ms" % (ns / 1e6)
    return "%.0f µs" % (ns / 1e3)


def yes(b):
    return "n/a" if b is None else ("**yes**" if b else "**no**")


def machine(args):
    info = {}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    info["cores"] = os.cpu_count()
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
        info["ram"] = "%.1f GiB" % (kb / 1048576)
    except (OSError, ValueError, IndexError):
        pass
    info["kernel"] = platform.release()
    info["load_start"] = os.getloadavg()
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    info["os"] = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass

    def out(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=30, cwd=args.repo).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return "n/a"

    info["go"] = out(["go", "version"])
    info["lnav"] = out([args.lnav, "-V"])
    info["python"] = platform.python_version()
    info["commit"] = out(["git", "rev-parse", "--short", "HEAD"]) or "n/a"
    try:  # plumbing: reads the index, never writes it
        dirty = subprocess.run(["git", "diff-index", "--quiet", "HEAD", "--"], cwd=args.repo,
                               capture_output=True, timeout=30).returncode == 1
    except (OSError, subprocess.TimeoutExpired):
        dirty = False
    if dirty:
        info["commit"] += " with uncommitted changes"
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--trail", required=True)
    ap.add_argument("--lnav", default="lnav")
    ap.add_argument("--lnav-home", required=True, help="a HOME with lnav's format installed")
    ap.add_argument("--jq", default="", help="jq, for the export comparison; empty: not installed")
    ap.add_argument("--data", required=True, help="directory with canary-100k.jsonl (and canary-1m.jsonl)")
    ap.add_argument("--repo", required=True)
    ap.add_argument("--work", required=True, help="scratch directory")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--files-only", action="store_true",
                    help="only the whole-file questions and export (issue 21), and their Go benchmarks")
    ap.add_argument("--emuserve", help="the Canary emulator server (.ci/benchkit/emuserve), for the walk at depth")
    ap.add_argument("--command", default=".ci/bench")
    ap.add_argument("--json", help="also write every figure here")
    ap.add_argument("--screens", help="write the screens seen to this directory")
    ap.add_argument("--idle-wait", type=float, default=60.0,
                    help="before each timed measurement, wait up to this many seconds for the CPU to be 80%% idle")
    args = ap.parse_args()

    IDLE["wait"] = args.idle_wait
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: (kill_all(), sys.exit(130)))

    try:
        report = run(args)
    finally:
        kill_all()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1, default=str)
        log("every figure and sample: %s" % args.json)
    print(render(report, args))


def first_last(path):
    with open(path, "rb") as f:
        first = json.loads(f.readline())
        f.seek(max(os.path.getsize(path) - 65536, 0))
        last = json.loads(f.read().splitlines()[-1])
    ts = lambda e: e["timestamp"][:19]  # noqa: E731 - "2026-10-01 00:00:01"
    return ts(first), ts(last)


def run(args):
    quick = args.quick
    trail = Trail(args.trail, args.work)
    lnav = Lnav(args.lnav, args.lnav_home, args.work)
    sizes = ["100k"] if quick else ["100k", "1m"]
    plan = (2, 6) if quick else (5, 20)
    open_runs = 1 if quick else 3
    report = {"machine": machine(args), "quick": quick, "open": {}, "startup": {}, "go": {}}

    big = os.path.join(args.data, "canary-%s.jsonl" % sizes[-1])
    if args.files_only:
        STAGE["of"] = 1
        stage("whole-file questions and export, and their Go benchmarks")
        measure_files_and_benches(args, report, trail, lnav, big, sizes[-1], quick)
        report["machine"]["load_end"] = os.getloadavg()
        report["machine"]["idle"] = {"seen": IDLE["seen"], "waited": IDLE["waited"], "wait": IDLE["wait"]}
        return report

    STAGE["of"] = 7 if args.emuserve else 6
    runs = 3 if quick else 7
    stage("start-up: trail --demo and lnav on the 100k file, %d each" % runs)
    report["startup"]["trail"] = measure_startup(trail.demo, runs)
    path100k = os.path.join(args.data, "canary-100k.jsonl")
    report["startup"]["lnav"] = measure_startup(lambda: lnav.open(path100k), runs)

    stage("open, G and bytes per key: %s, trail and lnav alternating, %d run(s)" % (" and ".join(sizes), open_runs))
    for size in sizes:
        path = os.path.join(args.data, "canary-%s.jsonl" % size)
        first_ts, last_ts = first_last(path)
        o = report["open"][size] = {"first_ts": first_ts, "last_ts": last_ts, "trail": [], "lnav": []}
        for i in range(open_runs):  # alternating, so a busy moment hits both alike
            for prog in (trail, lnav):
                res = measure_open(prog, path, size, first_ts, last_ts,
                                   bytes_plan=plan if size == "100k" and i == 0 else None)
                o[prog.name].append(res)
                for k in ("error", "G_error"):
                    if k in res:
                        log("%s %s: %s" % (prog.name, size, res[k]))

    if args.screens:
        os.makedirs(args.screens, exist_ok=True)

        def dump(name, text):
            with open(os.path.join(args.screens, name), "w") as f:
                f.write(text + "\n")

        for size, o in report["open"].items():
            for name in ("trail", "lnav"):
                r = o[name][0] if o[name] else {}
                for k in ("screen_open", "screen_G", "screen"):
                    if k in r:
                        dump("%s-%s-%s.txt" % (name, size, k[7:] or "error"), r[k])
                if "bytes" in r:
                    dump("%s-%s-bytes.txt" % (name, size), r["bytes"]["screen"])
        for name, rs in report["startup"].items():
            if rs and "screen" in rs[0]:
                dump("%s-startup.txt" % name, rs[0]["screen"])

    stage("whole-file questions and export on the %s file, %d round(s)" % (sizes[-1], 1 if quick else 3))
    report["files"] = measure_files(args, trail, lnav, big, 1 if quick else 3)
    report["files"]["label"] = {"100k": "100k", "1m": "1M"}[sizes[-1]]
    if not args.jq:
        log("jq is not installed: the export comparison with jq is skipped")

    # At depth (issue 21), through .ci/benchkit/depth.py's measures.
    import depth  # noqa: E402 - it imports this module as bench
    dargs = argparse.Namespace(trail=[args.trail], lnav=args.lnav, lnav_home=args.lnav_home, work=args.work,
                               file=path100k, big=big, runs=1 if quick else 3, emuserve=args.emuserve,
                               events=250_000 if quick else 400_000)
    stage("held j at 30 Hz: CPU per press, trail (list alone; list and detail) and lnav, %d run(s)" % dargs.runs)
    report["held"] = depth.held_keys(dargs)
    dargs.runs = 1 if quick else 2
    stage("insights over every page of the %s file against lnav's GROUP BY, %d run(s)" % (sizes[-1], dargs.runs))
    report["insights"] = depth.insights(dargs)
    if args.emuserve:
        stage("G through a %d-event Canary emulator API past the 200k cap, ? pressed as it walks" % dargs.events)
        report["walk"] = depth.walk(dargs)
    else:
        report["walk"] = []

    # In-process costs, after the programs, so they do not share the CPU.
    stage("Go benchmarks")
    g = report["go"]
    secs = "10" if quick else "30"
    count = "1" if quick else "3"
    g["arrival"] = go_bench(args.repo, ["./ui", "-run", "^$", "-bench", "PageArrivalAtCap", "-benchtime", "20x",
                                        "-count", count])
    g["pgdn"] = go_bench(args.repo, ["./ui", "-run", "^$", "-bench", "HeldPgDn/page=100/largest=.*/sizer=true/ahead=true", "-benchtime", "1x",
                                     "-count", "1"], {"TRAIL_SCROLL_SECONDS": "10" if quick else "20"})
    g["pgdn"]["seconds"] = 10 if quick else 20
    g["export"] = go_bench(args.repo, ["./sources/canary", "-run", "^$", "-bench", "ExportVsWalk", "-benchtime", "3x",
                                       "-count", count], {"TRAIL_BENCH_EVENTS": "20000"})
    g["filter"] = go_bench(args.repo, ["./sources/file", "-run", "^$", "-bench", "FilterNoMatch", "-benchtime", "3x"],
                           {"TRAIL_BENCH_FILE": big})
    g["cursor"] = go_bench(args.repo, ["./ui", "-run", "^$", "-bench", "CursorMove", "-benchtime", "2000x",
                                       "-count", count])
    g["search"] = go_bench(args.repo, ["./ui", "-run", "^$", "-bench", "Search1M", "-benchtime", "3x"])
    g["scroll"] = go_bench(args.repo, ["./ui", "-run", "^$", "-bench", "ScrollHidesLatency", "-benchtime", "1x"],
                           {"TRAIL_SCROLL_SECONDS": secs})
    g["scroll"]["seconds"] = int(secs)
    log("running go test ./ui -run TestSearchRunsInTheBackground -count 1")
    try:
        p = subprocess.run(["go", "test", "./ui", "-run", "TestSearchRunsInTheBackground", "-count", "1", "-v"],
                           cwd=args.repo, capture_output=True, text=True, timeout=600)
        g["search_test"] = {"ok": p.returncode == 0 and "--- PASS: TestSearchRunsInTheBackground" in p.stdout,
                            "output": (p.stdout + p.stderr)[-1500:]}
    except subprocess.TimeoutExpired:
        g["search_test"] = {"ok": False, "output": "timed out"}
    # -p 1: one package's benchmarks at a time, not two binaries sharing the CPU.
    g["decode"] = go_bench(args.repo, ["-p", "1", "./sources/...", "-run", "^$", "-bench", "^BenchmarkDecodePage$",
                                       "-count", count])
    report["machine"]["load_end"] = os.getloadavg()
    report["machine"]["idle"] = {"seen": IDLE["seen"], "waited": IDLE["waited"], "wait": IDLE["wait"]}
    report["machine"]["seconds"] = time.monotonic() - T0
    return report


def median_of(rs, key):
    vals = [r[key] for r in rs if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def spread_s(rs, key):
    vals = [r[key] for r in rs if r.get(key) is not None]
    if len(vals) < 2:
        return ""
    return " (%s–%s)" % (fmt_s(min(vals)).replace(" ms", ""), fmt_s(max(vals)))


def shell_quote(a):
    return a if re.match(r"^[\w./=:,+-]+$", a) else "'" + a.replace("'", "'\\''") + "'"


def short_error(text):
    lines = [ln for ln in (text or "").splitlines()
             if ln.strip() and not ln.startswith(("ok ", "ok\t", "PASS", "goos:", "goarch:", "pkg:", "cpu:", "Benchmark", "?"))]
    return " / ".join(lines[:3])[:300]


def render(rep, args):
    out = []
    w = out.append
    m = rep["machine"]
    notes = []
    w("## trail beside lnav and the limits%s" % (" (quick: 100k only, fewer runs)" if rep["quick"] else ""))
    w("")
    w("| measure | trail | lnav, or the limit beside it | target | met? |")
    w("|---|---|---|---|---|")
    rows = []

    def row(*cells):
        rows.append("| " + " | ".join(str(c) for c in cells) + " |")

    for size, o in rep["open"].items():
        T, L = o["trail"], o["lnav"]
        label = {"100k": "100k", "1m": "1M"}[size]
        big = size == "1m"
        size_b = T[0].get("size", 0) if T else 0
        n = len(T)
        med = " (median of %d)" % n if n > 1 else ""
        ft, fl = median_of(T, "first_screen"), median_of(L, "first_screen")
        met = (ft <= fl / 2) if (big and ft is not None and fl is not None) else None
        row("Open %s events (%.0f MB JSONL): first screen%s" % (label, size_b / 1e6, med),
            fmt_s(ft) + spread_s(T, "first_screen"), fmt_s(fl) + spread_s(L, "first_screen"),
            "≤ ½ lnav's" if big else "", yes(met))
        ht, hl = median_of(T, "hwm_open"), median_of(L, "hwm_open")
        row("Open %s: peak RSS at first screen" % label, fmt_mib(ht), fmt_mib(hl),
            "< lnav's" if big else "", yes(ht < hl if big and ht and hl else None))
        ht2, hl2 = median_of(T, "hwm_G"), median_of(L, "hwm_G")
        row("Open %s: peak RSS after `G` (last event on screen)" % label, fmt_mib(ht2), fmt_mib(hl2),
            "< lnav's" if big else "", yes(ht2 < hl2 if big and ht2 and hl2 else None))
        gt, gl = median_of(T, "G_time"), median_of(L, "G_time")
        rt, rl = median_of(T, "rchar_G"), median_of(L, "rchar_G")
        t_ok = T and all("G_error" not in r and "error" not in r for r in T)
        l_ok = L and all("G_error" not in r and "error" not in r for r in L)
        row("Open %s: `G` to the last event; bytes read from the file by then (rchar; the file is %s)"
            % (label, fmt_mib(size_b)),
            "%s; %s" % (fmt_s(gt) if t_ok else "**not reached**", fmt_mib(rt)),
            "%s; %s" % (("already there" if gl == 0 else fmt_s(gl)) if l_ok else "**not reached**", fmt_mib(rl)),
            "without reading the whole file" if big else "",
            yes(t_ok and rt is not None and rt < size_b) if big else "")
        for name, rs in (("trail", T), ("lnav", L)):
            for r in rs:
                for k in ("error", "G_error"):
                    if k in r:
                        notes.append("%s, %s: %s" % (name, label, r[k]))
            fr, fs = median_of(rs, "first_row"), median_of(rs, "first_screen")
            if fr is not None and fs is not None and fs - fr > 0.05:
                notes.append("%s, %s: a first event row was on screen at %s, the whole first screen at %s"
                             % (name, label, fmt_s(fr), fmt_s(fs)))
        if T and L and T[0].get("first_shown") and L[0].get("first_shown"):
            notes.append("Open %s: trail's first screen lists %s … %s (the file's first events, at the top); lnav's "
                         "%s … %s (lnav opens a log at its end, so its `G` has nothing to do)"
                         % (label, T[0]["first_shown"], T[0]["last_shown"], L[0]["first_shown"], L[0]["last_shown"]))
        if L and L[0].get("children"):
            notes.append("Open %s: lnav runs %d helper processes besides the one measured; their peak RSS is "
                         "not in lnav's figure (that favours lnav)" % (label, len(L[0]["children"])))

    o = rep["open"].get("100k", {})
    bt = o.get("trail", [{}])[0].get("bytes") if o.get("trail") else None
    bl = o.get("lnav", [{}])[0].get("bytes") if o.get("lnav") else None
    if bt and bl:
        def sel(recs, scrolled=None):
            return [r["bytes"] for r in recs if scrolled is None or r["scrolled"] == scrolled]

        def changed(recs, scrolled=None):
            v = [r["changed"] for r in recs if scrolled is None or r["scrolled"] == scrolled]
            return "%.0f" % statistics.mean(v) if v else "n/a"

        def cmp_row(label, a, b, target=True):
            met = statistics.mean(a) <= statistics.mean(b) if (a and b and target) else None
            row(label, fmt_bytes(a), fmt_bytes(b), "≤ lnav's" if target else "", yes(met) if target else "")

        cmp_row("Bytes: one-row scroll `j`, the list alone (trail with its detail pane off, `p`)",
                sel(bt["j"], True), sel(bl["j"], True))
        row("Bytes: `j` with the cursor moving inside the screen (lnav 0.11 has no cursor)",
            fmt_bytes(sel(bt["j"], False)), "—", "", "")
        cmp_row("Bytes: one-page scroll PgDn, the list alone", sel(bt["pgdn"]), sel(bl["pgdn"]))
        if "pgdn_pane" in bt:
            row("Bytes: PgDn in trail's default layout (list and detail pane)", fmt_bytes(sel(bt["pgdn_pane"])),
                "—", "", "")
        cmp_row("Bytes: detail update: trail `j` scrolling, its detail pane following; lnav `j` with `p` "
                "details open", sel(bt["detail_follow"], True), sel(bl["detail_follow"]))
        cmp_row("Bytes: open the detail: trail `enter` (full screen); lnav `p` (parser details)",
                sel(bt["detail_open"]), sel(bl["detail_open"]))
        cmp_row("Bytes: close it again (same key)", sel(bt["detail_close"]), sel(bl["detail_close"]), target=False)
        notes.append("Screen lines changed per press (of %d): `j` scrolling trail %s, lnav %s; `j` moving trail's "
                     "cursor %s; PgDn trail %s, lnav %s; detail update trail %s, lnav %s"
                     % (ROWS, changed(bt["j"], True), changed(bl["j"], True), changed(bt["j"], False),
                        changed(bt["pgdn"]), changed(bl["pgdn"]), changed(bt["detail_follow"], True),
                        changed(bl["detail_follow"])))

    st, sl = rep["startup"].get("trail", []), rep["startup"].get("lnav", [])
    ct, cl = median_of(st, "cpu_sched"), median_of(sl, "cpu_sched")
    if st or sl:
        startup_rows(row, st, sl, ct, cl)
    g = rep["go"]
    render_go(rep, args, g, row, notes)
    render_depth(rep, g, row, notes)
    render_files(rep, g, row, notes)
    # What a user meets first, first: opening and moving, then keys while
    # pages arrive, then questions over a whole log, then in-process costs.
    rows.sort(key=lambda r: next((i for i, p in enumerate(ROW_ORDER) if r.startswith("| " + p)), len(ROW_ORDER)))
    out.extend(rows)
    render_footer(rep, args, w, notes)
    return "\n".join(out)


ROW_ORDER = ["Open", "Bytes", "Start-up", "CPU per held", "Frame cost", "A page arriving", "`?`", "RSS of that walk",
             "Held PgDn", "Latency hidden", "Insights", "Search", "Whole-file question: text",
             "Whole-file question: open", "Export", "Whole-file question in process", "Decode"]


def startup_rows(row, st, sl, ct, cl):
    row("Start-up: first frame, wall: trail `--demo`; lnav on the 100k file (median of %d)" % len(st),
        fmt_s(median_of(st, "frame")) + spread_s(st, "frame"), fmt_s(median_of(sl, "frame")) + spread_s(sl, "frame"),
        "", "")
    row("Start-up: CPU time used by the first frame", fmt_s(ct) + spread_s(st, "cpu_sched"),
        fmt_s(cl) + spread_s(sl, "cpu_sched"), "< 50 ms (trail)", yes(ct < 0.05 if ct is not None else None))

    def queries(rs):
        rs = [r for r in rs if "queries" in r]
        if not rs:
            return None, None
        names = []
        gaps = []
        for r in rs:
            for _, name, _ in r["queries"]:
                if name not in names:
                    names.append(name)
            if r["queries"]:
                gaps.append(r["frame"] - min(t for t, _, _ in r["queries"]))
        return names, (statistics.median(gaps) if gaps else None)

    def drawn(names, gap):
        if names is None:
            return "n/a"
        if not names:
            return "none"
        return "%s; first frame %s after the first query, with no answer" % (", ".join(names), fmt_s(max(gap, 0)))

    qt, gapt = queries(st)
    ql, gapl = queries(sl)
    met = None
    if qt is not None:
        met = (not qt) or (gapt is not None and gapt < 0.05)
    row("Start-up: terminal queries sent (the harness never answers)", drawn(qt, gapt), drawn(ql, gapl),
        "none that can stall start-up", yes(met))


def spread(v):
    return "" if len(v) < 2 else " (%s–%s, %d runs)" % (fmt_ns(min(v)).replace(" µs", ""), fmt_ns(max(v)), len(v))


def render_go(rep, args, g, row, notes):
    if not any(k in g for k in ("cursor", "search", "scroll", "decode")):
        return
    cur = g.get("cursor", {})

    k1 = [v["ns/op"] for v in bench_values(cur, "BenchmarkCursorMove/events=1000")]
    k1m = [v["ns/op"] for v in bench_values(cur, "BenchmarkCursorMove/events=1000000")]
    n1 = [v["ns/op"] for v in bench_values(cur, "BenchmarkCursorMoveNoGC/events=1000")]
    n1m = [v["ns/op"] for v in bench_values(cur, "BenchmarkCursorMoveNoGC/events=1000000")]
    if k1 and k1m:
        a, b = statistics.median(k1), statistics.median(k1m)
        row("Frame cost: `j` + frame, 1k events loaded (Go bench, median)", fmt_ns(a) + spread(k1), "—", "< 1 ms",
            yes(a < 1e6))
        row("Frame cost: `j` + frame, 1M events loaded (Go bench, median)", fmt_ns(b) + spread(k1m), "—", "< 1 ms",
            yes(b < 1e6))
    if n1 and n1m:
        a, b = statistics.median(n1), statistics.median(n1m)
        row("Frame cost without collection pauses (`BenchmarkCursorMoveNoGC`): 1k; 1M loaded",
            fmt_ns(a) + spread(n1) + "; " + fmt_ns(b) + spread(n1m), "—",
            "1M within 10 %% of 1k (here %+.0f %%)" % ((b / a - 1) * 100), yes(abs(b / a - 1) <= 0.10))
        notes.append("Frame cost: with the collector on, the 1k figure carries more collection per frame than the 1M "
                     "one (a small heap is collected more often), so the like-for-like comparison of the two loads "
                     "is the one with collection paused while the clock runs; both allocate the same per frame.")
    if cur.get("error"):
        notes.append("CursorMove benchmark failed: " + short_error(cur["error"]))
    se = g.get("search", {})
    for case, label, tgt in (("first-match-common", "Search 1M loaded: first match, common term", True),
                             ("first-match-rare", "Search 1M loaded: first match, rare term", True),
                             ("no-match", "Search 1M loaded: no match, whole list scanned", False),
                             ("count", "Search 1M loaded: count every match", False)):
        v = bench_values(se, "BenchmarkSearch1M/" + case)
        if v:
            ns = v[0]["ns/op"]
            row(label + " (Go bench)", fmt_ns(ns), "—", "≤ 150 ms" if tgt else "(in the background)",
                yes(ns <= 150e6) if tgt else "")
    stt = g.get("search_test")
    if stt:
        row("Search: a keypress during a scan is not blocked (`go test ./ui -run TestSearchRunsInTheBackground`)",
            "test passes" if stt["ok"] else "**test fails**", "—", "never blocks", yes(stt["ok"]))
        if not stt["ok"]:
            notes.append("TestSearchRunsInTheBackground: " + short_error(stt["output"]))
    if se.get("error"):
        notes.append("Search1M benchmark failed: " + short_error(se["error"]))
    sc = g.get("scroll", {})
    v = bench_values(sc, "BenchmarkScrollHidesLatency")
    if v:
        lf, fr = v[0].get("loading-frames"), v[0].get("frames")
        row("Latency hidden: frames showing the loading row; 20 rows/s for %d s, 300 ms a page (Go bench)"
            % sc.get("seconds", 60), "%d of %d" % (lf, fr), "—", "0", yes(lf == 0))
    if sc.get("error"):
        notes.append("ScrollHidesLatency benchmark failed: " + short_error(sc["error"]))
    de = g.get("decode", {})
    by_prov = {}
    for r in de.get("results", []):
        ns = r["metrics"].get("ns/op")
        if ns:
            by_prov.setdefault((r["pkg"] or "").rsplit("/", 1)[-1], []).append(ns)
    seen = set(by_prov)
    for prov in sorted(by_prov):
        v = by_prov[prov]
        ns = statistics.median(v)
        row("Decode + normalize a 1,000-entry page: %s (Go bench `BenchmarkDecodePage`, median)" % prov,
            fmt_ns(ns) + spread(v), "—", "< 5 ms", yes(ns < 5e6))
    for prov in sorted(os.listdir(os.path.join(args.repo, "sources"))):
        if prov not in seen and os.path.isfile(os.path.join(args.repo, "sources", prov, "codec.go")):
            row("Decode + normalize a 1,000-entry page: %s" % prov, "no benchmark", "—", "< 5 ms", "not measured")
    if de.get("error"):
        notes.append("Decode benchmarks: " + short_error(de["error"]))



def plural(n, word):
    return "%d %s%s" % (n, word, "" if n == 1 else "s")


def fmt_ms(v, digits=1):
    return "n/a" if v is None else "%.*f ms" % (digits, v)


def ms_range(v, digits=2):
    """The median of v (seconds) in ms, with its range when there are several."""
    v = sorted(x for x in v if x is not None)
    if not v:
        return "n/a"
    med = "%.*f ms" % (digits, statistics.median(v) * 1000)
    if len(v) < 2:
        return med
    return "%s (%.*f–%.*f, %d runs)" % (med, digits, v[0] * 1000, digits, v[-1] * 1000, len(v))


def s_range(v):
    v = sorted(x for x in v if x is not None)
    if not v:
        return "n/a"
    return fmt_s(statistics.median(v)) + ("" if len(v) < 2 else " (%s–%s)" % (fmt_s(v[0]), fmt_s(v[-1])))


def render_depth(rep, g, row, notes):
    """The rows at depth (issue 21): held j, the walk past the cap, insights,
    a page arriving at the cap, held PgDn."""
    held = rep.get("held") or {}
    if held:
        def cpu(pred):
            v, errs = [], []
            for name, rs in held.items():
                if pred(name):
                    v += [r["cpu_per_press"] for r in rs if "cpu_per_press" in r]
                    errs += ["%s: %s" % (name, r["error"]) for r in rs if "error" in r]
            return v, errs

        alone, e1 = cpu(lambda n: n.endswith("(list alone, p)"))
        both, e2 = cpu(lambda n: n.endswith("(list and detail)"))
        lv, e3 = cpu(lambda n: n == "lnav")
        runs = max(len(alone), len(lv), 1)
        met = None
        if alone and lv:
            met = statistics.median(alone) <= statistics.median(lv)
        row("CPU per held `j` at 30 Hz in the real process, 100k file (pty, 300 presses, the idle rate taken off; "
            "%s alternating): trail the list alone (`p`); with its detail pane" % plural(runs, "run"),
            "%s; %s" % (ms_range(alone), ms_range(both)), "lnav: %s" % ms_range(lv), "≤ lnav's", yes(met))
        for e in e1 + e2 + e3:
            notes.append("held j: " + e)
    for r in rep.get("walk") or []:
        sm = r.get("summary") or {}
        if r.get("error"):
            notes.append("walk: %s" % r["error"])
        cap, al = sm.get("at_cap") or {}, sm.get("all") or {}
        ev = sm.get("events") or 0
        tgt_ok = None
        if cap.get("presses"):
            tgt_ok = cap["p90_ms"] < 50
        row("`?` (open, then close) while `G` walks a %s-event Canary emulator API past the 200k cap, pages of "
            "1,000 (pty): at the cap p90, median, max; all presses" % format(ev, ","),
            "at the cap (%d): p90 %s, median %s, max %s; all %d: p90 %s, median %s, max %s"
            % (cap.get("presses") or 0, fmt_ms(cap.get("p90_ms"), 0), fmt_ms(cap.get("median_ms"), 0),
               fmt_ms(cap.get("max_ms"), 0), al.get("presses") or 0, fmt_ms(al.get("p90_ms"), 0),
               fmt_ms(al.get("median_ms"), 0), fmt_ms(al.get("max_ms"), 0)),
            "one frame at 60 Hz: 17 ms", "p90 < 50 ms at the cap", yes(tgt_ok))
        raw = sm.get("raw_per_event")
        per = sm.get("rss_per_100k")
        capr = sm.get("rss_at_cap")
        met = None
        if per and raw:
            met = per <= (raw + 1024) * 100_000
        row("RSS of that walk: growth per 100k events (%s → %s loaded); at the 200k cap; peak"
            % tuple(format(x, ",") for x in (sm.get("rss_span") or ["?", "?"])),
            "%s; %s; %s" % (fmt_mib(per), "%s–%s" % (fmt_mib(capr[0]).replace(" MiB", ""), fmt_mib(capr[1]))
                            if capr else "not reached", fmt_mib(sm.get("hwm"))),
            "raw JSON: %s per 100k (%.0f B an event)" % (fmt_mib(raw * 100_000), raw) if raw else "n/a",
            "≤ raw + ~1 KB an event%s" % (" (%s per 100k)" % fmt_mib((raw + 1024) * 100_000) if raw else ""),
            yes(met))
        if per and raw:
            notes.append("RSS of the walk: %.0f B an event beyond its raw JSON." % (per / 100_000 - raw))
        notes.append("The walk: `G` to the end of %s events took %s; %s loaded at the end; %d presses missed their "
                     "screen within 10 s." % (format(ev, ","), fmt_s(sm.get("walk_s")),
                                              format(sm.get("loaded_end") or 0, ","), al.get("missed") or 0))
    ins = rep.get("insights") or {}
    if ins:
        tv, th, lv, lm, errs = [], [], [], [], []
        for name, rs in ins.items():
            for r in rs:
                if "error" in r:
                    errs.append("%s: %s" % (name, r["error"]))
                elif name == "lnav":
                    if r.get("rc"):
                        errs.append("lnav exited %s: %s" % (r["rc"], (r.get("output") or "")[-200:]))
                    lv.append(r["seconds"])
                    lm.append(r.get("maxrss"))
                else:
                    tv.append(r["seconds"])
                    th.append(r.get("hwm"))
        met = None
        if tv and lv and all(th):
            met = statistics.median(tv) <= statistics.median(lv) and max(th) <= 100 * 2**20
        label = (rep.get("files") or {}).get("label", "1M")
        row("Insights over every page (`s`, `A`) of the %s-event file: time; peak memory (pty, %s)"
            % (label, plural(len(tv), "run")),
            "%s; %s" % (s_range(tv), fmt_mib(max(th)) if th and all(th) else "n/a"),
            "lnav's four GROUP BY queries (actors, actions, IPs, days), `lnav -n`: %s; %s"
            % (s_range(lv), fmt_mib(max(lm)) if lm and all(lm) else "n/a"),
            "≤ lnav's time; ≤ 100 MiB", yes(met))
        for e in errs:
            notes.append("insights: " + e)
    ar = g.get("arrival", {})
    a1 = [v["ns/op"] for v in bench_values(ar, "BenchmarkPageArrivalAtCap/page=100")]
    a2 = [v["ns/op"] for v in bench_values(ar, "BenchmarkPageArrivalAtCap/page=1000")]
    if a2:
        row("A page arriving with 200k events loaded, UI goroutine (Go bench `BenchmarkPageArrivalAtCap`): "
            "1,000 events; 100", "%s; %s" % (ms_range([x / 1e9 for x in a2]), ms_range([x / 1e9 for x in a1])),
            "—", "< 2 ms for 1,000", yes(statistics.median(a2) < 2e6))
    if ar.get("error"):
        notes.append("PageArrivalAtCap benchmark failed: " + short_error(ar["error"]))
    pg = g.get("pgdn", {})
    for largest, label, limit in (
            (1000, "Held PgDn at 30 Hz on a 300 ms API, pages of 100 growing to 1,000, 120x40, %d s (Go bench "
             "`BenchmarkHeldPgDn`): frames showing the loading row" % pg.get("seconds", 20),
             "0 % with pages of 1,000 (3,333 rows a second at 300 ms a page; the key asks about 1,000)"),
            (100, "Held PgDn, the same, pages of 100 that cannot grow: a second request in flight (Go bench "
             "`BenchmarkHeldPgDn`): frames showing the loading row",
             "two pages of 100 a round trip: 667 rows a second, about what the key asks at 120x40")):
        v = bench_values(pg, "BenchmarkHeldPgDn/page=100/largest=%d/sizer=true/ahead=true" % largest)
        if v:
            lf, fr = v[0].get("%loading-frames"), v[0].get("frames")
            row(label, "%.2f %% of %d" % (lf, fr), limit, "≤ 5 %", yes(lf <= 5))
    if pg.get("error"):
        notes.append("HeldPgDn benchmark failed: " + short_error(pg["error"]))


def render_files(rep, g, row, notes):
    fi = rep.get("files")
    if fi:
        label = fi["label"]

        def med(kind, name):
            rs = fi[kind].get(name, [])
            return median_of(rs, "wall"), spread_s(rs, "wall"), [r["error"] for r in rs if "error" in r]

        t, ts, te = med("filter", "trail")
        for name, tgt in (("grep -i", True), ("grep", False)):
            o, os_, oe = med("filter", name)
            ratio = "%.1fx" % (t / o) if t and o else "n/a"
            row("Whole-file question: text filter with no match, %s events (%s): trail `export --text` vs `%s -c` "
                "(trail / %s: %s)" % (label, fmt_mib(fi["size"]), name, name, ratio),
                fmt_s(t) + ts, "%s: %s%s" % (name, fmt_s(o), os_), "≤ 5x %s" % name,
                yes(t <= 5 * o if t and o else None))
            for e in oe:
                notes.append("%s: %s" % (name, e))
        o, os_, oe = med("filter", "lnav")
        row("Whole-file question: open and filter with no match, %s events (lnav headless `:filter-in`)" % label,
            fmt_s(t) + ts, fmt_s(o) + os_, "", "")
        for e in te + oe:
            notes.append("filter: %s" % e)
        t, ts, te = med("export", "trail")
        c, cs, _ = med("export", "cat")
        if fi.get("jq"):
            j, js, je = med("export", "jq")
            row("Export %s events from a file: `trail export` vs `jq -c .` (cat: %s)" % (label, fmt_s(c)),
                fmt_s(t) + ts, "jq: %s%s" % (fmt_s(j), js), "≤ ½ jq's", yes(t <= j / 2 if t and j else None))
            for e in je:
                notes.append("jq: %s" % e)
        else:
            row("Export %s events from a file: `trail export` (cat: %s)" % (label, fmt_s(c)), fmt_s(t) + ts,
                "jq not installed: not compared", "≤ ½ jq's", "not measured")
        for e in te:
            notes.append("export: %s" % e)
    ex = g.get("export", {})
    wv = [v["ns/op"] for v in bench_values(ex, "BenchmarkExportVsWalk/walk")]
    ev = [v["ns/op"] for v in bench_values(ex, "BenchmarkExportVsWalk/export")]
    if wv and ev:
        a, b = statistics.median(wv), statistics.median(ev)
        row("Export from an API (Canary emulator on loopback, 20k events, pages of 1,000) vs a plain page walk "
            "(Go bench; export / walk: %.2fx)" % (b / a), fmt_ns(b) + spread(ev), "walk: %s" % (fmt_ns(a) + spread(wv)),
            "≤ 1.3x the walk", yes(b <= 1.3 * a))
    if ex.get("error"):
        notes.append("ExportVsWalk benchmark failed: " + short_error(ex["error"]))
    fv = [v["ns/op"] for v in bench_values(g.get("filter", {}), "BenchmarkFilterNoMatch")]
    if fv:
        row("Whole-file question in process: the file source's filter with no match, the same file (Go bench "
            "`BenchmarkFilterNoMatch`)", fmt_ns(statistics.median(fv)), "—", "", "")
    if g.get("filter", {}).get("error"):
        notes.append("FilterNoMatch benchmark failed: " + short_error(g["filter"]["error"]))
    fr = bench_values(g.get("find", {}), "BenchmarkFindNearTheEnd")
    if fr:
        fm = statistics.median([v["find-ms/op"] for v in fr])
        gm = statistics.median([v["grep-ms/op"] for v in fr])
        ratio = statistics.median([v["find/grep"] for v in fr])
        row("`/` on past the loaded window: a word first met in the file's last line, from its start, vs "
            "`grep -m1 -i -F` in the same iterations (Go bench `BenchmarkFindNearTheEnd`; find / grep: %.1fx)" % ratio,
            fmt_ns(fm * 1e6), "grep -i: %s" % fmt_ns(gm * 1e6), "near grep", "")
    if g.get("find", {}).get("error"):
        notes.append("FindNearTheEnd benchmark failed: " + short_error(g["find"]["error"]))


def render_footer(rep, args, w, notes):
    m = rep["machine"]
    w("")
    w("Machine: %s, %s cores, %s RAM, Linux %s (%s); %s; %s; Python %s; trail at %s." % (
        m.get("cpu", "?"), m.get("cores", "?"), m.get("ram", "?"), m.get("kernel", "?"), m.get("os", "?"),
        m.get("go", "?"), m.get("lnav", "?"), m.get("python", "?"), m.get("commit", "?")))
    ls, le = m.get("load_start"), m.get("load_end")
    if ls and le:
        w("")
        w("Load average (1, 5, 15 min): %.2f %.2f %.2f at the start, %.2f %.2f %.2f at the end."
          % (tuple(ls) + tuple(le)))
        idle = m.get("idle") or {}
        seen = idle.get("seen") or []
        if seen:
            busy = sum(1 for f in seen if f < 0.8)
            w("CPU idle just before each of the %d timed measurements: median %.0f %%, lowest %.0f %%; %d of them "
              "started on a busy machine after waiting %.0f s (waits in all: %.0f s)."
              % (len(seen), statistics.median(seen) * 100, min(seen) * 100, busy, idle.get("wait", 0),
                 idle.get("waited", 0)))
        # The CPU's idleness sampled just before each measurement says more
        # than the load average, which lags by minutes.
        busy_run = (min(seen) < 0.8) if seen else max(ls[0], le[0]) > 0.5 * (m.get("cores") or 1)
        if busy_run:
            notes.insert(0, "The machine was busy with other work during the run (load average up to %.1f on %s "
                         "cores%s): times, CPU times and Go benchmarks are inflated and vary from run to run; byte "
                         "counts and memory are not affected."
                         % (max(ls[0], le[0]), m.get("cores"),
                            ", CPU %.0f %% idle at worst before a measurement" % (min(seen) * 100) if seen else ""))
    w("")
    secs = m.get("seconds")
    w("Command: `%s` (from the repository root)%s." % (
        args.command, "; the run took %d min %02d s" % (secs // 60, secs % 60) if secs else ""))
    cmds = []
    for key in ("arrival", "pgdn", "cursor", "search", "scroll", "decode", "export", "filter", "find"):
        run_ = rep["go"].get(key)
        if run_:
            envp = {"scroll": "TRAIL_SCROLL_SECONDS=%d " % run_.get("seconds", 0),
                    "pgdn": "TRAIL_SCROLL_SECONDS=%d " % run_.get("seconds", 0),
                    "export": "TRAIL_BENCH_EVENTS=20000 ", "filter": "TRAIL_BENCH_FILE=canary-%s.jsonl "
                    % (rep.get("files") or {}).get("label", "1M").lower(),
                    "find": "TRAIL_BENCH_FILE=canary-%s.jsonl "
                    % (rep.get("files") or {}).get("label", "1M").lower()}.get(key, "")
            cmds.append("`%s%s`" % (envp, " ".join(shell_quote(a) for a in run_["cmd"])))
    if cmds:
        w("Go benchmarks: " + "; ".join(cmds) + ".")
    if notes:
        w("")
        w("Notes:")
        w("")
        for n in notes:
            w("- " + n)


if __name__ == "__main__":
    # depth.py imports this module as bench: let it find this one, with its
    # lists of live sessions, rather than load a second copy.
    sys.modules.setdefault("bench", sys.modules[__name__])
    main()
