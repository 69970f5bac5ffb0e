"""Acme Assist, the deliberately vulnerable edition: every flaw of launchready's catalogue is planted here.

Never deploy this. The ground-truth table in README.md lists each flaw, where it lives and which check
finds it.
"""
