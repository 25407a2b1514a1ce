"""``manage.py import_registry FILE [--dry-run]``: the national registry file applied to the
hub's copy. Refused rows are listed on stderr; the last line on stdout is always
``rows N, institutions I, facilitators F, created C, updated U, unchanged K, errors E``."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from medhub.registry import parsing, services


class Command(BaseCommand):
    help = "Imports the national registry of institutions and facilitators (CSV in UTF-8 or CP949, or XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The registry file (CSV or XLSX).")
        parser.add_argument("--dry-run", action="store_true", help="Count what would change; write nothing.")

    def handle(self, *args, **options):
        with translation.override("en"):
            try:
                summary = services.import_file(options["file"], dry_run=options["dry_run"])
            except FileNotFoundError as exc:
                raise CommandError(f"No such file: {options['file']}") from exc
            except parsing.RegistryFileError as exc:
                raise CommandError(str(exc)) from exc
            for error in summary.errors:
                self.stderr.write(f"row {error['row']}: {parsing.error_message(error['code'], error['value'])}")
            if summary.error_count > len(summary.errors):
                self.stderr.write(f"... and {summary.error_count - len(summary.errors)} more refused rows")
        self.stdout.write(summary.line())
