"""nmi-learn: teaching material from hand-curated, source-cited facts."""


def __getattr__(name: str) -> str:
    """`__version__`, read from the installed package's metadata only when asked for (it is slow to load)."""
    if name != "__version__":
        raise AttributeError(f"module 'nmi_learn' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("nmi-learn")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0+unknown"
