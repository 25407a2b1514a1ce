from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils import translation

from medhub.demo.directory import DemoBuilder, demo_clear, demo_exists
from medhub.stats.services import national_statistics_load


class Command(BaseCommand):
    help = "Builds the fictional demo hub and loads the national statistics (once, unless --reset)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", action="store_true", help="Build 20,000 institutions and 200,000 offerings.")
        parser.add_argument("--institutions", type=int, help="Number of institutions (default 60, 20,000 with --scale).")
        parser.add_argument("--offerings-per-institution", type=int, help="Default 5, 10 with --scale.")
        parser.add_argument("--reset", action="store_true", help="Remove the existing directory first.")
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when a directory already exists.")

    def handle(self, *args, **options):
        with translation.override("en"):
            self._handle(**options)

    def _handle(self, **options):
        if settings.PRODUCTION:
            raise CommandError("The demo hub is not built on a production deployment.")
        if demo_exists():
            if options["if_empty"]:
                self.stdout.write("The demo hub is already loaded.")
                self._print_logins()
                return
            if not options["reset"]:
                raise CommandError("A directory already exists: use --reset to rebuild it.")
            demo_clear()
        count = options["institutions"] or (20_000 if options["scale"] else 60)
        per = options["offerings_per_institution"] or (10 if options["scale"] else 5)
        if count < 1 or per < 1:
            raise CommandError("Counts must be 1 or more.")
        # The demo's people are fictional: what the build sends them (application receipts,
        # complaint acknowledgements, invitations) is kept in memory, not printed or sent.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            summary = DemoBuilder(institutions=count, offerings_per_institution=per).build()
        stats = national_statistics_load()
        self.stdout.write(
            f"Demo hub built: {summary.institutions} institutions, {summary.offerings} offerings, "
            f"{summary.practitioners} practitioners, {summary.partners} partner services, "
            f"{summary.facilitators} facilitators; national statistics: {stats}."
        )
        self._print_logins()

    def _print_logins(self):
        from medhub.accounts.models import Membership

        secret = settings.MEDHUB_DEMO_TOTP_SECRET
        self.stdout.write(f"Demo logins (password for all: {settings.MEDHUB_DEMO_PASSWORD}):")
        for membership in Membership.objects.select_related("user", "organization").order_by("id"):
            if not membership.user.has_usable_password():
                continue  # demo people who never sign in (the other interpreters)
            where = f" at {membership.organization}" if membership.organization_id else ""
            self.stdout.write(f"  {membership.get_role_display():<20} {membership.user.username}{where}")
        self.stdout.write(
            f"Staff logins ask for a TOTP code: add the secret {secret} to an authenticator app "
            f"(or run: oathtool --totp -b {secret})."
        )
