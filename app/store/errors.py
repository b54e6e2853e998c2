"""The store's one error."""


class StoreError(Exception):
    """The local database cannot be opened or used."""
