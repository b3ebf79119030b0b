"""Progress reports, cooperating contributions and the office's reviews."""
