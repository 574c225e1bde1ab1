"""Exit 0 when a PostgreSQL server answers at the URL given as the only argument."""

import sys

import psycopg


def main() -> int:
    try:
        with psycopg.connect(sys.argv[1], connect_timeout=3) as conn:
            conn.execute("select 1")
    except Exception as exc:  # any failure means "not reachable"
        print(f"PostgreSQL not reachable: {exc.__class__.__name__}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
