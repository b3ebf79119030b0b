"""Plan catalogue: plans, their import and export, the plan indicators."""
