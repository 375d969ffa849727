"""Building a document: reading input files safely, assembling lines and grids into the object graph, tables, title blocks, the contents page, identity and document sets."""
