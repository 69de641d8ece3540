"""bench/gpu_check.py's code path on the CPU (the lead runs it on a GPU): its JSON report and its exit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_gpu_check_runs_on_the_cpu_and_reports_each_precision(tmp_path):
    out = tmp_path / "gpu.json"
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "gpu_check.py"), "--device", "cpu", "--n", "48",
                           "--sample", "8", "--skip-ray", "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(out.read_text())
    assert report["n"] == 48 and report["sample"] == 8 and report["device"] == "cpu"
    assert [r["precision"] for r in report["runs"]] == ["fp32", "fp16"]
    for run in report["runs"]:
        assert run["chunks_per_s"] > 0 and run["peak_gpu_mb"] is None  # no GPU memory to report on the CPU
        assert run["min_cosine_to_cpu"] >= report["min_cosine_required"] and run["ok"]
    assert report["ray"]["status"] == "skipped" and report["ok"]
    assert "in-process   fp16" in done.stdout and "overall OK" in done.stdout


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
