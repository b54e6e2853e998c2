"""Pure logic: typed values and functions, no I/O, no UI, no database."""
