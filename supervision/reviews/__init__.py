"""Reviews (审核) of reports by the department head and the office."""
