"""Acme Assist, the hardened edition: the same product and API as ``chatbot_vulnerable``, done right."""
