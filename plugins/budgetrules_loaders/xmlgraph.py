"""Loader for the project XML (work in progress)."""
