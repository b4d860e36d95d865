// The official Node SDK's CommonClient against the sandbox. Node signs for
// the service named by the endpoint's first label, so the endpoint is
// cvm.sandbox.local:<port>; an http.Agent whose lookup answers 127.0.0.1
// stands in for an /etc/hosts line.
//
// usage: node common.js MODE   (MODE: ok | wrongkey)
// Prints the Response object as JSON, or "ERROR <code> <message>".
const http = require("http");
const path = require("path");
const { CommonClient } = require(path.join(process.env.TCX_NODE_MODULES, "tencentcloud-sdk-nodejs-common"));

const mode = process.argv[2];
const agent = new http.Agent({ lookup: (host, opts, cb) => (opts && opts.all ? cb(null, [{ address: "127.0.0.1", family: 4 }]) : cb(null, "127.0.0.1", 4)) });
const client = new CommonClient("cvm.sandbox.local:" + process.env.SANDBOX_PORT, "2017-03-12", {
  credential: {
    secretId: process.env.TENCENTCLOUD_SECRET_ID,
    secretKey: mode === "wrongkey" ? "not-" + process.env.TENCENTCLOUD_SECRET_KEY : process.env.TENCENTCLOUD_SECRET_KEY,
  },
  region: "ap-guangzhou",
  profile: { httpProfile: { protocol: "http://", agent } },
});

client.request("DescribeInstances", { Limit: 1 }).then(
  (resp) => console.log(JSON.stringify(resp)),
  (err) => {
    console.log("ERROR", err.code, err.message);
    process.exit(1);
  },
);
