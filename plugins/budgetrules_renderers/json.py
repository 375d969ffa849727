"""Renderer: json (work in progress)."""
