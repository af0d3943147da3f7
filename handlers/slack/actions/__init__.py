"""Block Kit actions (button clicks, menus), one module per feature (see bot/features.py)."""
