"""Data exchange with other systems: bulk files, OneRoster export, the UTREx consistency check."""
