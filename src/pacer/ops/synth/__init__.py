"""Synthetic companies at scale for ``pacer generate`` and the benchmarks.

The generator draws every table as numpy columns from one seed (``numpy.random.Generator``), so
the same seed and reference day always give identical rows; the writer loads them with COPY on
PostgreSQL and ``bulk_create`` in large batches on SQLite.
"""
