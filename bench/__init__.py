"""Benchmarks, run with their own commands (`python -m bench.<name>`)."""
