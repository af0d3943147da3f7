"""The outbox: every message is a row first; one dispatcher paces and sends them."""
