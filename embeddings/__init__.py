"""Embeddings: the text encoder, vector indexes (FAISS), the lexical index, caching and hybrid search."""

from embeddings.cache import EmbeddingCache, text_digest
from embeddings.encoder import (BACKENDS, DEFAULT_MODEL, Encoder, OnnxEncoder, SentenceTransformerEncoder,
                                choose_device, create_encoder, resolve_model_path)
from embeddings.errors import EmbeddingsError, IndexMismatch, ModelLoadError
from embeddings.index import FaissFlatIndex, FaissHNSWIndex, VectorIndex, create_index, load_index
from embeddings.lexical import BM25Index, tokenize
from embeddings.records import Chunk, ChunkSource
from embeddings.search import SEARCH_MODES, SearchEngine

__all__ = [
    "BACKENDS", "DEFAULT_MODEL", "Encoder", "OnnxEncoder", "SentenceTransformerEncoder", "create_encoder",
    "choose_device", "resolve_model_path",
    "EmbeddingCache", "text_digest", "EmbeddingsError", "IndexMismatch", "ModelLoadError",
    "VectorIndex", "FaissFlatIndex", "FaissHNSWIndex", "create_index", "load_index",
    "BM25Index", "tokenize", "SEARCH_MODES", "SearchEngine", "Chunk", "ChunkSource",
]
