# The Python SDK README's detailed example (HttpProfile, ClientProfile,
# CommonClient.call_json) pointed at the sandbox over plain HTTP.
#
# usage: detailed.py MODE
#   ok        TC3-HMAC-SHA256, POST (the README's settings)
#   get       TC3-HMAC-SHA256, GET with a flattened Filters list
#   v1        HmacSHA256, POST form
#   wrongkey  a wrong secret key
#   expired   the clock of this process one hour behind
#   tampered  the body changed after signing
# Prints the answer as JSON, or "ERROR <code> <message>".
import json
import os
import sys
import time
import uuid

from tencentcloud.common import credential
from tencentcloud.common import abstract_client
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile

mode = sys.argv[1]


class SlowClock(object):
    """The time module, one hour behind."""

    def __getattr__(self, name):
        return getattr(time, name)

    def time(self):
        return time.time() - 3600


try:
    key = os.environ["TENCENTCLOUD_SECRET_KEY"]
    if mode == "wrongkey":
        key = "not-" + key
    cred = credential.Credential(os.environ["TENCENTCLOUD_SECRET_ID"], key)

    httpProfile = HttpProfile()
    httpProfile.endpoint = os.environ["SANDBOX_ENDPOINT"]
    httpProfile.scheme = "http"
    httpProfile.reqMethod = "GET" if mode == "get" else "POST"
    httpProfile.reqTimeout = 30

    clientProfile = ClientProfile()
    clientProfile.httpProfile = httpProfile
    clientProfile.signMethod = "HmacSHA256" if mode == "v1" else "TC3-HMAC-SHA256"
    clientProfile.language = "en-US"

    common_client = CommonClient("cvm", "2017-03-12", cred, "ap-shanghai", profile=clientProfile)

    if mode == "expired":
        abstract_client.time = SlowClock()
    if mode == "tampered":
        send = common_client.request.send_request

        def tamper(req):
            req.data = req.data.replace('"Limit": 10', '"Limit": 11')
            return send(req)

        common_client.request.send_request = tamper

    params = {"Limit": 10}
    if mode == "get":
        params["Filters"] = [{"Name": "instance-name", "Values": ["未命名"]}]
    headers = {"X-TC-TraceId": str(uuid.uuid4())}
    print(json.dumps(common_client.call_json("DescribeInstances", params, headers=headers)))
except TencentCloudSDKException as err:
    print("ERROR", err.get_code(), err.get_message())
    sys.exit(1)
