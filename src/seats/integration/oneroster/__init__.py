"""OneRoster 1.2 CSV: the bulk export of a provider's paid enrollments and its validator."""
