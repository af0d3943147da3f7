"""Program settings: the defaults and what coordinators can change."""
