"""Reads of the legal app (scoped by zhifa.orgs.scopes), one module per area."""
