class ActionRefused(Exception):
    """A write that the rules do not allow now; the message is for the user."""
