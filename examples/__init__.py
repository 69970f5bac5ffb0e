"""Example chatbot products that launchready scans: one with the catalogue's flaws planted, one hardened."""
