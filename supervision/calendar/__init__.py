"""The working-day calendar (official holidays, make-up working days, local exceptions)."""
