"""The machine and the versions a run measured with, saved as benchmarks/work/results/machine.json.

    python benchmarks/machine.py
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BENCH, CHROMIUM, GZIP_LEVEL, VENVS, save, say  # noqa: E402


def output(*command: str) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[-1]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "not found"


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def memory() -> str:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return "?"


def main() -> dict:
    import yaml

    versions = {name: metadata.version(name) for name in ("mkdocs", "mkdocs-material", "Markdown", "Jinja2", "pydantic", "PyYAML", "nh3", "ada-url")}
    for engine, package in (("properdocs", "properdocs"), ("zensical", "zensical")):  # in their own virtualenvs
        versions[package] = output(str(VENVS[engine] / "bin" / "python"), "-c", f"from importlib import metadata; print(metadata.version('{package}'))")
    data = {
        "nproc": os.cpu_count(),
        "memory": memory(),
        "cpu": cpu_model(),
        "os": output("sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "packages": versions,
        "pyyaml_libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "chromium": output(CHROMIUM, "--version"),
        "node": output("node", "--version"),
        "npm": output("npm", "--version"),
        "lighthouse": output(str(BENCH / "node_modules" / ".bin" / "lighthouse"), "--version"),
        "gzip_level": GZIP_LEVEL,
        "load_average_at_start": os.getloadavg(),
    }
    save("machine", data)
    say(f"machine: {data['nproc']} cores, {data['memory']}, {data['cpu']}; Python {data['python']}, "
        f"MkDocs {versions['mkdocs']}, Material {versions['mkdocs-material']}, {data['chromium']}, "
        f"Node {data['node']}, Lighthouse {data['lighthouse']}")
    return data


if __name__ == "__main__":
    main()
