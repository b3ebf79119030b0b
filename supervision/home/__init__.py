"""The office home: what needs the office today."""
