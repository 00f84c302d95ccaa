"""Reads of the orgs app; every list and detail applies the user's data scope (orgs.scopes)."""
