"""nmi-learn: teaching material from hand-curated, source-cited facts."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("nmi-learn")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
