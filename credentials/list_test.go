package credentials

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestListShowsEveryProfileOfEverySource(t *testing.T) {
	w := newWorld(t)
	w.env[EnvSecretID], w.env[EnvSecretKey], w.env[EnvRegion] = envID, envKey, "ap-beijing"
	w.env[EnvProfile] = "prod"
	w.write(".tencentcloud/credentials", iniText("default", iniID, iniKey, "region = ap-guangzhou")+
		iniText("prod", iniID, iniKey, "role_arn = qcs::cam::uin/1:roleName/admin")+"[broken]\nsecret_id = "+iniID+"\n")
	tccliFiles(w, "default", `{"secretId":"`+cliID+`","secretKey":"`+cliKey+`"}`, "ap-hongkong")
	tccliFiles(w, "sso", fmt.Sprintf(`{"type":"sso","secretId":"%s","secretKey":"%s","token":"x","expiresAt":%d}`, cliID, cliKey, w.now.Add(-time.Hour).Unix()), "")
	w.write(".tccli/bad.credential", "{")
	tok := w.write("token", "t")
	w.env[EnvTKERegion], w.env[EnvTKEProviderID], w.env[EnvTKETokenFile], w.env[EnvTKERoleArn] = "ap-nanjing", "p", tok, "qcs::cam::uin/1:roleName/pod"

	got := List(w.options())
	see(got)
	var lines []string
	for _, p := range got {
		lines = append(lines, fmt.Sprintf("%s|%s|%s|%s|%s|%v|%s", p.Source, p.Name, p.Kind, p.Region, p.MaskedID, p.Selected, p.Problem))
	}
	want := []string{
		"env||long-term|ap-beijing|AKID…1a2b|false|",
		"ini|default|long-term|ap-guangzhou|AKID…3c4d|false|",
		"ini|prod|assume-role||AKID…3c4d|true|",
		"ini|broken|long-term||AKID…3c4d|false|no secret_id or secret_key",
		"tccli|bad||||false|" + w.home + "/.tccli/bad.credential:1:1: not valid JSON: unexpected end of JSON input",
		"tccli|default|long-term|ap-hongkong|AKID…5e6f|true|",
		"tccli|sso|sso||AKID…5e6f|false|login expired; run tccli auth login --profile sso",
		"tke-oidc||oidc|ap-nanjing||false|",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

func TestListReportsAMalformedIniFile(t *testing.T) {
	w := newWorld(t)
	w.write(".tencentcloud/credentials", "[default]\nsecret_id\n")
	got := List(w.options())
	see(got)
	if len(got) != 1 || got[0].Source != SourceIni || !strings.Contains(got[0].Problem, "credentials:2: expected 'key = value'") {
		t.Errorf("got %+v", got)
	}
}
