"""Selectors: the code that reads. Every query a person's request runs starts from ``access``."""
