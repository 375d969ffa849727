"""Renderer: junit (work in progress)."""
