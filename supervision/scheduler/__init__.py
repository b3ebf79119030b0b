"""The scheduler: the table of jobs, the scheduler process and its record of job runs."""
