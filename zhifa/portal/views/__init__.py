"""The public portal's pages (no login)."""
