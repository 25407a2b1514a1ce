from django.core.management.base import BaseCommand

from medhub.directory.services import organizations_reindex_all


class Command(BaseCommand):
    help = "Rebuilds the free-text search index (search_text) of every organization."

    def handle(self, *args, **options):
        count = organizations_reindex_all()
        self.stdout.write(f"Reindexed {count} organizations.")
