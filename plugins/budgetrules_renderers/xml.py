"""Renderer: xml (work in progress)."""
