"""Reads of pupil-accounting records, scoped to what each role may see."""
