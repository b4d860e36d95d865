# The Python SDK README's simplified example (typed cvm client), changed only
# to read the sandbox endpoint and key from the environment and to talk plain
# HTTP to it. Prints the answer as JSON, or "ERROR <code> <message>".
import os
import sys

from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.cvm.v20170312 import cvm_client, models

try:
    cred = credential.Credential(os.environ["TENCENTCLOUD_SECRET_ID"], os.environ["TENCENTCLOUD_SECRET_KEY"])
    http_profile = HttpProfile(endpoint=os.environ["SANDBOX_ENDPOINT"])
    http_profile.scheme = "http"
    client = cvm_client.CvmClient(cred, "ap-shanghai", ClientProfile(httpProfile=http_profile))

    req = models.DescribeInstancesRequest()
    resp = client.DescribeInstances(req)
    print(resp.to_json_string())
except TencentCloudSDKException as err:
    print("ERROR", err.get_code(), err.get_message())
    sys.exit(1)
