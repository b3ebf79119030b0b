"""Delivery channels of the outbox: e-mail (SMTP) and the webhook."""
