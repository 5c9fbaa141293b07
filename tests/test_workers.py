"""A gunicorn worker keeps the memory one page frees for the next (ceoblog/workers.py)."""

import platform
import runpy
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ceoblog import workers

ROOT = Path(__file__).resolve().parent.parent

# Counts the minor page faults of a fresh interpreter while it does what a worker does per
# page: it prints the most faults per repetition.
FAULTS = """
import resource, sys
sys.path.insert(0, {root!r})
from ceoblog import workers

def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
"""

# A page's text: a few hundred KB joined, encoded and sent in pieces.
PAGES = """
pieces = ["<li>comment %d</li>" % number * 30 for number in range(2000)]

def page():
    data = "".join(pieces).encode()
    return len(b"".join(data[start:start + 65536] for start in range(0, len(data), 65536)))

if {tuned}:
    assert workers.keep_freed_memory()
for _ in range(10):
    page()
before = faults()
for _ in range(100):
    page()
print((faults() - before) / 100)
"""

# A loop of small calls at each depth of the frame stack in turn: at some depth its calls
# land across the edge of a chunk of frames.
CALLS = """
def leaf(a, b):
    return a + b

def at_depth(depth):
    if depth:
        return at_depth(depth - 1)
    before = faults()
    for _ in range(300):
        leaf(1, 2)
    return faults() - before

def worst():
    return max(at_depth(depth) for depth in range(400))

print(workers.with_roomy_frame_stack(worst)() if {tuned} else worst())
"""


def most_faults(program, *, tuned):
    code = textwrap.dedent(FAULTS.format(root=str(ROOT)) + program.format(tuned=tuned))
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return float(result.stdout)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's mallopt() is not here")
def test_a_page_worth_of_freed_memory_is_kept_for_the_next_page():
    # Without it glibc hands the blocks back and faults fresh pages in for each page.
    assert most_faults(PAGES, tuned=False) > 100
    assert most_faults(PAGES, tuned=True) < 5


@pytest.mark.skipif(sys.version_info >= (3, 13), reason="CPython 3.13 keeps a spare frame chunk")
def test_calls_at_every_depth_share_one_chunk_of_the_frame_stack():
    # Without it, at the worst depth each call maps a chunk of its own (one fault each).
    assert most_faults(CALLS, tuned=False) >= 250
    assert most_faults(CALLS, tuned=True) < 5


def test_each_gunicorn_worker_runs_on_a_roomy_stack_and_keeps_freed_memory(monkeypatch):
    kept = []
    monkeypatch.setattr(workers, "keep_freed_memory", lambda: kept.append(True))
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))

    class Worker:
        def run(self):
            return sys._getframe(1).f_code.co_name, "served"

    worker = Worker()
    config["post_worker_init"](worker)
    assert kept == [True]
    caller, served = worker.run()
    assert served == "served"
    if sys.version_info < (3, 13):
        assert caller == "_call_in_roomy_chunk"
