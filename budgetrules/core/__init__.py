"""Values and the object graph: printed amounts and their comparison, the model of a disclosure, findings, table kinds, quantities and the other vocabularies every layer shares."""
