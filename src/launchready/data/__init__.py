"""Data files shipped with launchready (word lists), read with importlib.resources."""
