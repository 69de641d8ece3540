"""Embeddings: encoders (in-process, pipelined for a GPU, on Ray), vector indexes (FAISS, Milvus), BM25, a cache."""

from embeddings.cache import EmbeddingCache, text_digest
from embeddings.encoder import (BACKENDS, DEFAULT_MODEL, Encoder, OnnxEncoder, SentenceTransformerEncoder,
                                choose_device, create_encoder, resolve_model_path)
from embeddings.errors import EmbeddingsError, IndexMismatch, ModelLoadError
from embeddings.index import FaissFlatIndex, FaissHNSWIndex, VectorIndex, create_index, load_index
from embeddings.lexical import BM25Index, tokenize
from embeddings.milvus_index import MilvusIndex, MilvusStore
from embeddings.pipelined import EncodeStats, PipelinedEncoder
from embeddings.ray_encoder import RayEncoder
from embeddings.records import Chunk, ChunkSource
from embeddings.search import SEARCH_MODES, SearchEngine

__all__ = [
    "BACKENDS", "DEFAULT_MODEL", "Encoder", "OnnxEncoder", "SentenceTransformerEncoder", "create_encoder",
    "choose_device", "resolve_model_path",
    "EmbeddingCache", "text_digest", "EmbeddingsError", "IndexMismatch", "ModelLoadError",
    "VectorIndex", "FaissFlatIndex", "FaissHNSWIndex", "create_index", "load_index",
    "MilvusIndex", "MilvusStore", "RayEncoder", "PipelinedEncoder", "EncodeStats",
    "BM25Index", "tokenize", "SEARCH_MODES", "SearchEngine", "Chunk", "ChunkSource",
]
