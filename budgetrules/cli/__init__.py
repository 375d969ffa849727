"""The ``budgetrules`` command line: its commands, options, output files and exit codes."""
