"""Adult education's pages (issue 12): program staff, directors and the state's specialist."""
