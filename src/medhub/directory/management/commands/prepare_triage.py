import time

from django.core.management.base import BaseCommand

from medhub.directory import triage


class Command(BaseCommand):
    help = (
        "Embeds the specialties' names, synonyms and descriptions for triage once and keeps them under "
        "MEDHUB_VAR_DIR/triage/, so that no request waits for it (run after a deploy or a change of specialties)."
    )

    def handle(self, *args, **options):
        if not triage.model_enabled():
            self.stdout.write("Triage runs on the lexicon alone (MEDHUB_TRIAGE_MODEL=0): nothing to prepare.")
            return
        started = time.monotonic()
        vectors = triage.specialty_vectors()
        self.stdout.write(
            f"Triage ready: {len(vectors.ids)} specialties, {vectors.matrix.shape[0]} passages, "
            f"in {time.monotonic() - started:.1f} s."
        )
