"""Funding statements on the web (issue 10, item 6): a provider's remittance, an LEA's
withholding, the state's summary with the appropriation's balance, and their CSV and Excel
files. The reads are ``seats.funding.selectors.statements`` and ``.summary``."""
