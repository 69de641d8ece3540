"""Caches heal (issue 19, item 8): a corrupt embedding cache or cached ONNX export is detected, set
aside with a warning and rebuilt, instead of failing every ingest or falling back to torch forever."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from embeddings.cache import EmbeddingCache

OTHER = Path(__file__).resolve().parents[1] / "data" / "other-group"


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database, it is a note about databases\n" * 200)


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:4096] + b"\x00\xff" * 3000 + data[4096 + 6000:])


def _filled_cache(path: Path) -> None:
    cache = EmbeddingCache(path)
    rng = np.random.default_rng(0)
    cache.put_many("m", {f"{i:064x}": rng.random(384, dtype=np.float32) for i in range(300)})
    cache.close()


@pytest.mark.parametrize("damage", [_garbage, _truncated])
def test_a_corrupt_embedding_cache_is_set_aside_and_rebuilt(tmp_path, damage):
    path = tmp_path / "cache" / "embeddings.sqlite"
    _filled_cache(path)
    damage(path)
    cache = EmbeddingCache(path)
    found = dict(cache.iter_many("m", [f"{i:064x}" for i in range(300)]))
    cache.put_many("m", {"a" * 64: np.ones(384, np.float32)})
    assert list(cache.iter_many("m", ["a" * 64]))[0][0] == "a" * 64
    cache.close()
    assert len(found) < 300  # what was lost is embedded again, never read as garbage
    aside = list(path.parent.glob("embeddings.sqlite.corrupt-*"))
    assert aside and len(cache.warnings) == 1
    assert str(path) in cache.warnings[0] and "set aside" in cache.warnings[0]


def test_ingest_over_a_corrupt_cache_succeeds_with_a_warning(tmp_path, encoder):
    from ingest.pipeline import run_ingest

    from ingest.pipeline import EXACT_MAX_VECTORS

    kb = tmp_path / "kb"
    first = run_ingest([OTHER], kb, encoder=encoder)
    assert first.embedded > 0
    _garbage(kb / "cache" / "embeddings.sqlite")
    # each later build changes a setting the vectors do not depend on: a build with nothing changed
    # publishes nothing and never opens the cache
    healed = run_ingest([OTHER], kb, encoder=encoder, exact_max=EXACT_MAX_VECTORS + 1)
    assert healed.embedded == first.embedded  # everything embedded again into a fresh cache
    assert any("embeddings.sqlite" in w and "set aside" in w for w in healed.warnings), healed.warnings
    again = run_ingest([OTHER], kb, encoder=encoder, exact_max=EXACT_MAX_VECTORS + 2)
    assert not again.unchanged
    assert again.embedded == 0 and not any("set aside" in w for w in again.warnings)


def test_a_corrupt_onnx_export_is_set_aside_and_exported_again(tmp_path, encoder):
    from embeddings.encoder import OnnxEncoder, create_encoder

    cache_dir = tmp_path / "model-cache"
    shutil.copytree(Path(encoder.onnx_path).parent, cache_dir / "onnx")
    cached = cache_dir / "onnx" / Path(encoder.onnx_path).name
    cached.write_bytes(b"\x08\x07garbage that is no ONNX graph" * 100)
    healed = create_encoder(backend="auto", device="cpu", cache_dir=cache_dir, threads=2)
    assert isinstance(healed, OnnxEncoder), "not a silent fallback to torch"
    assert healed.warnings and "set aside" in healed.warnings[0] and cached.name in healed.warnings[0]
    assert list(cached.parent.glob(f"{cached.name}.corrupt-*"))
    vectors = healed.encode(["residual connections", "experience replay"])
    assert np.allclose(vectors, encoder.encode(["residual connections", "experience replay"]), atol=1e-5)
