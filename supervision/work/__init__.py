"""The read side of daily work: workbench, office overview, milestone page, list queries, SQL lights."""
