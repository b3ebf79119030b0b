"""Benchmark data: realistic volumes for measuring pages, jobs and reports at scale."""
