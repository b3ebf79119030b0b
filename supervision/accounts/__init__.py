"""Accounts: departments, users and roles, login with the authenticator step, passwords."""
