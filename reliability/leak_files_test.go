package reliability

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestNoSecretLeaksFromMalformedCredentialFiles: a credentials file that
// does not parse is reported — without quoting the secret on the broken
// line. Each file below breaks on the line that holds the key.
func TestNoSecretLeaksFromMalformedCredentialFiles(t *testing.T) {
	const broken = "SECRETsweepMALFORMEDkey0000000000"
	for _, tc := range []struct{ name, path, content string }{
		{"ini, unclosed backtick", ".tencentcloud/credentials", "[default]\nsecret_id = " + sweepID + "\nsecret_key = `" + broken + "\n"},
		{"ini, unclosed triple quote", ".tencentcloud/credentials", "[default]\nsecret_id = " + sweepID + "\nsecret_key = \"\"\"" + broken + "\n"},
		{"ini, no equals sign", ".tencentcloud/credentials", "[default]\nsecret_id = " + sweepID + "\n" + broken + "\n"},
		{"ini, unclosed section", ".tencentcloud/credentials", "[default\nsecret_key = " + broken + "\n"},
		{"tccli, cut-off JSON", ".tccli/default.credential", `{"secretId": "` + sweepID + `", "secretKey": "` + broken},
		{"tccli, wrong type", ".tccli/default.credential", `{"secretId": "` + sweepID + `", "secretKey": ["` + broken + `"]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			writeFile(t, filepath.Join(home, tc.path), tc.content)
			for _, args := range [][]string{
				{"profiles"},
				{"profiles", "--json"},
				{"call", "cvm", "DescribeZones", "--region", "ap-guangzhou", "--endpoint", refusedEndpoint(t)},
				{"sign", "cvm", "DescribeZones", "--region", "ap-guangzhou"},
			} {
				r := tcx(t, run{home: home, args: args})
				for _, s := range []string{broken, "SECRETsweep", sweepID} {
					if i := strings.Index(r.stdout+r.stderr, s); i >= 0 {
						t.Errorf("tcx %s shows %q: …%s…", strings.Join(args, " "), s, excerpt(r.stdout+r.stderr, i))
					}
				}
			}
		})
	}
}
