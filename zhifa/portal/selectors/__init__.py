"""Public reads of the portal: no user, no scope — only what is published (see each module)."""
