"""Benchmarks: `make bench`. Each prints a table with ratios against a baseline measured in the same run."""
