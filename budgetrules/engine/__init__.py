"""Checking: the plugin registry, rules and rulesets, checking files and batches, the result cache, root causes, and the review workflow's accepted findings, diffs and last year."""
