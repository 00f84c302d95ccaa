"""Pages of the orgs app (thin: parse → scoped selector → service → render)."""
