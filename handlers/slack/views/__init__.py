"""Modal submissions, one module per feature (see bot/features.py)."""
