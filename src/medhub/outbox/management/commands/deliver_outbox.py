"""Sends the outbox's pending messages: once, or every N seconds with --loop N."""

import time

from django.core.management.base import BaseCommand

from medhub.outbox.services import deliver_pending


class Command(BaseCommand):
    help = "Send pending outbox messages (emails); with --loop N, keep doing it every N seconds."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=int, default=0, metavar="SECONDS", help="repeat every SECONDS seconds")

    def handle(self, *args, loop: int, **options):
        while True:
            sent = deliver_pending()
            if sent or options["verbosity"] > 1:
                self.stdout.write(f"outbox: {sent} sent")
            if not loop:
                return
            time.sleep(loop)
