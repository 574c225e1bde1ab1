"""The ``seats`` console command: Django's management utility with SEATS settings preselected."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seats.settings.development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["seats", *sys.argv[1:]])


if __name__ == "__main__":
    main()
