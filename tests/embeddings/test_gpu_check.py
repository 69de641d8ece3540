"""bench/gpu_check.py's code paths on the CPU (the lead runs it on a GPU): its JSON report and its exit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]


def test_gpu_check_runs_each_configuration_on_the_cpu_and_reports_where_the_time_went(tmp_path):
    out = tmp_path / "gpu.json"
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "gpu_check.py"), "--device", "cpu", "--n", "40",
                           "--sample", "8", "--skip-ray", "--batch-sizes", "4", "16", "--out", str(out)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text())
    assert report["n"] == 40 and report["sample"] == 8 and report["device"] == "cpu"
    runs = report["runs"]
    assert [(r["config"], r["batch_size"]) for r in runs] == [
        ("torch-fp32", 8), ("pipelined-fp32", 4), ("pipelined-fp32", 16), ("pipelined-fp16", 4),
        ("pipelined-fp16", 16), ("pipelined-bf16", 4), ("pipelined-bf16", 16)]
    for run in runs:
        assert run["chunks_per_s"] > 0 and run["peak_gpu_mb"] is None  # no GPU memory to report on the CPU
        assert run["min_cosine_to_cpu"] >= report["min_cosine_required"] and run["ok"]
        assert run["speedup_vs_torch"] > 0 and run["gpu_utilisation_nvml"] is None
    assert runs[0]["min_cosine_to_cpu"] > 0.99999  # the baseline is the reference's own code
    for run in runs[1:]:  # the pipelined encoder says where its time went
        assert run["tokenize_s"] > 0 and run["forward_s"] > 0 and run["starved_s"] >= 0
        assert 0 <= run["padding_share"] < 0.5
    assert runs[1]["padding_share"] <= runs[2]["padding_share"]  # narrower batches pad less
    assert report["targets"]["status"] == "not applicable" and report["ray"]["status"] == "skipped" and report["ok"]
    assert "pipelined-bf16" in done.stdout and "issue 26 targets: not applicable" in done.stdout
    assert "overall OK" in done.stdout


def test_gpu_check_prepares_a_carried_copy_that_gives_the_same_vectors(tmp_path):
    carry = tmp_path / "carry"
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "gpu_check.py"), "--device", "cpu", "--n", "30",
                           "--sample", "6", "--prepare-carry", str(carry)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    weights = carry / "model" / "model.safetensors"
    assert weights.stat().st_size < 50 * 2**20 and np.load(carry / "reference.npy").shape == (6, 384)
    out = tmp_path / "gpu.json"
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "gpu_check.py"), "--device", "cpu", "--n", "30",
                           "--sample", "6", "--skip-ray", "--configs", "pipelined-fp32",
                           "--model", str(carry / "model"), "--reference", str(carry / "reference.npy"),
                           "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    run = json.loads(out.read_text())["runs"][0]
    assert run["min_cosine_to_original_weights"] >= 0.9999 and run["speedup_vs_torch"] is None


def test_gpu_check_without_cuda_says_so_in_one_line(tmp_path):
    import torch

    if torch.cuda.is_available():  # on a GPU machine the check runs instead; nothing to assert here
        return
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "gpu_check.py"), "--n", "8"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "--device cpu" in done.stderr


def test_the_synthetic_chunks_are_reproducible_and_varied():
    from bench.gpu_check import synthetic_chunks

    texts = synthetic_chunks(500, seed=3)
    assert texts == synthetic_chunks(500, seed=3) and texts != synthetic_chunks(500, seed=4)
    assert len(set(texts)) > 450  # distinct texts: the encoder is not measured on repeats
