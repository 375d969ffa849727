"""Renderer: text (work in progress)."""
