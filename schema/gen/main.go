// Command gen builds tcx's embedded schema bundle (assets/schema) from the
// API definitions that tccli ships (tccli/services/<folder>/<version>/
// api.json + examples.json). See docs/schema.md.
//
//	go run ./schema/gen                 # pip download tccli==$TCCLI into a temp dir
//	go run ./schema/gen -src DIR        # DIR = an unpacked tccli (or its services folder)
//
// It prints counts and everything it skipped, and fails when the source has
// a structure it does not understand.
package main

import (
	"archive/zip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tcx-dev/tcx/schema"
)

// tccliVersion is the pinned source; change it and re-run to update.
const tccliVersion = "3.1.189.1"

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	src := flag.String("src", "", "an unpacked tccli package (or its services folder); default: pip download tccli=="+tccliVersion)
	out := flag.String("out", "assets/schema", "where to write index.bin and versions.bin")
	version := flag.String("version", tccliVersion, "the tccli version to download (and to record as the source)")
	verbose := flag.Bool("v", false, "list every skipped item, not just a summary")
	flag.Parse()

	dir := *src
	if dir == "" {
		tmp, err := os.MkdirTemp("", "tcx-schema-gen-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		if dir, err = download(tmp, *version); err != nil {
			return err
		}
	}
	services, err := servicesDir(dir)
	if err != nil {
		return err
	}
	reg, rep := schema.ReadTccli(services)
	if len(rep.Problems) > 0 {
		for _, p := range rep.Problems {
			fmt.Fprintln(os.Stderr, "problem:", p)
		}
		return fmt.Errorf("%d problems in the source; the generator does not guess", len(rep.Problems))
	}
	info, err := reg.WriteBundle(*out, "tccli "+*version, rep.Stats)
	if err != nil {
		return err
	}
	s := rep.Stats
	fmt.Printf("source: tccli %s (%s)\n", *version, services)
	fmt.Printf("products %d, versions %d, actions %d (deprecated/offline %d), objects %d, members %d, examples %d\n",
		s.Products, s.Versions, s.Actions, s.Deprecated, s.Objects, s.Members, s.Examples)
	fmt.Printf("action names in more than one product: %d\n", s.SharedNames)
	fmt.Printf("string members with values listed in their docs (Enum): %d\n", rep.Enums)
	fmt.Printf("bundle: index %d bytes, versions %d bytes (raw %d; largest %s, %d bytes)\n",
		info.IndexBytes, info.DataBytes, info.RawBytes, info.Largest, info.LargestBytes)
	summarise(rep.Skipped, *verbose)
	return nil
}

// summarise prints skipped items grouped by reason.
func summarise(skipped []string, verbose bool) {
	byReason := map[string]int{}
	for _, s := range skipped {
		reason := s
		if i := strings.LastIndex(s, ": "); i >= 0 {
			reason = s[i+2:]
		}
		byReason[reason]++
		if verbose {
			fmt.Println("skipped:", s)
		}
	}
	var reasons []string
	for r := range byReason {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		fmt.Printf("skipped %d: %s\n", byReason[r], r)
	}
}

// download fetches the pinned tccli wheel with pip and unpacks its services.
func download(tmp, version string) (string, error) {
	cmd := exec.Command("pip", "download", "tccli=="+version, "--no-deps", "-d", tmp)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		if _, lookErr := exec.LookPath("pip"); lookErr != nil {
			cmd = exec.Command("python3", "-m", "pip", "download", "tccli=="+version, "--no-deps", "-d", tmp)
			cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
			err = cmd.Run()
		}
		if err != nil {
			return "", fmt.Errorf("pip download tccli==%s: %w", version, err)
		}
	}
	wheels, _ := filepath.Glob(filepath.Join(tmp, "tccli-*.whl"))
	if len(wheels) != 1 {
		return "", fmt.Errorf("expected one tccli wheel in %s, found %d", tmp, len(wheels))
	}
	dst := filepath.Join(tmp, "src")
	return dst, unzip(wheels[0], dst, "tccli/services/")
}

func unzip(wheel, dst, prefix string) error {
	zr, err := zip.OpenReader(wheel)
	if err != nil {
		return err
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, prefix) || f.FileInfo().IsDir() {
			continue
		}
		name := filepath.Join(dst, filepath.FromSlash(f.Name))
		if !strings.HasPrefix(name, filepath.Clean(dst)+string(os.PathSeparator)) {
			return fmt.Errorf("%s: unsafe path %q", wheel, f.Name)
		}
		if !strings.HasSuffix(name, ".json") && !strings.HasSuffix(name, "__init__.py") {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		w, err := os.Create(name)
		if err == nil {
			_, err = io.Copy(w, rc)
			if cerr := w.Close(); err == nil {
				err = cerr
			}
		}
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// servicesDir accepts an unpacked wheel, a tccli package folder or its
// services folder.
func servicesDir(dir string) (string, error) {
	for _, c := range []string{filepath.Join(dir, "tccli", "services"), filepath.Join(dir, "services"), dir} {
		if _, err := os.Stat(filepath.Join(c, "__init__.py")); err == nil {
			return c, nil
		}
	}
	return "", errors.New(dir + ": no tccli services folder (with __init__.py) found")
}
