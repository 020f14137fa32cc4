"""How long this machine's disk takes to make a small write durable, as a commit does: writes
4 KiB in place in a preallocated file and calls fdatasync, 400 times a second (configuration
B's rate), and prints the latency's percentiles and every stall over 10 ms with its time.

usage: python3 bench/disk/fsync_probe.py [DIRECTORY] [--seconds 20] [--rate 400]
DIRECTORY is where the data directory would be (default: the current one); the probe's file is
removed at the end. See docs/BENCHMARKS.md ("Where B's tail comes from").
"""
import argparse
import os
import tempfile
import time

parser = argparse.ArgumentParser()
parser.add_argument("directory", nargs="?", default=".")
parser.add_argument("--seconds", type=float, default=20.0)
parser.add_argument("--rate", type=float, default=400.0)
args = parser.parse_args()

size = 4 << 20
fd, path = tempfile.mkstemp(prefix="fsync-probe-", dir=args.directory)
try:
    os.ftruncate(fd, size)
    os.fsync(fd)
    block = os.urandom(4096)
    latencies, stalls, position = [], [], 0
    start = time.monotonic()
    next_at = start
    while time.monotonic() - start < args.seconds:
        os.pwrite(fd, block, position)
        position = (position + len(block)) % size
        began = time.monotonic()
        os.fdatasync(fd)
        took = (time.monotonic() - began) * 1000
        latencies.append(took)
        if took > 10:
            stalls.append((round(began - start, 2), round(took, 1)))
        next_at += 1 / args.rate
        time.sleep(max(0.0, next_at - time.monotonic()))
    latencies.sort()

    def at(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(len(latencies) * q))]

    print(f"fdatasync of 4 KiB in {os.path.abspath(args.directory)}: {len(latencies)} in {args.seconds:.0f} s; "
          f"p50 {at(0.5):.2f} ms, p99 {at(0.99):.2f} ms, p99.9 {at(0.999):.2f} ms, max {latencies[-1]:.1f} ms")
    print(f"stalls over 10 ms (s since start, ms): {stalls if stalls else 'none'}")
finally:
    os.close(fd)
    os.unlink(path)
