"""TF-IDF cosine similarity of short goal statements, on scipy.sparse.

The formula is scikit-learn's TfidfVectorizer default plus sublinear tf: tf = 1 + ln(count),
idf = ln((1 + N) / (1 + df)) + 1, rows L2-normalized, similarity = dot product. It is written
here (about sixty lines) rather than pulled in with scikit-learn, because the engine needs the
matrices themselves in two shapes (a dense "head" of frequent terms for BLAS, a sparse "tail")
and sklearn would add ~40 MB of dependencies for the tokenizer alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

_TOKEN = re.compile(r"[a-z][a-z0-9]+")

# Words that carry no meaning about what someone wants from mentoring.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "get",
        "getting",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "like",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "want",
        "wants",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "year",
        "years",
        "someone",
        "something",
        "learn",
        "learning",
        "help",
        "improve",
        "better",
        "new",
        "work",
        "working",
        "get",
        "make",
        "role",
        "job",
    ]
)


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens without stop words; a plural 's' is dropped so forms meet."""
    return [term for term in map(_term, _TOKEN.findall(text.lower())) if term is not None]


@functools.lru_cache(maxsize=65536)
def _term(word: str) -> str | None:
    """The term a word counts as, None for a stop word (cached: a pool repeats its words)."""
    if word in STOP_WORDS:
        return None
    if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@dataclass(frozen=True)
class TfidfMatrix:
    """Rows are documents (L2-normalized TF-IDF), columns are `terms`."""

    matrix: sp.csr_matrix
    terms: tuple[str, ...]


def fit_tfidf(documents: Sequence[str]) -> TfidfMatrix:
    """TF-IDF rows for `documents`; idf is fitted on these same documents."""
    tokens_of: dict[str, list[str]] = {}
    token_lists = [
        tokens_of.get(doc) or tokens_of.setdefault(doc, tokenize(doc)) for doc in documents
    ]
    vocabulary = sorted({t for tokens in tokens_of.values() for t in tokens})
    index = {term: k for k, term in enumerate(vocabulary)}
    n_docs, n_terms = len(documents), len(vocabulary)
    lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=n_docs)
    term_ids = np.fromiter(
        (index[t] for tokens in token_lists for t in tokens), dtype=np.int64, count=lengths.sum()
    )
    doc_ids = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    # (doc, term) keys sorted: counts per pair, already in CSR order.
    keys, counts = np.unique(doc_ids * max(1, n_terms) + term_ids, return_counts=True)
    rows, cols = keys // max(1, n_terms), keys % max(1, n_terms)
    df = np.bincount(cols, minlength=n_terms)
    idf = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
    data = (1.0 + np.log(counts)) * idf[cols]
    norms = np.sqrt(np.bincount(rows, weights=data * data, minlength=n_docs))
    data *= _inverse_or_zero(norms)[rows]
    indptr = np.searchsorted(rows, np.arange(n_docs + 1))
    matrix = sp.csr_matrix((data, cols, indptr), shape=(n_docs, n_terms))
    return TfidfMatrix(matrix=matrix, terms=tuple(vocabulary))


def _inverse_or_zero(values: NDArray[np.float64]) -> NDArray[np.float64]:
    out = np.zeros_like(values)
    np.divide(1.0, values, out=out, where=values > 0)
    return out


DENSE_LOOKUP_MAX = 8_000_000  # cells (64 MB) up to which cosine_pairs reads the right side densely


def cosine_pairs(
    left: sp.csr_matrix,
    right: sp.csr_matrix,
    rows_left: NDArray[np.int64],
    rows_right: NDArray[np.int64],
) -> NDArray[np.float64]:
    """Cosine similarity of left[rows_left[k]] and right[rows_right[k]] for every k.

    Each entry of the left rows is looked up by (right row, term) among the right matrix's
    own entries (CSR with sorted indices: its keys are sorted already, and few enough to stay
    in cache); no per-pair Python, and the right rows are never expanded per pair. Products
    are summed per pair in term order."""
    pairs = len(rows_left)
    if pairs == 0:
        return np.zeros(0, dtype=np.float64)
    k_a, term_a, w_a = _expand(left, rows_left)
    cells = right.shape[0] * right.shape[1]
    if cells <= DENSE_LOOKUP_MAX and len(k_a) >= cells // 8:
        # Many entries against a small right matrix: read it densely. An absent term reads
        # 0.0, and adding 0.0 leaves each sum bit for bit what the join below gives.
        table = right.toarray()
        rows_b = np.asarray(rows_right, dtype=np.int64)[k_a]
        sims = np.bincount(k_a, weights=w_a * table[rows_b, term_a], minlength=pairs)
        return np.clip(sims, 0.0, 1.0)
    width = max(left.shape[1], right.shape[1], 1)
    right_rows = np.repeat(np.arange(right.shape[0], dtype=np.int64), np.diff(right.indptr))
    key_b = right_rows * width + right.indices  # sorted
    key_a = np.asarray(rows_right, dtype=np.int64)[k_a] * width + term_a
    at = np.searchsorted(key_b, key_a)
    at_ok = np.minimum(at, max(len(key_b) - 1, 0))
    hit = (at < len(key_b)) & (key_b[at_ok] == key_a) if len(key_b) else np.zeros(0, bool)
    sims = np.bincount(k_a[hit], weights=w_a[hit] * right.data[at_ok[hit]], minlength=pairs)
    return np.clip(sims, 0.0, 1.0)


def _expand(
    matrix: sp.csr_matrix, rows: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """(pair index, term, weight) of every entry of matrix[rows[k]], sorted by (k, term)."""
    starts = matrix.indptr[rows]
    counts = matrix.indptr[rows + 1] - starts
    total = int(counts.sum())
    offsets = starts - (np.cumsum(counts) - counts)
    pos = np.arange(total, dtype=np.int64) + np.repeat(offsets, counts)
    k = np.repeat(np.arange(len(rows), dtype=np.int64), counts)
    return k, matrix.indices[pos].astype(np.int64), matrix.data[pos]


def shared_terms(
    tfidf: TfidfMatrix, left: sp.csr_matrix, right: sp.csr_matrix, row_left: int, row_right: int
) -> list[str]:
    """Terms both documents use, biggest contribution to the cosine first."""
    a = slice(left.indptr[row_left], left.indptr[row_left + 1])
    b = slice(right.indptr[row_right], right.indptr[row_right + 1])
    common, ia, ib = np.intersect1d(
        left.indices[a], right.indices[b], assume_unique=True, return_indices=True
    )
    if len(common) == 0:
        return []
    weight = left.data[a][ia] * right.data[b][ib]
    order = np.lexsort((common, -weight))
    return [tfidf.terms[common[k]] for k in order]
