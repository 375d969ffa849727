"""Loader: docx (work in progress)."""
