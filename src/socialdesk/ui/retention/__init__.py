"""Retention: the files due for deletion (dialog) and the Today hint."""
