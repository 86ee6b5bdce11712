"""Plumbing every app may use (below accounts in the import order): no models, no domain rules."""
