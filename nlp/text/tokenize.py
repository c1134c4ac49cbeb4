"""Tokenising the narrative into a spaCy ``Doc`` in linear time.

spaCy's Chinese tokenizer aligns jieba's words to the text with ``spacy.util.get_words_and_spaces``,
which slices the remaining text for every word: quadratic (a 3 MB text spent 22 s there).
:func:`make_doc` produces the same tokens with a search that starts at the current offset instead
of copying the rest of the text.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


def words_and_spaces(words: list[str], text: str) -> tuple[list[str], list[bool]]:
    """What ``spacy.util.get_words_and_spaces`` returns for ``words`` and ``text``, in linear time."""
    if "".join("".join(words).split()) != "".join(text.split()):
        raise ValueError("the words do not match the text")
    out_words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    n = len(text)
    for word in words:
        if word.isspace():
            continue
        start = text.index(word, pos)
        if start > pos:
            out_words.append(text[pos:start])
            spaces.append(False)
        out_words.append(word)
        spaces.append(False)
        pos = start + len(word)
        if pos < n and text[pos] == " ":
            spaces[-1] = True
            pos += 1
    if pos < n:
        out_words.append(text[pos:])
        spaces.append(False)
    return out_words, spaces


def make_doc(pipe: Language, text: str) -> Doc:
    """``pipe.make_doc(text)`` for the jieba-segmented Chinese pipeline, in linear time (any other
    tokenizer is called as it is). The length limit is the caller's (``XXGK_MAX_CHARS`` in nlp.parse)."""
    seg = getattr(pipe.tokenizer, "jieba_seg", None)
    if seg is None:
        return pipe.make_doc(text)
    words, spaces = words_and_spaces([w for w in seg.cut(text, cut_all=False) if w], text)
    return Doc(pipe.vocab, words=words, spaces=spaces)
