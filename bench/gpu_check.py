"""The GPU path, measured: encode N synthetic chunks with torch on cuda in fp32 and fp16, check them
against CPU vectors of a sample, report chunks/s and peak GPU memory; then the same through the Ray
path with one GPU actor when Ray is installed.

Usage (on a CUDA machine; only the repository files and a model folder are needed there):

    python bench/gpu_check.py --model /path/to/all-MiniLM-L6-v2 [--n 100000] [--out gpu.json]

``--device cpu --n 300`` runs the same code path on the CPU (a smoke test). It imports only what it
needs: torch, sentence-transformers and this repository's encoder module (no FAISS, no ingest
pipeline); the texts imitate bench/synthetic_notes.py's notes (question, answer, paper names and the
catalog's concepts) without importing the ingest package.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import sys
import time
import types
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: the agreement asked of the GPU vectors: cosine to the CPU vectors of the same texts, per text
MIN_COSINE = 0.999
VERBS = ("improves", "replaces", "stabilizes", "speeds up", "removes the need for", "generalizes", "simplifies")
OBJECTS = ("training", "inference", "memory use", "the loss surface", "sample efficiency", "accuracy", "depth")
SYLLABLES = ("ra", "to", "mi", "ne", "ko", "sa", "lu", "ve", "di", "qu", "zor", "pex", "tal", "bri", "mon")


def _concepts() -> list[str]:
    """The catalog's concept names (read as YAML: no ingest import), or a few if PyYAML is missing."""
    try:
        import yaml

        data = yaml.safe_load((ROOT / "ingest" / "catalog.yaml").read_text(encoding="utf-8"))
        return [c["name"] for c in data.get("concepts", [])] or ["attention"]
    except (ImportError, OSError):
        return ["attention", "dropout", "batch normalization", "residual connection", "experience replay"]


