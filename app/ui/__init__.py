"""Flet views and components. No SQL and no HTTP here: views draw and call."""
