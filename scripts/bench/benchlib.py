"""What the benchmark scripts share: the release `showcall` they measure, a standalone simulator
with its rate limits off (the benchmarks measure ShowCall, not the platforms' limits), the profile
that points every platform at it, a directory on disk for journals, and the table's rows."""
import importlib.machinery, importlib.util, os, re, statistics, subprocess, sys, tempfile

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(BENCH))
# scripts/bench/run builds it (release, static, stripped) and says which it is in $SHOWCALL.
SHOWCALL = os.environ.get("SHOWCALL") or os.path.join(BENCH, ".build", "release", "showcall")


def _crash_test():
    """scripts/crash/crash-test as a module: its profile is the one for a standalone simulator."""
    path = os.path.join(ROOT, "scripts", "crash", "crash-test")
    loader = importlib.machinery.SourceFileLoader("crash_test", path)
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("crash_test", loader))
    loader.exec_module(module)
    return module


def row(name, value, unit, target=""):
    print(f"{name}\t{value}\t{unit}\t{target}", flush=True)


def spread(values, digits=0):
    """The median and the range of `values`, as the table shows them."""
    return f"{statistics.median(values):.{digits}f}", f"({min(values):.{digits}f}-{max(values):.{digits}f})"


def alternated(sides, runs):
    """Each side's `runs` measurements after one warm-up, the sides taking turns within each round
    so that the machine's drift hits all alike: {side: [values]}."""
    results = {side: [] for side in sides}
    for round in range(runs + 1):
        for side, measure in sides.items():
            value = measure()
            if round > 0:
                results[side].append(value)
    return results


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


class Bench:
    """A standalone simulator, a work directory on disk (not tmpfs: journals are fsync'd where an
    operator's would be) holding the profile, and `showcall run` in it."""

    def __init__(self, name):
        self.sim = subprocess.Popen([SHOWCALL, "sim", "--port", "0", "--no-rate-limits"], stdout=subprocess.PIPE, text=True)
        self.base = re.search(r"on (http://\S+)", self.sim.stdout.readline()).group(1)
        self.dir = tempfile.mkdtemp(prefix=f"showcall-{name}-", dir=os.path.expanduser("~"))
        # The libraries of the checkout measured ($SHOWCALL_STDLIB when measuring another one).
        self.env = dict(os.environ, SHOWCALL_PROFILE="crash")
        self.env.setdefault("SHOWCALL_STDLIB", os.path.join(ROOT, "stdlib"))
        self.profile(self.base)
        self.runs = 0

    def profile(self, base, webex=None):
        """Every platform at `base` (Webex at `webex` if given), the clients' rate limits off."""
        text = _crash_test().profile(base)
        if webex:
            text = text.replace(f'"{base}/webex"', f'"{webex}/webex"')
        with open(os.path.join(self.dir, "showcall.toml"), "w") as f:
            f.write("[crash]\nrate_limits = false\n" + text)

    @property
    def filesystem(self):
        """The journal's file system, e.g. "ext4 (/dev/vda)"."""
        out = subprocess.run(["df", "--output=fstype,source", self.dir], capture_output=True, text=True).stdout.split()
        return f"{out[-2]} ({out[-1]})"

    def journal(self):
        self.runs += 1
        return os.path.join(self.dir, f"run-{self.runs}.jsonl")

    def command(self, script, args, options, journal):
        """`showcall run` with its journal in a file (`journal`, else a new one here), or in a
        store when `options` name one."""
        where = [] if "--store" in options else ["--journal", journal or self.journal()]
        return [SHOWCALL, "run", *where, *options, os.path.join(BENCH, script), *map(str, args)]

    def run(self, script, *args, options=(), journal=None):
        """Runs `script` to its end; answers its standard output."""
        r = subprocess.run(self.command(script, args, options, journal), cwd=self.dir, env=self.env, capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"{script} failed ({r.returncode}): {r.stderr[-800:]}")
        return r.stdout

    def start(self, script, *args, options=(), journal=None):
        """Starts `script`; its standard error is a pipe to read."""
        return subprocess.Popen(self.command(script, args, options, journal), cwd=self.dir, env=self.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def close(self):
        self.sim.terminate()
        self.sim.wait()
        subprocess.run(["rm", "-rf", self.dir])
