"""Import one module of a heavy package without running the package's ``__init__`` first.

``import underthesea`` loads chunking, NER, POS tagging, requests and joblib before anything can be used;
``import datasketch`` loads every sketch it offers, and its LSH pulls ``scipy.integrate``. The review needs
one function of each (the sentence splitter, the word segmenter, MinHash), so :func:`submodule` imports
just that module. The package itself stands in ``sys.modules`` with its ``__init__`` not yet run; the first
time anyone asks it for a name it does not have (``import underthesea; underthesea.ner(...)`` or ``from
underthesea import ner``), the real ``__init__`` runs then, in place — so other code sees the package as
usual, and reuses the modules already loaded.

:func:`loading_uncollected` is the other half of a light start: modules loaded with the cyclic collector paused.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType


def submodule(name: str, after: tuple[str, ...] = ()) -> ModuleType:
    """The module ``name`` (e.g. ``"underthesea.pipeline.sent_tokenize"``), its top package's ``__init__``
    deferred. ``after``: modules to import first, in that order, where the package's ``__init__`` does so to
    break an import cycle of its own."""
    if name in sys.modules:
        return sys.modules[name]
    top = name.split(".", 1)[0]
    if top not in sys.modules:
        spec = importlib.util.find_spec(top)
        if spec is None or spec.submodule_search_locations is None or spec.loader is None:
            return importlib.import_module(name)
        sys.modules[top] = _deferred_package(spec)
    for first in after:
        importlib.import_module(first)
    return importlib.import_module(name)


def _deferred_package(spec) -> ModuleType:
    package = importlib.util.module_from_spec(spec)
    running = False

    def complete(attr: str):
        """PEP 562 hook: a name the package does not have yet — run its ``__init__`` now, then look again."""
        nonlocal running
        if running or attr.startswith("__"):
            raise AttributeError(f"module {spec.name!r} has no attribute {attr!r}")
        running = True
        del package.__getattr__
        spec.loader.exec_module(package)
        return getattr(package, attr)

    package.__getattr__ = complete
    return package


def lazy_module(name: str) -> ModuleType:
    """The module ``name``, loaded only when one of its attributes is first used (importlib's LazyLoader): a
    module that needs numpy only on the corpus path (the matcher, the store) costs nothing on the others."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return importlib.import_module(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module


@contextmanager
def loading_uncollected() -> Iterator[None]:
    """No cyclic collection while modules (and the data loaded with them: a rule set, a model) load — nothing of
    that is garbage, and the collector's passes over the new objects cost 5–10 % of the loading; what they made
    is then frozen out of later passes (``gc.freeze``: it lives as long as the process)."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
