"""Security: response headers, session limits, login limits, the secadmin's policy, virus scanning."""
