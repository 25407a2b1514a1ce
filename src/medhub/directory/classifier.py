"""Triage's third signal: a linear classifier over the embedding model's vectors (decision 0028).

The lexicon knows words and the specialty passages know what each specialty is; neither knows how
patients *write*: a long inquiry whose history names a knee replacement but that asks for
physiotherapy, or a father's hydrocephalus described in lay words. A multinomial logistic
regression, trained on labelled example texts written for medhub in the ten languages
(``data/triage_examples/<lang>.txt``: ``lang|kind|code|text``), reads the same query vector the
triage already computes and says how likely each specialty is.

Only its weights ship (``data/triage_classifier.npz``: 17 × 384 numbers, a bias per specialty, the
digest of the examples they were trained on); ``manage.py train_triage`` embeds the examples and
trains them again after the examples change (a test fails while the digest is stale). Nothing is
trained or downloaded at run time.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from medhub.core.i18n import normalize_text
from medhub.directory import search

logger = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
EXAMPLES_DIR = DATA / "triage_examples"
WEIGHTS_FILE = DATA / "triage_classifier.npz"
# Training: L2 penalty and Adam steps (chosen by cross-validation on the examples,
# bench/triage_tune.py; never on the held-out sets).
L2 = 1e-3
STEPS = 400
LEARNING_RATE = 0.05
# e5's vectors all lie in a narrow cone (cosines 0.7–0.9): they are centred on the examples' mean
# and multiplied by this before the linear layer, so that the weights stay near one.
SCALE = 10.0


@dataclass(frozen=True)
class Example:
    lang: str
    kind: str  # q: a short search query; i: a free-text inquiry
    code: str
    text: str


def read_examples(folder: Path = EXAMPLES_DIR) -> list[Example]:
    rows: list[Example] = []
    for path in sorted(folder.glob("*.txt")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("|", 3)
            if len(parts) != 4 or parts[1] not in {"q", "i"} or not parts[3].strip():
                raise ValueError(f"{path.name}:{number}: expected lang|q-or-i|code|text")
            rows.append(Example(*(part.strip() for part in parts)))
    return rows


def digest(examples: list[Example]) -> str:
    content = "\n".join(f"{e.lang}|{e.kind}|{e.code}|{e.text}" for e in examples)
    return hashlib.sha256(content.encode()).hexdigest()[:24]


def model_text(text: str) -> str:
    """What the embedding model reads of a text: folded, without the general words (as triage)."""
    folded = normalize_text(text or "")
    return " ".join(w for w in folded.split() if not search.is_general(w.strip(search._PUNCTUATION)))


@dataclass(frozen=True)
class Classifier:
    codes: tuple[str, ...]
    center: np.ndarray  # 384: the mean of the training vectors
    weights: np.ndarray  # 384 × classes
    bias: np.ndarray  # classes
    trained_on: str  # digest of the examples

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        logits = _features(vector[None, :], self.center)[0] @ self.weights + self.bias
        logits -= logits.max()
        odds = np.exp(logits)
        odds /= odds.sum()
        return dict(zip(self.codes, odds.tolist(), strict=True))


def _features(vectors: np.ndarray, center: np.ndarray) -> np.ndarray:
    return SCALE * (vectors.astype(np.float64) - center)


def train(vectors: np.ndarray, labels: list[str], *, l2: float = L2, steps: int = STEPS) -> Classifier:
    """Multinomial logistic regression with an L2 penalty, fitted by full-batch Adam (deterministic:
    starts at zero, no sampling). ``vectors``: examples × 384, as the embedding model gives them."""
    codes = tuple(sorted(set(labels)))
    position = {code: n for n, code in enumerate(codes)}
    center = vectors.astype(np.float64).mean(axis=0)
    features = _features(vectors, center)
    target = np.zeros((len(labels), len(codes)))
    target[np.arange(len(labels)), [position[label] for label in labels]] = 1.0
    # Each specialty weighs the same however many examples it has.
    sample_weight = target @ (len(labels) / (len(codes) * np.maximum(target.sum(axis=0), 1)))
    parameters = [np.zeros((features.shape[1], len(codes))), np.zeros(len(codes))]
    moments = [[np.zeros_like(p), np.zeros_like(p)] for p in parameters]
    beta1, beta2 = 0.9, 0.999
    for step in range(1, steps + 1):
        weights, bias = parameters
        logits = features @ weights + bias
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        odds /= odds.sum(axis=1, keepdims=True)
        error = (odds - target) * sample_weight[:, None] / len(labels)
        gradients = [features.T @ error + l2 * weights, error.sum(axis=0)]
        for parameter, gradient, moment in zip(parameters, gradients, moments, strict=True):
            moment[0] = beta1 * moment[0] + (1 - beta1) * gradient
            moment[1] = beta2 * moment[1] + (1 - beta2) * gradient * gradient
            corrected = moment[0] / (1 - beta1**step)
            parameter -= LEARNING_RATE * corrected / (np.sqrt(moment[1] / (1 - beta2**step)) + 1e-8)
    return Classifier(codes=codes, center=center, weights=parameters[0], bias=parameters[1], trained_on="")


def save(classifier: Classifier, trained_on: str, path: Path = WEIGHTS_FILE) -> None:
    np.savez_compressed(
        path,
        codes=np.array(classifier.codes),
        center=classifier.center.astype(np.float32),
        weights=classifier.weights.astype(np.float32),
        bias=classifier.bias.astype(np.float32),
        trained_on=np.array(trained_on),
    )


_lock = threading.Lock()
_loaded: dict[str, Classifier | None] = {}


def load(path: Path = WEIGHTS_FILE) -> Classifier | None:
    """The shipped classifier, read once per process (None when the file is missing)."""
    key = str(path)
    if key not in _loaded:
        with _lock:
            if key not in _loaded:
                try:
                    with np.load(path) as data:
                        _loaded[key] = Classifier(
                            codes=tuple(str(code) for code in data["codes"]),
                            center=data["center"].astype(np.float64),
                            weights=data["weights"].astype(np.float64),
                            bias=data["bias"].astype(np.float64),
                            trained_on=str(data["trained_on"]),
                        )
                except (OSError, KeyError, ValueError):
                    logger.warning("triage: no classifier at %s; triage uses the lexicon and the passages", path)
                    _loaded[key] = None
    return _loaded[key]


def embed_examples(examples: list[Example], folder: Path, embed) -> np.ndarray:
    """The examples' query vectors (``embed``: texts → vectors), kept in ``folder`` under the
    examples' digest so that training again, or tuning, does not embed them twice."""
    path = folder / f"examples-{digest(examples)}.npy"
    try:
        vectors = np.load(path)
        if vectors.shape == (len(examples), 384):
            return vectors
    except (OSError, ValueError):
        pass
    vectors = np.stack([embed(model_text(e.text)) for e in examples]) if examples else np.zeros((0, 384))
    folder.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors.astype(np.float32))
    return vectors
