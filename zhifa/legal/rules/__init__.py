"""Domain rules of the legal app: pure functions citing their statute (no database access)."""
