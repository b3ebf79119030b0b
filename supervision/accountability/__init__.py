"""约谈 and 问责 records: who was interviewed or held accountable, why, the minutes and the outcome."""
