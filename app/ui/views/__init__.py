"""One module per screen; each exposes a function that returns an ft.View."""
