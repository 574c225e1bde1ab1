"""Compliance rules (issue 11, parts 3-5): the TOR accountability timeline, the yearly provider
cycle, the Course Request Spreadsheet and record retention. Pure functions; no Django."""
