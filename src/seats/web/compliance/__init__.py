"""The compliance pages (seats.compliance): the provider's TOR spreadsheet, findings and yearly
calendar; the state's view of every provider and the steps it takes."""
