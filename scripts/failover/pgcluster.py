"""A throwaway PostgreSQL cluster for ShowCall's failover test and benchmarks, as
../shared/postgres-notes.md describes: initdb in a temporary directory, a free loopback port,
run as the `postgres` user when we are root (PostgreSQL refuses to run as root)."""
import os, shutil, socket, subprocess, tempfile

BIN = "/usr/lib/postgresql/15/bin"


class Cluster:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="showcall-pg-")
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.dir, "postgres")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self._pg("initdb", "-D", f"{self.dir}/data", "-A", "trust", "-U", "showcall")
        self.start()

    def _pg(self, tool, *args):
        cmd = [f"{BIN}/{tool}", *args]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--"] + cmd
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    @property
    def url(self):
        return f"postgres://showcall@127.0.0.1:{self.port}/postgres"

    def start(self):
        self._pg("pg_ctl", "-D", f"{self.dir}/data", "-o",
                 f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1", "-l", f"{self.dir}/log", "-w", "start")

    def stop(self, mode="fast"):
        self._pg("pg_ctl", "-D", f"{self.dir}/data", "-m", mode, "-w", "stop")

    def sql(self, query):
        return subprocess.run(["psql", "-qtA", self.url, "-c", query], check=True, capture_output=True, text=True).stdout

    def close(self):
        try:
            self.stop("immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


if __name__ == "__main__":
    # For the Swift tests: `pgcluster.py start` prints the cluster's URL and directory (it keeps
    # running, as pg_ctl leaves it); `pgcluster.py stop DIR` stops it and removes the directory.
    import sys
    if sys.argv[1:] == ["start"]:
        c = Cluster()
        print(c.url, c.dir)
    elif len(sys.argv) == 3 and sys.argv[1] == "stop":
        c = Cluster.__new__(Cluster)
        c.dir, c.as_postgres = sys.argv[2], os.geteuid() == 0
        c.close()
    else:
        sys.exit("usage: pgcluster.py start | stop DIR")
