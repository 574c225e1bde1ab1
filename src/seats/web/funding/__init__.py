"""The funding pages (seats.funding): the monthly payment run (preview, approve, post), the
home-school appropriation, and "why (not) paid" on the CCA page."""
