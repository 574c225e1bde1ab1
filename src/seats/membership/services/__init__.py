"""The only code that changes pupil-accounting records; one transaction per call."""
