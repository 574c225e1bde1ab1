"""The only code of the reports app that changes state: each service is one transaction with
keyword-only arguments, and only the state (or the console, ``Actor.system()``) may call it."""
