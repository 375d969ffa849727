"""The built-in document loaders (each module is its own plugin, registered by entry point)."""
