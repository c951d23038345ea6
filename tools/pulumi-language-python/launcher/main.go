// Command pulumi-language-python starts the pinned Python language host with the project's
// runtime options, so a CLI built from source honours `runtime.options.virtualenv` exactly as
// Pulumi's official install does.
//
// Why a launcher: the host we can build here (sdk/v3 v3.68.0, see ../go.mod) reads the
// virtualenv and project root from command-line flags, while the CLI we build (v3.274.1) no
// longer passes them: it hands a language plugin only the engine address and starts it in the
// program's directory. Patching either side would mean maintaining a fork; this program instead
// reads Pulumi.yaml with Pulumi's own workspace package (the same loader the CLI uses, so the
// YAML is never parsed by hand), then replaces itself (exec) with the pinned host, adding
// `-root` and `-virtualenv` in front of the arguments the CLI gave. Stdout, stdin and the
// process id stay the CLI's, so the plugin handshake is untouched.
//
// Layout it expects (scripts/ensure-pulumi.sh installs it):
//
//	<bin>/pulumi-language-python              this launcher
//	<bin>/pulumi-language-python-exec         the executor script from the CLI's own sdk/v3
//	<bin>/python-language-host/<version>/pulumi-language-python   the pinned host
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

// venvBin is the bin directory of the project's virtualenv, once projectFlags has found one.
var venvBin string

// hostVersion is stamped at build time (-ldflags "-X main.hostVersion=v3.68.0").
var hostVersion = "unknown"

func main() {
	bin, err := binDir()
	if err != nil {
		fail(err)
	}
	host := filepath.Join(bin, "python-language-host", hostVersion, "pulumi-language-python")
	flags, err := projectFlags()
	if err != nil {
		fail(err)
	}
	flags = append(flags, "-use-executor="+filepath.Join(bin, "pulumi-language-python-exec"))
	argv := append([]string{host}, append(flags, os.Args[1:]...)...)
	if err := syscall.Exec(host, argv, environment()); err != nil {
		fail(fmt.Errorf("cannot start the Python language host %s: %w (run `make cli`)", host, err))
	}
}

// binDir is the directory this launcher was installed in, symlinks resolved.
func binDir() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	self, err = filepath.EvalSymlinks(self)
	if err != nil {
		return "", err
	}
	return filepath.Dir(self), nil
}

// projectFlags turns the runtime options of the Pulumi.yaml governing the working directory into
// the pinned host's flags. Outside a project (e.g. `pulumi plugin ls`) there are none.
func projectFlags() ([]string, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	path, err := workspace.DetectProjectPathFrom(cwd)
	if err != nil || path == "" {
		return nil, nil //nolint:nilerr // no project here: the host runs without project options
	}
	project, err := workspace.LoadProject(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	options := project.Runtime.Options()
	if toolchain, ok := options["toolchain"].(string); ok && toolchain != "" && toolchain != "pip" {
		return nil, fmt.Errorf(
			"%s sets runtime.options.toolchain: %s, which the Python language host built from source "+
				"(%s) does not support; use `virtualenv:` with pip, or Pulumi's official install", path, toolchain, hostVersion)
	}
	root := filepath.Dir(path)
	flags := []string{"-root=" + root}
	if venv, ok := options["virtualenv"].(string); ok && venv != "" {
		flags = append(flags, "-virtualenv="+venv)
		if !filepath.IsAbs(venv) {
			venv = filepath.Join(root, venv)
		}
		if isFile(filepath.Join(venv, "bin", "python")) {
			venvBin = filepath.Join(venv, "bin")
		}
	}
	return flags, nil
}

// environment is the launcher's own with the project's virtualenv first on PATH, as activating it
// would do: the pinned host runs the program with the virtualenv it is given, but answers
// `pulumi about` with whichever `python3` PATH offers. With a virtualenv, PULUMI_PYTHON_CMD is
// dropped, as Pulumi's own host ignores it then: the v3.68 host would join its value onto the
// virtualenv's bin directory (".venv/bin//usr/bin/python3: no such file or directory").
func environment() []string {
	if venvBin == "" {
		return os.Environ()
	}
	env := make([]string, 0, len(os.Environ())+1)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PATH=") && !strings.HasPrefix(kv, "PULUMI_PYTHON_CMD=") {
			env = append(env, kv)
		}
	}
	return append(env, "PATH="+venvBin+string(os.PathListSeparator)+os.Getenv("PATH"))
}

func isFile(path string) bool {
	info, err := os.Stat(path)
	return err == nil && !info.IsDir()
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "pulumi-language-python: %v\n", err)
	os.Exit(1)
}
