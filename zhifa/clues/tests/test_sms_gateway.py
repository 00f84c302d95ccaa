"""The SMS adapter speaks Alibaba Cloud's Dysmsapi RPC protocol to a local fake gateway that checks
what the real one checks: the action, the version, the template and the HMAC-SHA1 signature."""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from zhifa.clues.sms import AliyunSmsAdapter, SmsGatewayError, percent_encode, rpc_signature

SECRET = "testsecret"


class FakeGateway(BaseHTTPRequestHandler):
    received: list[dict[str, str]] = []

    def do_GET(self) -> None:
        query = urllib.parse.urlsplit(self.path).query
        params = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
        signature = params.pop("Signature", "")
        if signature != rpc_signature(params, SECRET):
            code, status = (
                {"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched"},
                400,
            )
        elif params.get("Action") != "SendSms" or params.get("Version") != "2017-05-25":
            code, status = {"Code": "InvalidAction", "Message": "bad action"}, 400
        else:
            FakeGateway.received.append(params)
            code, status = {"Code": "OK", "Message": "OK", "BizId": "9006197469364984^0"}, 200
        body = json.dumps(code).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def gateway() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), FakeGateway)
    FakeGateway.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def config(endpoint: str, secret: str = SECRET) -> dict[str, str]:
    return {
        "endpoint": endpoint,
        "access_key_id": "testid",
        "access_key_secret": secret,
        "sign_name": "罗湖区市场监管局",
        "template_code": "SMS_0001",
    }


def test_percent_encoding_follows_the_rpc_rules() -> None:
    assert percent_encode("a b*c~d+") == "a%20b%2Ac~d%2B"
    assert percent_encode("投诉") == "%E6%8A%95%E8%AF%89"


def test_the_signature_matches_the_documented_example() -> None:
    """The worked example of Alibaba Cloud's RPC signature documentation (DescribeRegions, secret
    "testsecret") signs to OLeaidS1JvxuMvnyHOwuJ+uX5qY=."""
    params = {
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "Format": "XML",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "SignatureVersion": "1.0",
        "Timestamp": "2016-02-23T12:46:24Z",
        "Version": "2014-05-26",
    }
    assert rpc_signature(params, "testsecret") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


def test_a_reply_is_delivered_through_the_gateway(gateway: str) -> None:
    delivery = AliyunSmsAdapter(config(gateway)).send(
        to="13800138000", subject="投诉答复", body="您反映的问题已立案调查，感谢监督。"
    )
    assert delivery.sent
    assert delivery.receipt == "sms:13800138000:9006197469364984^0"
    (sent,) = FakeGateway.received
    assert sent["PhoneNumbers"] == "13800138000"
    assert sent["SignName"] == "罗湖区市场监管局"
    assert json.loads(sent["TemplateParam"]) == {
        "title": "投诉答复",
        "reply": "您反映的问题已立案调查，感谢监督。",
    }


def test_a_refused_signature_raises_so_the_reply_is_recorded_as_failed(gateway: str) -> None:
    with pytest.raises(SmsGatewayError, match="SignatureDoesNotMatch"):
        AliyunSmsAdapter(config(gateway, secret="wrong")).send(to="13800138000", subject="答复", body="内容")
    assert FakeGateway.received == []


def test_an_unreachable_or_unconfigured_gateway_is_a_clear_error() -> None:
    with pytest.raises(SmsGatewayError, match="不可达"):
        AliyunSmsAdapter(config("http://127.0.0.1:9/")).send(to="13800138000", subject="答复", body="内容")
    with pytest.raises(SmsGatewayError, match="未配置"):
        AliyunSmsAdapter({"endpoint": "http://127.0.0.1:9/"})
