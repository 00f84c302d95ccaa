"""Adapters to external systems, one folder each (ARCHITECTURE §3: integrations/<system>/)."""
