"""Text sources of the add-in: the ribbon XML and the hand-written VBA module."""
