"""Scan targets: collected once per scan, read-only, shared by every check of a surface."""
