"""The JSON API for other government systems (/api/v1) and the tokens that open it."""
