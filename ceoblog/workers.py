"""How a gunicorn worker is set up to serve: two costs of the platform, paid once, not per page.

Both were found by counting a worker's minor page faults per request (docs/performance.md, "Page
faults in the worker"): hundreds per page, each a few microseconds of system time, for memory
given back to the kernel at the end of one request and asked for again in the next.
deploy/gunicorn.conf.py calls these in each worker; nothing else needs them.
"""

import contextlib
import ctypes
import functools
import sys

# glibc's mallopt() parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

# A cached post page with 200 comments is a few hundred KB of text, held several times over
# (joined, encoded, filled in): glibc gave such blocks back to the kernel when they were freed
# and faulted fresh pages in for the next request (109 faults a request). Blocks up to this size
# come from the heap instead ...
MMAP_THRESHOLD = 4 * 1024 * 1024
# ... and the heap keeps this much freed memory at its top for the next request.
TRIM_THRESHOLD = 32 * 1024 * 1024


def keep_freed_memory():
    """Let this process keep memory it frees for its next request; return whether it could.

    glibc only (musl and others have no such setting: nothing changes there). A worker holds
    at most TRIM_THRESHOLD more than it otherwise would; gunicorn's max_requests recycles it.
    """
    with contextlib.suppress(OSError, AttributeError):
        mallopt = ctypes.CDLL(None).mallopt
        return bool(
            mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
            and mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
        )
    return False


# CPython 3.11 and 3.12 keep the frames of running Python functions in 16 KB chunks and free a
# chunk as soon as the frame at its start returns. A loop whose calls land across a chunk's edge
# maps and unmaps a chunk at every call (CPython issue gh-142183, fixed in 3.13): 146 times for a
# home page rendered from scratch, 257 for a post page. Where the edges fall moves with every
# middleware or template. A chunk is made as large as the frame that needs it, so a first frame
# that declares a large value stack (never used: only its locals are written) gets a chunk of
# 1 MB all of whose room after it, about 400 KB, stays mapped while that frame runs. A request
# needs a few tens of KB of frames.
_ROOMY_STACK_SLOTS = 80_000


def _call_in_roomy_chunk(function, *args, **kwargs):
    return function(*args, **kwargs)


_call_in_roomy_chunk.__code__ = _call_in_roomy_chunk.__code__.replace(
    co_stacksize=_ROOMY_STACK_SLOTS
)


def with_roomy_frame_stack(function):
    """Return function, to be called so that every call under it shares one roomy frame chunk.

    Wrap a long-lived loop (a gunicorn worker's run()), not each request: the chunk is mapped
    once, when the wrapper is called, and stays for as long as it runs.
    """
    if sys.version_info >= (3, 13):
        return function
    return functools.partial(_call_in_roomy_chunk, function)
