"""Errors that stop one file from being checked (never the batch)."""

from __future__ import annotations


class InputError(Exception):
    """A file cannot be read as a disclosure. ``str()`` is one line naming the file and the problem."""

    def __init__(self, path: str, problem: str):
        # one line whatever a parser's message holds (lxml ends its messages with a newline and a position)
        problem = " ".join(str(problem).split())
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class UsageError(Exception):
    """The command line or a configuration file (ruleset, catalogue) is wrong."""
