package proptest

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The process harness is checked against the project's own command, built
// once per test binary (with and without the tag that plants a bug), and
// against engines written as shell scripts that crash or hang.

// processChecks is how many traces the tests of CheckProcess run: each
// starts a process.
const processChecks = 150

var (
	binDir   string // where the commands are built; removed by TestMain
	binMu    sync.Mutex
	binPaths = map[string]string{} // build tags → the command built with them
	binErrs  = map[string]error{}
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "proptest-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// goCommand is the go command: the one in PATH, else the one of the
// toolchain that built this test.
func goCommand() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// command builds cmd/breakoutfsm with the given build tags, once per test
// binary, and returns its path.
func command(t testing.TB, tags string) string {
	t.Helper()
	binMu.Lock()
	defer binMu.Unlock()
	if p, ok := binPaths[tags]; ok {
		return p
	}
	if err, ok := binErrs[tags]; ok {
		t.Fatal(err)
	}
	out := filepath.Join(binDir, "breakoutfsm"+strings.ReplaceAll(tags, ",", "-"))
	if runtime.GOOS == "windows" {
		out += ".exe"
	}
	args := []string{"build", "-o", out}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	cmd := exec.Command(goCommand(), append(args, "./cmd/breakoutfsm")...)
	cmd.Dir = ".." // the module's root
	if msg, err := cmd.CombinedOutput(); err != nil {
		binErrs[tags] = fmt.Errorf("building the command (tags %q): %v\n%s", tags, err, msg)
		t.Fatal(binErrs[tags])
	}
	binPaths[tags] = out
	return out
}

// recorder is a test that records its failures instead of failing the
// real one, so that a test can check what a failing check reports. Like a
// real test, it stops the goroutine at FailNow.
type recorder struct {
	testing.TB // the real test, for Name, Cleanup and TempDir
	mu         sync.Mutex
	failed     bool
	errors     []string
	logs       []string
}

func (r *recorder) add(to *[]string, msg string, fail bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	*to = append(*to, msg)
	r.failed = r.failed || fail
}

func (r *recorder) Helper()         {}
func (r *recorder) Log(args ...any) { r.add(&r.logs, fmt.Sprint(args...), false) }
func (r *recorder) Logf(format string, args ...any) {
	r.add(&r.logs, fmt.Sprintf(format, args...), false)
}
func (r *recorder) Error(args ...any) { r.add(&r.errors, fmt.Sprint(args...), true) }
func (r *recorder) Errorf(format string, args ...any) {
	r.add(&r.errors, fmt.Sprintf(format, args...), true)
}
func (r *recorder) Fatal(args ...any)                 { r.Error(args...); runtime.Goexit() }
func (r *recorder) Fatalf(format string, args ...any) { r.Errorf(format, args...); runtime.Goexit() }
func (r *recorder) Fail()                             { r.mu.Lock(); r.failed = true; r.mu.Unlock() }
func (r *recorder) FailNow()                          { r.Fail(); runtime.Goexit() }
func (r *recorder) Skip(args ...any)                  { r.Log(args...); runtime.Goexit() }
func (r *recorder) Skipf(format string, args ...any)  { r.Logf(format, args...); runtime.Goexit() }
func (r *recorder) SkipNow()                          { runtime.Goexit() }
func (r *recorder) Failed() bool                      { r.mu.Lock(); defer r.mu.Unlock(); return r.failed }

// last is the last failure the recorder saw.
func (r *recorder) last() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.errors) == 0 {
		return ""
	}
	return r.errors[len(r.errors)-1]
}

// recorded runs check against a recorder, in a goroutine of its own as a
// test runs, and returns the recorder and how long the check took. rapid
// saves no failure file meanwhile: these failures are meant.
func recorded(t *testing.T, check func(tb testing.TB)) (*recorder, time.Duration) {
	t.Helper()
	if f := flag.Lookup("rapid.nofailfile"); f != nil {
		was := f.Value.String()
		flag.Set("rapid.nofailfile", "true")
		defer flag.Set("rapid.nofailfile", was)
	}
	rec := &recorder{TB: t}
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		check(rec)
	}()
	select {
	case <-done:
	case <-time.After(3 * time.Minute):
		t.Fatal("the check did not return within 3 minutes")
	}
	return rec, time.Since(start)
}

// reportedTrace is the trace at the end of a failure report, and the count
// of lines its heading gives.
func reportedTrace(t *testing.T, report string) (lines []string, heading int) {
	t.Helper()
	re := regexp.MustCompile(`(?s)trace \(docs/TRACE\.md, (\d+) lines; [^\n]*\):\n(.*)$`)
	m := re.FindAllStringSubmatch(report, -1)
	if m == nil {
		t.Fatalf("no trace in the report:\n%s", report)
	}
	last := m[len(m)-1]
	n, _ := strconv.Atoi(last[1])
	body := strings.TrimSuffix(last[2], "\n")
	if body != "" {
		lines = strings.Split(body, "\n")
	}
	// A hang's report ends with a note after the trace.
	if k := len(lines); k > 0 && strings.HasPrefix(lines[k-1], "(not shrunk") {
		lines = lines[:k-1]
	}
	return lines, n
}

func TestCheckProcess_TheCommandPasses(t *testing.T) {
	bin := command(t, "")
	CheckProcessWith(t, []string{bin, "replay", "--json", "-"}, Checks(processChecks))
}

