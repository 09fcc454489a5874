"""Record what NeMo Gym's own workplace_assistant server answers, byte for byte, as a test fixture for our port.

Runs NeMo Gym's real WorkbenchResourcesServer (its FastAPI app, middleware and tools, imported from a NeMo Gym
checkout, not copied) in process with Starlette's TestClient, over a data directory of WorkBench CSVs, and
writes a fixture: every tool call of the plan with Python's HTTP status and raw body, a digest of the tool schemas, the
reward Python's verify gives for each verify case. Nothing of NeMo Gym's code ends up in the file; only what its
server answered.

    NEMO_GYM_DIR=/path/to/Gym python3 scripts/python_reference_outputs.py                 # csv_data/
    NEMO_GYM_DIR=/path/to/Gym python3 scripts/python_reference_outputs.py --plan gaps     # tests/fixtures/csv_gaps/
    python3 scripts/python_reference_outputs.py --plan sorts    # the orders numpy's argsort and list.sort give

The Python environment needs what NeMo Gym's server venv has (pandas, pyarrow, fastapi, pydantic, starlette,
httpx, omegaconf, hydra-core, ray, openai, ...): see the header of the fixture for the versions it was made with.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from unittest.mock import MagicMock

HERE = Path(__file__).resolve().parent
SERVER_DIR = HERE.parent
GYM_DIR = Path(os.environ.get("NEMO_GYM_DIR", "/work/ref/gym")).resolve()
sys.path.insert(0, str(GYM_DIR))
sys.path.insert(0, str(HERE))

import pandas as pd  # noqa: E402

from python_reference_plan import CALL_PLAN, GAPS_PLAN, verify_cases  # noqa: E402

GYM_CSV_DIR = GYM_DIR / "resources_servers" / "workplace_assistant" / "csv_data"
_read_csv = pd.read_csv


def redirect_csv_reads(data_dir: Path) -> None:
    """The tools read <their package>/csv_data/...: point those reads at data_dir instead."""

    def read_csv(path, *args, **kwargs):
        resolved = Path(os.path.realpath(path))
        if resolved.is_relative_to(GYM_CSV_DIR.resolve()):
            path = data_dir / resolved.relative_to(GYM_CSV_DIR.resolve())
        return _read_csv(path, *args, **kwargs)

    pd.read_csv = read_csv


def build_app():
    from fastapi import Request
    from fastapi.exception_handlers import request_validation_exception_handler
    from fastapi.exceptions import RequestValidationError

    from nemo_gym.server_utils import ServerClient
    from resources_servers.workplace_assistant.app import WorkbenchResourcesServer, WorkbenchResourcesServerConfig

    config = WorkbenchResourcesServerConfig(host="127.0.0.1", port=0, entrypoint="app.py", name="workplace_assistant")
    server = WorkbenchResourcesServer(config=config, server_client=MagicMock(spec=ServerClient))
    # What run_webserver() adds around setup_webserver(), minus logging, ulimit and profiling.
    app = server.setup_webserver()
    server.setup_liveness(app)
    server.setup_exception_middleware(app)

    @app.exception_handler(RequestValidationError)
    async def validation_exception_handler(request: Request, exc):
        return await request_validation_exception_handler(request, exc)

    return app


def run_calls(app, plan) -> list:
    from fastapi.testclient import TestClient

    sessions = []
    for session in plan:
        client = TestClient(app)
        if session.get("seed", True):
            seeded = client.post("/seed_session", content=b"{}", headers={"content-type": "application/json"})
            assert seeded.status_code == 200, seeded.text
        calls = []
        for tool, request in session["calls"]:
            raw = request if isinstance(request, str) else json.dumps(request, ensure_ascii=False)
            reply = client.post(f"/{tool}", content=raw.encode("utf-8"), headers={"content-type": "application/json"})
            calls.append(
                {
                    "tool": tool,
                    "python_function": python_function(tool),
                    "request": raw,
                    "status": reply.status_code,
                    "response": reply.content.decode("utf-8"),
                }
            )
        sessions.append({"name": session["name"], "seeded": session.get("seed", True), "calls": calls})
    return sessions


def all_tools():
    from resources_servers.workplace_assistant.utils import get_tools

    return get_tools(["email", "calendar", "analytics", "project_management", "customer_relationship_manager"])


def schemas_digest(schemas) -> str:
    """sha256 of the schemas as compact JSON (what JSON.stringify writes), so the texts are compared, not copied."""
    import hashlib

    return hashlib.sha256(json.dumps(schemas, separators=(",", ":"), ensure_ascii=False).encode()).hexdigest()


def python_function(tool: str) -> str:
    function = all_tools()["functions"].get(tool)
    return function.__qualname__ if function else "WorkbenchResourcesServer.route_to_python_function"


def run_verify_cases(app, data_dir: Path) -> list:
    from fastapi.testclient import TestClient

    client = TestClient(app)
    rows = [json.loads(line) for line in (SERVER_DIR / "data" / "example.jsonl").read_text().splitlines() if line]
    results = []
    for case in verify_cases(SERVER_DIR / "data"):
        body = {
            "responses_create_params": {"input": []},
            "response": {
                "id": "resp_fixture",
                "created_at": 0.0,
                "model": "fixture",
                "object": "response",
                "output": case["output"],
                "parallel_tool_calls": False,
                "tool_choice": "auto",
                "tools": [],
            },
            "ground_truth": case["ground_truth"],
            "id": 0,
            "category": rows[0]["category"],
            "environment_name": rows[0]["environment_name"],
        }
        reply = client.post("/verify", json=body)
        assert reply.status_code == 200, reply.text
        results.append({"name": case["name"], "output": case["output"], "ground_truth": case["ground_truth"], "reward": reply.json()["reward"]})
    return results


def sort_orders() -> dict:
    """numpy's argsort of datetime64 values (what sort_values uses) and list.sort with keys where None compares
    false both ways (as NaT does): the orders ties and incomparable keys end up in."""
    import random

    import numpy as np

    class Key:
        def __init__(self, value):
            self.value = value

        def __lt__(self, other):
            return self.value is not None and other.value is not None and self.value < other.value

    argsort = {}
    for name, values in {
        "zeros30": [0] * 30,
        "zeros300": [0] * 300,
        "mod13_100": [(i * 7919) % 13 for i in range(100)],
        "mod5_500": [(i * 31337) % 5 for i in range(500)],
        "descending70": [70 - i for i in range(70)],
    }.items():
        argsort[name] = {"keys": values, "order": np.argsort(np.array(values, dtype="datetime64[ns]"), kind="quicksort").tolist()}
    rng = random.Random(7)
    list_sort = {}
    for n in [10, 70, 300]:
        keys = [None if rng.random() < 0.1 else rng.randint(0, n // 3) for _ in range(n)]
        for reverse in [False, True]:
            order = list(range(n))
            order.sort(key=lambda i: Key(keys[i]), reverse=reverse)
            list_sort[f"{n} keys, reverse={reverse}"] = {"keys": keys, "reverse": reverse, "order": order}
    return {"generated_by": "resources_servers/workplace_assistant/scripts/python_reference_outputs.py --plan sorts",
            "python": platform.python_version(), "numpy": version("numpy"), "argsort": argsort, "list_sort": list_sort}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plan", choices=["default", "gaps", "sorts"], default="default")
    parser.add_argument("--data-dir", help="default: csv_data/ (plan default) or tests/fixtures/csv_gaps/ (plan gaps)")
    parser.add_argument("--out", help="default: tests/fixtures/python-tool-outputs[-gaps].json")
    parser.add_argument("--no-verify", action="store_true", help="skip the verify cases")
    args = parser.parse_args()
    if args.plan == "sorts":
        out = Path(args.out or SERVER_DIR / "tests" / "fixtures" / "python-sort-orders.json")
        out.write_text(json.dumps(sort_orders()) + "\n")
        print(f"wrote {out}")
        return
    gaps = args.plan == "gaps"
    fixtures = SERVER_DIR / "tests" / "fixtures"
    data_dir = Path(args.data_dir or (fixtures / "csv_gaps" if gaps else SERVER_DIR / "csv_data")).resolve()
    out = args.out or str(fixtures / ("python-tool-outputs-gaps.json" if gaps else "python-tool-outputs.json"))
    redirect_csv_reads(data_dir)
    app = build_app()
    gym_commit = subprocess.run(["git", "-C", str(GYM_DIR), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    fixture = {
        "generated_by": "resources_servers/workplace_assistant/scripts/python_reference_outputs.py",
        "nemo_gym_commit": gym_commit or os.environ.get("NEMO_GYM_COMMIT", "07d6b0d"),
        "python": platform.python_version(),
        "packages": {name: version(name) for name in ["pandas", "numpy", "pyarrow", "fastapi", "starlette", "pydantic", "pydantic_core"]},
        "data_dir": os.path.relpath(data_dir, SERVER_DIR) if data_dir.is_relative_to(SERVER_DIR) else "<external>",
        "schemas_sha256": schemas_digest(all_tools()["schemas"]),
        "sessions": run_calls(app, GAPS_PLAN if gaps else CALL_PLAN),
        "verify": [] if args.no_verify or gaps else run_verify_cases(app, data_dir),
    }
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(json.dumps(fixture, ensure_ascii=False, indent=1) + "\n")
    total = sum(len(session["calls"]) for session in fixture["sessions"])
    print(f"wrote {out}: {total} tool calls in {len(fixture['sessions'])} sessions, {len(fixture['verify'])} verify cases")


if __name__ == "__main__":
    main()
