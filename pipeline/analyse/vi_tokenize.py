"""underthesea's sentence splitter and word segmenter, loaded fast and once.

``import underthesea`` costs ≈ 0.3–2 s before anything runs (chunking, NER, POS tagging, requests,
joblib); the word segmenter's model then loads its 72,000-word dictionary through joblib's pure-Python
unpickler (≈ 0.4 s). A review needs the sentence splitter on every draft, and the word segmenter only
when a passage may repeat the corpus. So:

- the sentence splitter is underthesea's own module, imported without the package's ``__init__``
  (:func:`pipeline.core.lazy_import.submodule`);
- the word segmenter is underthesea's own ``word_tokenize`` with the same CRF model files, read with the
  standard (C) unpickler — they are plain pickles — and without importing joblib.

Same functions, same model, same results (tests/analyse/test_segment.py compares with ``underthesea.word_tokenize``
run in a fresh process); on any surprise (another underthesea layout) the ordinary import is used.
"""

from __future__ import annotations

import pickle
import sys
import types
from functools import lru_cache
from pathlib import Path

from pipeline.core.lazy_import import submodule

_NORMALIZER = "underthesea.pipeline.text_normalize.text_normalizer"
_MODEL = "ws_crf_vlsp2013_20230727"


@lru_cache(maxsize=1)
def sentence_splitter():
    """underthesea's ``sent_tokenize``."""
    return submodule("underthesea.pipeline.sent_tokenize").sent_tokenize


@lru_cache(maxsize=1)
def word_segmenter():
    """underthesea's ``word_tokenize``, its model loaded once."""
    try:
        return _fast_word_tokenize()
    except Exception:  # noqa: BLE001 - an underthesea we do not know: load it the ordinary way
        from underthesea import word_tokenize

        return word_tokenize


@lru_cache(maxsize=200_000)
def word_tokens(text: str) -> tuple[str, ...]:
    """Lower-cased word tokens of one sentence or passage (multi-syllable words joined by '_')."""
    return tuple(w.lower().replace(" ", "_") for w in word_segmenter()(text))


def _load_pickle(path: Path):
    with path.open("rb") as fh:
        return pickle.load(fh)  # noqa: S301 - underthesea's own model files, installed with the package


def _fast_word_tokenize():
    pipeline = submodule("underthesea.pipeline")
    folder = Path(pipeline.__path__[0])
    if _NORMALIZER not in sys.modules:  # what text_normalizer.py holds, without its `import joblib`
        rules = sorted((folder / "text_normalize").glob("tn_rules_*.bin"))[-1]
        data = _load_pickle(rules)
        normalizer = types.ModuleType(_NORMALIZER)
        normalizer.character_map, normalizer.token_map = data["character"], data["token"]
        sys.modules[_NORMALIZER] = normalizer
    module = submodule("underthesea.pipeline.word_tokenize", after=("underthesea.pipeline.text_normalize",))
    if module.word_tokenize_model is None:
        module.word_tokenize_model = _Tagger(folder / "word_tokenize" / "models" / _MODEL)
    return module.word_tokenize


class _Tagger:
    """underthesea's FastCRFSequenceTagger (load + predict), its pickles read with the C unpickler."""

    def __init__(self, folder: Path):
        from underthesea_core import CRFFeaturizer, CRFTagger

        self.estimator = CRFTagger()
        self.estimator.load(str(folder / "models.bin"))
        self.featurizer = CRFFeaturizer(_load_pickle(folder / "features.bin"), _load_pickle(folder / "dictionary.bin"))

    def predict(self, tokens):
        return self.estimator.tag(self.featurizer.process([tokens])[0])
