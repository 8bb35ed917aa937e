"""Benchmarks: each ``bench_<topic>.py`` has a ``main()`` that prints and records its figures."""
