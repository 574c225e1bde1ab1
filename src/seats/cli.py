"""The ``seats`` console command: Django's management utility with SEATS settings preselected.

A database that is missing or not migrated yet is reported in one line with what to run,
never as a traceback.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seats.settings.development")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    try:
        execute_from_command_line(["seats", *sys.argv[1:]])
    except ImproperlyConfigured as exc:
        sys.exit(f"seats: configuration error: {exc}")
    except DatabaseError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        print(
            f"seats: the database is not ready ({first_line}). "
            "Run `seats migrate` first, and check DATABASE_URL (docs/configuration.md).",
            file=sys.stderr,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
