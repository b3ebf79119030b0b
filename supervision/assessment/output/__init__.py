"""Scorecards and the summary as PDF files, rendered in batches and kept for download."""
