"""Loader: xlsx (work in progress)."""
