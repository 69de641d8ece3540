"""Benchmark programs, each run as ``python bench/NAME.py`` (see ``--help``), and their shared helpers.

An importable package, so that tests call the same helpers (``bench.served.free_port``,
``bench.search_quality.QUERY_SETS``, ``bench.crash_ingest.ingest``) without editing ``sys.path``;
each program puts the repository root on the path itself when it runs as a script.
"""

__all__ = ["served"]
