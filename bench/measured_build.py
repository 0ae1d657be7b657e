"""One whole default build in a process of its own, as `nmi-learn build` runs it; prints what it measured.

    python bench/measured_build.py CURRICULUM OUT

Prints one line of JSON: seconds to import, to load and validate, of each
target and of the writing, the peak memory of this process and of the
largest Typst worker (the workers are ended and waited for, so the system
counts them). bench.py runs it and times the whole process from outside.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main() -> None:
    started = time.perf_counter()
    from nmi_learn.build import BuildOptions, build
    from nmi_learn.cli import source_date_epoch
    from nmi_learn.curriculum import open_curriculum
    from nmi_learn.outputs import OutputLayout

    try:
        from nmi_learn.memory import return_large_blocks
    except ImportError:  # a version of nmi-learn without it (to compare with)
        pass
    else:
        return_large_blocks()  # as `nmi-learn build` does
    imported = time.perf_counter()
    curriculum = open_curriculum(Path(sys.argv[1]))
    loaded = time.perf_counter()
    report = build(curriculum, OutputLayout.under(Path(sys.argv[2])), BuildOptions(source_date_epoch=source_date_epoch()))
    built = time.perf_counter()
    try:
        from nmi_learn.typst_pool import shutdown
    except ImportError:  # a version of nmi-learn without worker processes (to compare with)
        pass
    else:
        shutdown()
    print(json.dumps({
        "import": imported - started, "load and validate": loaded - imported, **report.seconds,
        "build": built - loaded, "files": len(report.written),
        "peak MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker peak MB": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
