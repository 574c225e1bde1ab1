"""The SEATS Django app: records (models), services (the only writers), selectors, commands."""
