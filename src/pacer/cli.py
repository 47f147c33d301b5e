"""The ``pacer`` command.

``pacer import|export|demo …`` are Pacer's own verbs; every other word is handed to Django's
management commands, so ``pacer migrate`` or ``pacer runserver`` work as well.
"""

from __future__ import annotations

import os
import sys

# Pacer's verbs and the management commands that implement them.
VERBS = {
    "import": "pacer_import",
    "export": "pacer_export",
    "demo": "demo",
}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pacer.settings")
    from django.core.management import execute_from_command_line

    if args and args[0] in VERBS:
        args[0] = VERBS[args[0]]
    execute_from_command_line(["pacer", *args])


if __name__ == "__main__":
    main()
