"""Machinery that several checks share: secrets scanning, route inventory, e-mail auth, source reading."""
