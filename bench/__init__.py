"""Pacer's benchmarks (`make bench`): figures and ratios at enterprise size, not in `make test`."""
