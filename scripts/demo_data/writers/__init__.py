"""One writer per raw table (or per group of tables drawn in one pass), each a mixin of Block."""
