"""Loader: pdf (work in progress)."""