def synthetic_chunks(n: int, seed: int = 7) -> list[str]:
    """``n`` chunk texts shaped like the synthetic notes' chunks (a question with its answers)."""
    rng = random.Random(seed)
    concepts = _concepts()
    papers = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
              + rng.choice(("Net", "Former", "GAN", "-RL", "Seg", "Det", "")) for _ in range(max(1, n // 33))]
    texts = []
    for i in range(n):
        paper, concept = rng.choice(papers), rng.choice(concepts)
        question = rng.choice((f"What is {concept}", f"Why does {concept} matter here",
                               f"{concept.capitalize()} vs {rng.choice(concepts)}", "What is this paper try to convey ?"))
        answer = f"{paper} {rng.choice(VERBS)} {rng.choice(OBJECTS)} using {concept}"
        if i % 3 == 0:
            answer += f", unlike {rng.choice(papers)}, because {rng.choice(concepts)} {rng.choice(VERBS)} " \
                      f"{rng.choice(OBJECTS)}"
        texts.append(f"{paper}: {question} {answer}")
    return texts


def _encoder_class():
    """embeddings.encoder.SentenceTransformerEncoder; where a package the embeddings package
    imports is missing on the GPU machine (SciPy, FAISS), the module is loaded on its own."""
    try:
        from embeddings.encoder import SentenceTransformerEncoder
    except ImportError:
        for name in [m for m in sys.modules if m == "embeddings" or m.startswith("embeddings.")]:
            del sys.modules[name]
        package = types.ModuleType("embeddings")
        package.__path__ = [str(ROOT / "embeddings")]
        sys.modules["embeddings"] = package
        from embeddings.encoder import SentenceTransformerEncoder
    return SentenceTransformerEncoder


def _min_cosine(a: np.ndarray, b: np.ndarray) -> float:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return float((a * b).sum(axis=1).min())


def _timed_encode(encoder, texts: list[str], device: str) -> tuple[np.ndarray, float, int | None]:
    """(vectors, seconds, peak GPU bytes) of one pass over ``texts`` after a short warm-up."""
    import torch

    encoder.encode(texts[:min(len(texts), 256)])  # kernels chosen and memory pools made before timing
    if device.startswith("cuda"):
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    started = time.perf_counter()
    vectors = encoder.encode(texts)
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    seconds = time.perf_counter() - started
    peak = int(torch.cuda.max_memory_allocated()) if device.startswith("cuda") else None
    return np.asarray(vectors, dtype=np.float32), seconds, peak


def _ray_run(model: str, device: str, texts: list[str], reference: np.ndarray, sample_rows: np.ndarray) -> dict:
    """The Ray path (embeddings.ray_encoder) with one actor: on a GPU where the local Ray sees one."""
    if importlib.util.find_spec("ray") is None:
        print("ray not installed: skipped")
        return {"status": "skipped", "reason": "ray not installed"}
    from embeddings.ray_encoder import RayEncoder

    encoder = RayEncoder(None, model, "cuda" if device.startswith("cuda") else "cpu", "torch", actors=1)
    try:
        encoder.encode(texts[:min(len(texts), 256)])  # the actor loads its model once
        started = time.perf_counter()
        vectors = encoder.encode(texts)
        seconds = time.perf_counter() - started
    finally:
        encoder.close()
    return {"status": "ran", "device": encoder.accelerator, "actors": encoder.actors, "seconds": round(seconds, 3),
            "chunks_per_s": round(len(texts) / seconds, 1),
            "min_cosine_to_cpu": round(_min_cosine(vectors[sample_rows], reference), 6)}


def run(args) -> dict:
    import torch

    encoder_class = _encoder_class()
    texts = synthetic_chunks(args.n, args.seed)
    rng = np.random.default_rng(args.seed)
    sample_rows = np.sort(rng.choice(len(texts), size=min(args.sample, len(texts)), replace=False))
    sample = [texts[i] for i in sample_rows]
    cpu = encoder_class(args.model, device="cpu")
    cpu._model.float()  # the reference in fp32, whatever dtype the weights are stored in
    started = time.perf_counter()
    reference = cpu.encode(sample)
    cpu_seconds = time.perf_counter() - started
    del cpu
    original = np.load(args.reference) if args.reference else None
    report = {
        "machine": {"python": platform.python_version(), "torch": torch.__version__, "platform": platform.platform(),
                    "cpus": os.cpu_count(), "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None},
        "model": args.model, "n": len(texts), "device": args.device, "sample": len(sample),
        "cpu_reference": {"seconds": round(cpu_seconds, 3), "chunks_per_s": round(len(sample) / cpu_seconds, 1)},
        "min_cosine_required": MIN_COSINE, "runs": [],
    }
    for precision in args.precisions:
        encoder = encoder_class(args.model, device=args.device, batch_size=args.batch_size)
        if precision == "fp16":
            encoder._model.half()
        else:
            encoder._model.float()  # fp32 even where the carried weights are stored in fp16
        vectors, seconds, peak = _timed_encode(encoder, texts, args.device)
        cosine = _min_cosine(vectors[sample_rows], reference)
        if original is not None:  # vectors of the original fp32 weights, computed on another machine
            report.setdefault("min_cosine_to_original_weights", {})[precision] = round(
                _min_cosine(vectors[sample_rows], original), 6)
        report["runs"].append({"path": "in-process", "precision": precision, "batch_size": encoder.batch_size,
                               "seconds": round(seconds, 3), "chunks_per_s": round(len(texts) / seconds, 1),
                               "peak_gpu_mb": round(peak / 2**20, 1) if peak is not None else None,
                               "min_cosine_to_cpu": round(cosine, 6), "ok": cosine >= MIN_COSINE})
        del encoder, vectors
        if args.device.startswith("cuda"):
            torch.cuda.empty_cache()
    report["ray"] = {"status": "skipped", "reason": "--skip-ray"} if args.skip_ray else \
        _ray_run(args.model, args.device, texts, reference, sample_rows)
    if report["ray"].get("status") == "ran":
        report["ray"]["ok"] = report["ray"]["min_cosine_to_cpu"] >= MIN_COSINE
    report["ok"] = all(r["ok"] for r in report["runs"]) and report["ray"].get("ok", True)
    return report


def print_table(report: dict) -> None:
    machine = report["machine"]
    print(f"gpu_check: {report['n']} chunks on {report['device']} ({machine['gpu'] or 'no GPU'}), "
          f"torch {machine['torch']}, Python {machine['python']}, {machine['cpus']} CPUs")
    print(f"{'path':<12} {'precision':<9} {'batch':>5} {'seconds':>9} {'chunks/s':>10} {'peak GPU MB':>12} "
          f"{'min cos':>9}  ok")
    for run_ in report["runs"]:
        peak = "-" if run_["peak_gpu_mb"] is None else f"{run_['peak_gpu_mb']:.1f}"
        print(f"{run_['path']:<12} {run_['precision']:<9} {run_['batch_size']:>5} {run_['seconds']:>9.2f} "
              f"{run_['chunks_per_s']:>10.1f} {peak:>12} {run_['min_cosine_to_cpu']:>9.6f}  {run_['ok']}")
    ray = report["ray"]
    if ray["status"] == "ran":
        print(f"{'ray (1 ' + ray['device'] + ')':<12} {'fp32':<9} {'':>5} {ray['seconds']:>9.2f} "
              f"{ray['chunks_per_s']:>10.1f} {'-':>12} {ray['min_cosine_to_cpu']:>9.6f}  {ray['ok']}")
    else:
        print(f"ray: {ray['reason']}")
    cpu = report["cpu_reference"]
    print(f"CPU reference: {report['sample']} sampled chunks at {cpu['chunks_per_s']:.1f} chunks/s; "
          f"required cosine >= {report['min_cosine_required']}; overall {'OK' if report['ok'] else 'FAILED'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="model folder (default: the bundled all-MiniLM-L6-v2 package)")
    parser.add_argument("--n", type=int, default=100_000, help="synthetic chunks to encode")
    parser.add_argument("--device", default="cuda", help="cuda (default) or cpu for a smoke test")
    parser.add_argument("--precisions", nargs="+", default=["fp32", "fp16"], choices=["fp32", "fp16"])
    parser.add_argument("--batch-size", type=int, default=None, help="texts per forward pass (default: the encoder's)")
    parser.add_argument("--sample", type=int, default=1000, help="chunks also encoded on the CPU for the check")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-ray", action="store_true", help="leave out the Ray run")
    parser.add_argument("--out", type=Path, help="write the report as JSON here")
    parser.add_argument("--reference", type=Path,
                        help="vectors of the --sample chunks from the original weights (.npy), when --model is a "
                             "copy of them in another storage dtype: the report adds the cosine to these")
    parser.add_argument("--write-reference", type=Path, help="encode the sample on the CPU and save it here, then stop")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.device.startswith("cuda"):
        import torch

        if not torch.cuda.is_available():
            print("gpu_check: no CUDA device here (torch.cuda.is_available() is False); use --device cpu", file=sys.stderr)
            return 2
    if args.write_reference:
        texts = synthetic_chunks(args.n, args.seed)
        rows = np.sort(np.random.default_rng(args.seed).choice(len(texts), size=min(args.sample, len(texts)),
                                                               replace=False))
        encoder = _encoder_class()(args.model, device="cpu")
        encoder._model.float()
        np.save(args.write_reference, encoder.encode([texts[i] for i in rows]))
        return 0
    report = run(args)
    print_table(report)
    if args.out:
        args.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
