// Package credentials finds the key a request signs with and explains how it
// found it.
//
// Every source the official SDKs know is a small provider (one Retrieve
// method): Static, Env, Ini profile files, tccli profiles, STS AssumeRole, the
// CVM instance role and TKE OIDC (AssumeRoleWithWebIdentity). Temporary
// credentials are wrapped in a Cache that refreshes ahead of expiry with one
// refresh in flight. Resolve walks the default chain — env → ini profile →
// tccli profile → CVM role → TKE OIDC — and returns a Trace of every step:
// where it looked, what it found and why it moved on. List enumerates every
// profile of every source for a picker.
//
// Nothing here reads process-wide state directly: the environment, the home
// folder, file paths, the metadata URL, the STS endpoint and the clock all
// come from Options, so tests build exactly the world they need. Secret keys
// and tokens never appear in a Trace, an error or a String method.
package credentials
