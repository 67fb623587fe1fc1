"""Report production: requests as events, view models from the read side, storage by content hash."""
