"""How triage's weights and the classifier's training settings were chosen: by cross-validation
on the labelled examples (src/medhub/directory/data/triage_examples/), never on the held-out sets.

    .venv/bin/python bench/triage_tune.py [--folds 5]

Builds a throw-away SQLite database with the 17 specialties, embeds the examples once (kept under
var/triage/), and for each fold trains the classifier on the other folds and reads the fold's
examples with all three signals. It prints the share of inquiries whose right specialty comes
first and of queries whose right specialty comes first, for a grid of weights, and how many
texts naming nothing (nonsense, greetings) would wrongly name a specialty.
"""

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Texts that must name no specialty (the same kind as the API's tests use).
NOTHING = ["xyzzy plugh", "hello", "%", "asdf qwer", "thank you very much", "안녕하세요", "привет", "mersi", "ok", "???"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--examples", type=Path, action="append", help="a folder of examples (default: the shipped ones)")
    args = parser.parse_args()
    var = tempfile.mkdtemp(prefix="medhub-tune-")
    os.environ.update(MEDHUB_VAR_DIR=var, MEDHUB_CACHE_DIR=os.path.join(var, "cache"), MEDHUB_LOG_LEVEL="WARNING")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("MEDHUB_TRIAGE_VECTORS_DIR", str(ROOT / "var" / "triage"))
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medhub.settings")
    import django

    django.setup()
    import numpy as np
    from django.conf import settings
    from django.core.management import call_command

    from medhub.core.i18n import normalize_text
    from medhub.directory import classifier, search, triage
    from medhub.directory.models import Specialty
    from medhub.directory.services import directory_changed

    call_command("migrate", verbosity=0)
    rows = json.loads((classifier.DATA / "specialties.json").read_text(encoding="utf-8"))
    for position, row in enumerate(rows):
        Specialty.objects.create(
            code=row["code"], name=row["name"], synonyms=row["synonyms"], description=row["description"], position=position
        )
    directory_changed()
    ids = {row.code: row.id for row in search.specialty_terms()}
    codes = sorted(ids)
    examples = [e for folder in args.examples or [classifier.EXAMPLES_DIR] for e in classifier.read_examples(folder)]
    vectors = classifier.embed_examples(examples, Path(settings.MEDHUB_TRIAGE_VECTORS_DIR), triage.embedder().query)
    print(f"{len(examples)} examples, {sum(e.kind == 'i' for e in examples)} inquiries")
    labels = [e.code for e in examples]
    order = np.random.default_rng(7).permutation(len(examples))
    fold_of = np.empty(len(examples), dtype=int)
    fold_of[order] = np.arange(len(examples)) % args.folds

    def columns(per_id: dict[int, float]) -> np.ndarray:
        return np.array([per_id.get(ids[code], 0.0) for code in codes])

    lexicon = np.zeros((len(examples), len(codes)))
    named = np.zeros(len(examples), dtype=bool)
    share = np.zeros_like(lexicon)
    similar = np.zeros_like(lexicon)
    for n, example in enumerate(examples):
        folded = normalize_text(example.text)
        language = search.detect_language(folded, example.lang)
        weighted, _general = search.lexicon_weights(folded, language)
        named[n] = bool(weighted)
        lexicon[n] = columns({sid: triage.lexical_strength(words) for sid, words in weighted.items()})
        found = triage.similarities_to(vectors[n])
        similar[n] = columns(found)
        share[n] = columns(triage.shares(found))
    if os.environ.get("TUNE_DUMP"):
        np.savez(
            os.environ["TUNE_DUMP"],
            vectors=vectors,
            lexicon=lexicon,
            named=named,
            share=share,
            similar=similar,
            labels=np.array(labels),
            kinds=np.array([e.kind for e in examples]),
            langs=np.array([e.lang for e in examples]),
            files=np.array([e.text for e in examples]),
            codes=np.array(codes),
            fold_of=fold_of,
        )
        return
    settings_grid = [(l2, 400) for l2 in (3e-4, 1e-3, 3e-3)]
    truth = np.array([codes.index(label) for label in labels])
    inquiry = np.array([e.kind == "i" for e in examples])
    for l2, steps in settings_grid:
        likely = np.zeros_like(lexicon)
        for fold in range(args.folds):
            train = fold_of != fold
            model = classifier.train(vectors[train], [labels[n] for n in np.flatnonzero(train)], l2=l2, steps=steps)
            for n in np.flatnonzero(~train):
                by_code = model.probabilities(vectors[n])
                likely[n] = [by_code.get(code, 0.0) for code in codes]
        alone = (likely.argmax(axis=1) == truth).mean()
        print(f"classifier l2={l2:g} steps={steps}: alone {100 * alone:.1f} % first")
        for lexicon_weight in (0.2, 0.3, 0.4, 0.5, 0.6):
            for classifier_share in (0.0, 0.5, 0.7, 0.85, 1.0):
                model_part = (1 - classifier_share) * share + classifier_share * likely
                score = np.where(named[:, None], lexicon_weight * lexicon + (1 - lexicon_weight) * model_part, model_part)
                right = score.argmax(axis=1) == truth
                print(
                    f"  lexicon {lexicon_weight:.1f} classifier share {classifier_share:.2f}: inquiries first"
                    f" {100 * right[inquiry].mean():.1f} %, queries first {100 * right[~inquiry].mean():.1f} %"
                )
    model = classifier.train(vectors, labels)
    for text in NOTHING:
        result = triage.signals(text, None)
        confident = triage._confident(result.similar, triage.shares(result.similar), result.likely)
        best = max(model.probabilities(triage.embedder().query(classifier.model_text(text))).values())
        print(f"nothing: {text!r}: names {'NOTHING' if confident is None else 'A SPECIALTY'} (classifier best {best:.2f})")


if __name__ == "__main__":
    main()
