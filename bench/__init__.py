"""Throughput benchmarks: ``python -m bench`` (or ``make bench``) runs them all, one core each."""
