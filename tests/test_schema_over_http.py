"""A validator that fetches the published schemas from the site resolves their references.

The site is built for ``http://127.0.0.1:PORT/credcat/`` and served by Python's ``http.server``; the real
``check-jsonschema`` command line fetches ``catalog.schema.json`` (and ``credential-record.schema.json``)
from it and must fetch the schemas they refer to from the same site, by their absolute ``$id``s.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from repo_copy import built, copy_repo

CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


class Server:
    """A static site on 127.0.0.1, and the paths it was asked for."""

    def __init__(self, root: Path) -> None:
        self.requests: list[str] = []
        server = self

        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                server.requests.append(self.path)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str, Path]]:
    tmp = tmp_path_factory.mktemp("http")
    www = tmp / "www"
    www.mkdir()
    server = Server(www)
    site_url = f"http://127.0.0.1:{server.port}/credcat/"
    repo = copy_repo(tmp)
    built(repo, www / "credcat", SITE_URL=site_url)
    try:
        yield server, site_url, www / "credcat"
    finally:
        server.close()


def check_jsonschema(schema_url: str, *instances: Path) -> subprocess.CompletedProcess[str]:
    assert CHECK_JSONSCHEMA.is_file(), "check-jsonschema is a test dependency (pyproject.toml)"
    return subprocess.run([str(CHECK_JSONSCHEMA), "--no-cache", "--schemafile", schema_url, *map(str, instances)],
                          capture_output=True, text=True, check=False, timeout=120)


def test_catalog_json_validates_against_the_schema_fetched_from_the_site(served: tuple[Server, str, Path]) -> None:
    server, site_url, site = served
    del server.requests[:]
    done = check_jsonschema(f"{site_url}schema/catalog.schema.json", site / "catalog.json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout
    # the references were resolved from the site, by the schema's absolute $id
    assert "/credcat/schema/catalog.schema.json" in server.requests
    assert "/credcat/schema/credential.schema.json" in server.requests
    assert "/credcat/schema/stack.schema.json" in server.requests


def test_records_validate_against_the_record_schema_fetched_from_the_site(served: tuple[Server, str, Path],
                                                                         tmp_path: Path) -> None:
    server, site_url, site = served
    del server.requests[:]
    records = sorted((site / "credentials").glob("*/record.json"))
    assert len(records) >= 18
    lines = (site / "catalog.jsonl").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):  # each line of the JSON Lines dump, as a document of its own
        (tmp_path / f"line-{index}.json").write_text(line, encoding="utf-8")
    done = check_jsonschema(f"{site_url}schema/credential-record.schema.json", *records,
                            *sorted(tmp_path.glob("line-*.json")))
    assert done.returncode == 0, done.stdout + done.stderr
    assert {"/credcat/schema/catalog.schema.json", "/credcat/schema/credential.schema.json"} <= set(server.requests)


def test_a_wrong_catalog_fails_against_the_fetched_schema(served: tuple[Server, str, Path], tmp_path: Path) -> None:
    _, site_url, site = served
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    catalog["credentials"][0]["status"] = "maybe"
    catalog["stacks"][0]["data"]["id"] = "Not An Id"  # checked by stack.schema.json, a referenced schema
    wrong = tmp_path / "catalog.json"
    wrong.write_text(json.dumps(catalog), encoding="utf-8")
    done = check_jsonschema(f"{site_url}schema/catalog.schema.json", wrong)
    assert done.returncode == 1
    assert "$.credentials[0].status" in done.stdout + done.stderr
    assert "$.stacks[0].data.id" in done.stdout + done.stderr
