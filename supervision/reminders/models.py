"""Models of this package (filled in with the feature)."""
