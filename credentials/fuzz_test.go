package credentials

import (
	"strings"
	"testing"
)

// FuzzParseIni: any bytes give a parsed file or a *FileError that never
// quotes the input (it may hold a key).
func FuzzParseIni(f *testing.F) {
	for _, s := range []string{
		"[default]\nsecret_id = AKIDx\nsecret_key = k\n",
		"[a]\r\nsecret_id=\"q\"\r\n; c\n# c\n[b]\nregion: ap-guangzhou\n",
		"[\n", "[]\n", "x\n", "=v\n", "k = \"\"\"\n", "\xef\xbb\xbf[default]\nsecret_id=1\n",
		"top = 1\n[s]\nsecretid = 2\nsecret_id = 3\nsecret_id = 4\n",
		"[default]\nsecret_key = abc ; comment\ntoken = t#x\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := ParseIni("creds", data)
		if err != nil {
			fe, ok := err.(*FileError)
			if !ok {
				t.Fatalf("error %T %v is not a *FileError", err, err)
			}
			checkNotQuoted(t, fe.Problem, data)
			return
		}
		for _, p := range file.Profiles {
			_ = p.String()
			for _, w := range p.Warnings {
				_ = w
			}
		}
	})
}

// FuzzParseTccli: the credential and configure parsers never panic and
// their errors never quote the input.
func FuzzParseTccli(f *testing.F) {
	for _, s := range []string{
		`{"type":"default","secretId":"AKIDx","secretKey":"k","token":""}`,
		`{"type":"oauth","secretId":"a","secretKey":"b","token":"c","expiresAt":1700000000,"oauth":{"expiresAt":"1700000000"}}`,
		`{"type":"cvm-role"}`, `{"type":"role-arn","role-arn":"qcs::cam::uin/1:roleName/r","role-session-name":"s"}`,
		`{"_sys_param":{"region":"ap-guangzhou","output":"json"},"cvm":{"endpoint":"e","version":"v"}}`,
		`{`, `[]`, `{"type":7}`, `{"secretId":"x"` + "\n" + `"secretKey":"y"}`, "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, parse := range []func() error{
			func() error { _, err := ParseTccliCredential("c", data); return err },
			func() error { _, err := ParseTccliConfigure("g", data); return err },
		} {
			err := parse()
			if err == nil {
				continue
			}
			fe, ok := err.(*FileError)
			if !ok {
				t.Fatalf("error %T %v is not a *FileError", err, err)
			}
			checkNotQuoted(t, fe.Problem, data)
		}
	})
}

// checkNotQuoted fails when a problem text contains a run of the input
// long enough to be a secret: a value after '=' or ':', or a whole line
// that is neither a section header nor key = value.
func checkNotQuoted(t *testing.T, problem string, data []byte) {
	t.Helper()
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			continue
		}
		if i := strings.IndexAny(line, "=:"); i >= 0 {
			line = line[i+1:]
		}
		for _, field := range strings.FieldsFunc(line, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		}) {
			if len(field) >= 12 && strings.Contains(problem, field) {
				t.Fatalf("problem %q quotes the input %q", problem, field)
			}
		}
	}
}
