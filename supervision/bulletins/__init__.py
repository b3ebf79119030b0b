"""通报: the office's bulletins of a month, a quarter or a year."""
