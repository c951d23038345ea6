"""HTTP helpers shared by the emulator tests: a Basic-auth API client and a control-API client."""

from __future__ import annotations

from typing import Any

import requests

from plivo_emulator import DEFAULT_AUTH_ID, DEFAULT_AUTH_TOKEN

TIMEOUT = 10


class Api:
    """A tiny client for /v1/Account/{auth_id}/… with Basic auth (no SDK in the way)."""

    def __init__(
        self, url: str, auth_id: str = DEFAULT_AUTH_ID, auth_token: str = DEFAULT_AUTH_TOKEN
    ) -> None:
        self.url = url
        self.auth_id = auth_id
        self.session = requests.Session()
        self.session.auth = (auth_id, auth_token)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT)
        return self.session.request(method, f"{self.url}/v1/Account/{self.auth_id}/{path}", **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, json=json, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)

    def buy(self, number: str, /, **body: Any) -> requests.Response:
        return self.post(f"PhoneNumber/{number}/", json=body)


class Control:
    """Client for the /__emulator__/ control API."""

    def __init__(self, url: str) -> None:
        self.url = url + "/__emulator__/"

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT)
        return requests.get(self.url + path, **kwargs)

    def post(self, path: str, json: Any = None) -> requests.Response:
        return requests.post(self.url + path, json=json, timeout=TIMEOUT)

    def delete(self, path: str) -> requests.Response:
        return requests.delete(self.url + path, timeout=TIMEOUT)

    def faults(self, **settings: Any) -> dict[str, Any]:
        response = self.post("faults", settings)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def log(self) -> list[dict[str, Any]]:
        return list(self.get("requests").json()["requests"])
