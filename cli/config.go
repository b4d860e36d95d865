package cli

import "github.com/tcx-dev/tcx/config"

// config reads tcx's settings file (config.DefaultPath, or TCX_CONFIG when
// set) and returns it with its path.
func (e *env) config() (config.Config, string, error) {
	path := e.getenv("TCX_CONFIG")
	if path == "" {
		p, err := config.DefaultPath(e.getenv)
		if err != nil {
			return config.Config{}, "", err
		}
		path = p
	}
	c, err := config.Load(path)
	return c, path, err
}
