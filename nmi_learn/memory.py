"""Large buffers go back to the system as soon as they are freed.

A build makes hundreds of files of a few hundred kilobytes each (PDFs, pages)
and puts each on disk once made (spool.py). With glibc's default, which raises
its threshold for serving large blocks from their own mappings as soon as one is
freed, such blocks come from the heap instead and their freed space stays in
the process: a build of 10,000 facts then held about 100 MB it no longer used.
A fixed threshold keeps every block from 64 KiB up in its own mapping, given
back whole when freed. Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter
OWN_MAPPING_FROM = 64 * 1024


def return_large_blocks() -> None:
    """Serve blocks of OWN_MAPPING_FROM bytes and more from their own mappings, in this process."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the interpreter runs on
    except (OSError, AttributeError):  # not glibc: its allocator decides
        return
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt(M_MMAP_THRESHOLD, OWN_MAPPING_FROM)