// TestCheckProcess_CatchesAPlantedBug builds the command with a bug
// planted (cmd/breakoutfsm/plantbug.go: a refusal with returnDisabled is
// written without its error) and checks that CheckProcess finds it and
// reports it with a trace of at most 8 lines, ending in the action that the
// engine refused for R15 (returnToMainMeeting, hangUpBreakout or resumeMain:
// each leaves the room early).
func TestCheckProcess_CatchesAPlantedBug(t *testing.T) {
	bin := command(t, "breakoutfsm_plantbug")
	rec, took := recorded(t, func(tb testing.TB) {
		CheckProcessWith(tb, []string{bin, "replay", "--json", "-"}, Checks(10*DefaultChecks))
	})
	if !rec.Failed() {
		t.Fatalf("CheckProcess passed a command with a planted bug (%v)", took)
	}
	report := rec.last()
	t.Logf("CheckProcess failed in %v; rapid said:\n%s\nits last report:\n%s", took, rec.errors[0], report)
	lines, n := reportedTrace(t, report)
	if n != len(lines) {
		t.Errorf("the heading counts %d lines, the report shows %d", n, len(lines))
	}
	if n > 8 {
		t.Errorf("the trace has %d lines, want at most 8", n)
	}
	if !strings.Contains(report, "the failing trace without the lines the failure does not need") ||
		!strings.Contains(report, "the engine reports no error, the model returnDisabled R15") ||
		!regexp.MustCompile(`"action":"(returnToMainMeeting|hangUpBreakout|resumeMain)"`).MatchString(lines[len(lines)-1]) {
		t.Errorf("the report does not show the planted bug: a return (a hang-up, or a resume of the main call) refused for R15 reported without its error")
	}
}

// writeScript writes an engine as a shell script.
func writeScript(t *testing.T, name, body string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the engine is a shell script")
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCheckProcess_ACrashingEngineFailsCleanly: an engine that answers two
// lines and then exits with status 2, saying why on its standard error.
func TestCheckProcess_ACrashingEngineFailsCleanly(t *testing.T) {
	bin := command(t, "")
	script := writeScript(t, "crash.sh", `in=$(cat)
printf '%s\n' "$in" | "$1" replay --json - | head -n 2
if [ "$(printf '%s\n' "$in" | grep -c '[^[:space:]]')" -gt 2 ]; then
  echo "my-engine: TypeError: Cannot read properties of undefined (reading 'threadId')" >&2
  exit 2
fi
`)
	rec, took := recorded(t, func(tb testing.TB) {
		CheckProcessWith(tb, []string{"sh", script, bin}, Checks(processChecks))
	})
	if !rec.Failed() {
		t.Fatal("CheckProcess passed an engine that crashes")
	}
	report := rec.last()
	t.Logf("CheckProcess failed in %v; its last report:\n%s", took, report)
	for _, want := range []string{
		"ended with exit status 2 after writing 2 of the 3 result lines",
		"its standard error ended with:\n    my-engine: TypeError",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("the report does not say %q", want)
		}
	}
	if lines, n := reportedTrace(t, report); n != 3 || len(lines) != 3 {
		t.Errorf("the trace has %d lines (%d shown), want the 3 the crash needs", n, len(lines))
	}
}

// TestCheckProcess_AHangingEngineFailsCleanly: an engine that reads its
// trace and never answers (its sleep, a process of its own, must be killed
// too).
func TestCheckProcess_AHangingEngineFailsCleanly(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	script := writeScript(t, "hang.sh", `in=$(cat)
[ -z "$in" ] && exit 0
sleep 60 &
echo $! > "$1"
wait
`)
	const timeout = 300 * time.Millisecond
	rec, took := recorded(t, func(tb testing.TB) {
		CheckProcessWith(tb, []string{"sh", script, pidFile}, Checks(processChecks), TraceTimeout(timeout))
	})
	if !rec.Failed() {
		t.Fatal("CheckProcess passed an engine that never answers")
	}
	report := rec.last()
	t.Logf("CheckProcess failed in %v; its report:\n%s", took, report)
	if took > 20*timeout+5*time.Second {
		t.Errorf("the check took %v with a deadline of %v a trace", took, timeout)
	}
	for _, want := range []string{"did not finish the trace within the deadline (TraceTimeout) and was killed", "not shrunk"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report does not say %q", want)
		}
	}
	if lines, n := reportedTrace(t, report); n == 0 || n != len(lines) {
		t.Errorf("the report shows %d lines of a trace of %d", len(lines), n)
	}
	if runtime.GOOS == "linux" {
		b, err := os.ReadFile(pidFile)
		if err != nil {
			t.Fatalf("the engine's sleep never started: %v", err)
		}
		pid := strings.TrimSpace(string(b))
		for deadline := time.Now().Add(5 * time.Second); ; {
			stat, err := os.ReadFile("/proc/" + pid + "/stat")
			if err != nil || strings.Contains(string(stat), ") Z ") {
				break // gone, or a zombie waiting to be reaped
			}
			if time.Now().After(deadline) {
				t.Errorf("the engine's sleep (pid %s) outlived the deadline: %s", pid, stat)
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// TestCheckProcess_AMissingCommandFailsAtOnce: a command that cannot be
// started fails the test with why, before any trace is drawn.
func TestCheckProcess_AMissingCommandFailsAtOnce(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-engine")
	rec, _ := recorded(t, func(tb testing.TB) { CheckProcess(tb, missing, "--json") })
	if !rec.Failed() {
		t.Fatal("CheckProcess passed a command that does not exist")
	}
	if msg := rec.last(); !strings.Contains(msg, "could not be started") || !strings.Contains(msg, "no-such-engine") {
		t.Errorf("the failure does not say the command could not be started:\n%s", msg)
	}
}
