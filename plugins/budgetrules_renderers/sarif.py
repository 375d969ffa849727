"""Renderer: sarif (work in progress)."""
