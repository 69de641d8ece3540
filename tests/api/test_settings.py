"""One SETTINGS table drives environment, command-line defaults and types; bad values are one line."""

from __future__ import annotations

import ast

import pytest

from api.cli import build_parser
from api.errors import InvalidSetting
from api.settings import SETTINGS, settings_from_env
from conftest import ROOT, run_kg


def test_every_setting_has_a_variable_a_typed_default_and_help():
    envs = [s.env for s in SETTINGS.values()]
    assert len(set(envs)) == len(envs) and all(e.startswith("KG_") for e in envs)
    for setting in SETTINGS.values():
        assert setting.help and setting.convert(str(setting.default)) == setting.default, setting.name


def test_the_command_line_takes_defaults_and_types_from_the_environment(monkeypatch):
    monkeypatch.setenv("KG_PORT", "6001")
    monkeypatch.setenv("KG_SERVER_THREADS", "3")
    monkeypatch.setenv("KG_BACKEND", "onnx-int8")
    args = build_parser().parse_args(["serve"])
    assert (args.port, args.threads, args.backend, args.host) == (6001, 3, "onnx-int8", "127.0.0.1")
    assert build_parser().parse_args(["serve", "--port", "7000"]).port == 7000
    monkeypatch.setenv("KG_SEARCH_SLOTS", "off")
    monkeypatch.setenv("KG_SEARCH_QUEUE", "4")
    args = build_parser().parse_args(["serve"])
    assert (args.search_slots, args.search_queue) == ("off", 4)
    assert build_parser().parse_args(["serve", "--search-slots", "3"]).search_slots == 3
    monkeypatch.setenv("KG_RELOAD_INTERVAL", "0.5")
    assert settings_from_env()["RELOAD_INTERVAL"] == 0.5
    monkeypatch.setenv("KG_RELOAD_INTERVAL", "-1")
    with pytest.raises(InvalidSetting, match="KG_RELOAD_INTERVAL: -1.0 is out of range"):
        settings_from_env()


@pytest.mark.parametrize("args, env, fragment", [
    (["serve", "--threads", "0"], {}, "argument --threads: 0 is out of range"),
    (["serve", "--threads", "-3"], {}, "argument --threads: -3 is out of range"),
    (["serve", "--port", "70000"], {}, "argument --port: 70000 is out of range; use 1 to 65535"),
    (["serve", "--device", "foo"], {}, "argument --device: 'foo' is not a device"),
    (["ingest", "--backend", "fast"], {}, "argument --backend: 'fast' is not one of auto, torch, onnx, onnx-int8, "
                                          "pipelined, pipelined-fp16, pipelined-bf16"),
    (["search", "x"], {"KG_THREADS": "abc"}, "KG_THREADS: 'abc' is not an integer"),
    (["serve"], {"KG_PORT": "http"}, "KG_PORT: 'http' is not an integer"),
    (["serve", "--search-slots", "0"], {}, "argument --search-slots: 0 is out of range; use auto, off or 1 to 1024"),
    (["serve"], {"KG_SEARCH_SLOTS": "many"}, "KG_SEARCH_SLOTS: 'many' is not auto, off or a number"),
    (["serve", "--search-queue", "-1"], {}, "argument --search-queue: -1 is out of range"),
])
def test_bad_settings_are_refused_with_one_line_naming_them(tmp_path, args, env, fragment):
    result = run_kg(*args, "--kb", tmp_path / "kb", env=env, timeout=60)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and fragment in lines[0], result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "kb").exists()


def test_no_library_writes_the_environment():
    """Only the edges (the command line) may set environment variables; kg, embeddings and ingest read
    nothing but what they are passed (failpoints excepted: a test hook read, never written)."""
    writers = []
    for package in ("kg", "embeddings", "ingest", "api"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                target = node.func.value if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) else None
                if (target is not None and ast.unparse(target) == "os.environ"
                        and node.func.attr in ("setdefault", "update", "pop", "clear", "__setitem__")):
                    writers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
                if isinstance(node, (ast.Assign, ast.AugAssign)):
                    for t in getattr(node, "targets", [getattr(node, "target", None)]):
                        if isinstance(t, ast.Subscript) and ast.unparse(t.value) == "os.environ":
                            writers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert [w for w in writers if not w.startswith("api/cli.py:")] == []
