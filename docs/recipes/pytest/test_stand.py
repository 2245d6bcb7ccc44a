"""One flow per API against the container, as a Python client of these APIs would test itself."""
import json
import urllib.error
import urllib.request


def get(url, token, **headers):
    req = urllib.request.Request(url, headers={"Authorization": f"OAuth {token}", **headers})
    try:
        with urllib.request.urlopen(req) as res:
            return res.status, res.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_appmetrica_export_202_then_200(stand):
    url = f"{stand.appmetrica}/logs/v1/export/events.json?application_id=1111&date_since=2026-01-01&date_until=2026-01-01&fields=event_name&limit=3"
    assert get(url, "py")[0] == 202
    stand.advance(60_000)
    status, body = get(url, "py")
    assert status == 200
    assert len(json.loads(body)["data"]) == 3
    assert stand.verify(api="appmetrica", count=2)["ok"]


def test_toloka_operation_polled_to_success(stand):
    body = json.dumps([{"pool_id": "1", "overlap": 1, "input_values": {"image": "https://example.com/1.jpg"}}]).encode()
    req = urllib.request.Request(
        f"{stand.toloka}/api/v1/tasks?async_mode=true&operation_id=6f2b1c3d-0000-4000-8000-000000000001",
        data=body,
        method="POST",
        headers={"Authorization": "OAuth py", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req) as res:
        op = json.loads(res.read())
    stand.advance(10_000)
    status, text = get(f"{stand.toloka}/api/v1/operations/{op['id']}", "py")
    assert status == 200 and json.loads(text)["status"] == "SUCCESS"
    assert [j["state"] for j in stand.jobs("toloka")] == ["SUCCESS"]
