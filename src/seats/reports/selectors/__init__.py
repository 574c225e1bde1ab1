"""Reads of the reports app: completion rates and the annual report, scoped by the viewer."""
