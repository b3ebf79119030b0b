"""整改: rectification items opened by the office, answered by departments, accepted (销号) or returned."""
