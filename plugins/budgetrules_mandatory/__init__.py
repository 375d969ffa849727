"""budgetrules plugin: mandatory (work in progress)."""
