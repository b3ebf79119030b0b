"""Evaluations (终期评估 / 中期评估) of a plan: task verdicts, indicator completion, the office's sections."""
