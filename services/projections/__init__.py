"""The read side: views derived from the notification log, rebuildable at any time (DESIGN.md invariant 2)."""
