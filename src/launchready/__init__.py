"""launchready."""
