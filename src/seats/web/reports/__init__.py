"""The reports pages (seats.reports): completion rates, the annual provider report (page, PDF,
CSV, Excel), its public version, and the state's uploads and text for it."""
