"""Settings modules: ``development`` (default for ``seats``), ``production`` and ``test``."""
