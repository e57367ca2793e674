package lifecycle

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/policy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTableValidates(t *testing.T) {
	require.NoError(t, tableErr)
	assert.Equal(t, len(rows()), table.Len())
}

// R21: from every state that is not left there is a way back to the main
// meeting, on the table's graph.
func TestR21_EveryStateHasAWayBackToTheMainMeeting(t *testing.T) {
	require.NoError(t, tableErr)
	for _, s := range table.States() {
		if s == StateLeft {
			continue
		}
		path, ok := table.PathHome(s)
		require.True(t, ok, "no way back to the main meeting from %s", s)
		to := s
		for _, i := range path {
			r := table.Rows()[i]
			require.Equal(t, to, r.From)
			to = r.To
		}
		assert.Contains(t, []State{StateMain, StateAssigned}, to, "the path from %s ends in %s", s, to)
	}
}

// Every (state, input) pair has a row or an explicit refusal, for every
// combination of the conditions its rows read (fsm.New checks exclusivity and
// completeness; this test proves it by enumeration).
func TestEveryStateAndInputHasExactlyOneRow(t *testing.T) {
	require.NoError(t, tableErr)
	all := table.Rows()
	for _, s := range table.States() {
		for _, k := range table.Inputs() {
			idx := table.RowsFor(s, k)
			require.NotEmpty(t, idx, "no row for %s in %s", k, s)
			var mentioned uint64
			for _, i := range idx {
				mentioned |= uint64(all[i].Guard.Must | all[i].Guard.MustNot)
			}
			var bits []uint
			for b := uint(0); b < 64; b++ {
				if mentioned&(1<<b) != 0 {
					bits = append(bits, b)
				}
			}
			for combo := 0; combo < 1<<len(bits); combo++ {
				var c uint64
				for j, b := range bits {
					if combo&(1<<j) != 0 {
						c |= 1 << b
					}
				}
				n := 0
				for _, i := range idx {
					if all[i].Guard.Holds(conditionsOf(c)) {
						n++
					}
				}
				assert.Equal(t, 1, n, "%s in %s with conditions %b: %d rows apply", k, s, c, n)
			}
		}
	}
}

func TestRefusalRowsKeepTheirState(t *testing.T) {
	for i, r := range table.Rows() {
		if r.Action.IsRefusal() {
			assert.Equal(t, r.From, r.To, "row %d", i)
			assert.NotNil(t, rowErrs[i], "row %d refuses without an error", i)
		}
	}
}

func TestEveryRowNamesARule(t *testing.T) {
	for i, r := range table.Rows() {
		assert.NotEqual(t, errcodes.RuleInvalid, r.Rule, "row %d", i)
		assert.NotEqual(t, actInvalid, r.Action, "row %d", i)
	}
}

func TestEveryEnumValueHasAName(t *testing.T) {
	check := func(name string, zero string, values []string) {
		seen := map[string]bool{}
		for _, v := range values {
			assert.NotEmpty(t, v, name)
			assert.NotContains(t, v, "(", "%s value without a name: %s", name, v)
			assert.False(t, seen[v], "%s name %q twice", name, v)
			seen[v] = true
		}
		assert.Contains(t, zero, "(0)", "%s zero value must be invalid", name)
	}
	check("Position", PositionInvalid.String(), strs(AllPositions()))
	check("State", StateInvalid.String(), strs(AllStates()))
	check("InputKind", InputInvalid.String(), strs(AllInputKinds()))
	check("Timer", TimerInvalid.String(), strs(AllTimers()))
	check("Notification", NotificationInvalid.String(), strs(AllNotifications()))
	check("EffectKind", EffectInvalid.String(), strs(AllEffectKinds()))
	check("Action", actInvalid.String(), strs(AllActions()))
	for _, s := range AllStates() {
		assert.NotEqual(t, PositionInvalid, s.Position(), "state %s has no position", s)
	}
}

func strs[E interface{ String() string }](vs []E) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.String()
	}
	return out
}

// The engine core is pure: no clock, no randomness, no goroutines, no I/O.
func TestEngineImportsNoClockRandomnessOrIO(t *testing.T) {
	forbidden := map[string]bool{
		"math/rand": true, "math/rand/v2": true, "crypto/rand": true, "os": true, "io": true,
		"net": true, "net/http": true, "sync": true, "sync/atomic": true, "log": true, "log/slog": true,
		"bufio": true, "os/exec": true, "syscall": true, "unsafe": true, "runtime": true,
	}
	for _, dir := range []string{".", "../policy", "../fsm"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		require.NoError(t, err)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			parsed, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
			require.NoError(t, err)
			for _, imp := range parsed.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				if strings.HasSuffix(f, "looplab.go") && path == "sync" {
					continue // the looplab adapter's lock; not the engine
				}
				assert.False(t, forbidden[path], "%s imports %s", f, path)
			}
			text := string(src)
			for _, call := range []string{"time.Now(", "time.Since(", "time.Sleep(", "time.After(", "time.Tick(", "time.NewTimer(", "go func"} {
				assert.NotContains(t, text, call, "%s calls %s", f, call)
			}
		}
	}
}

func TestConditionsAreNamed(t *testing.T) {
	names := policy.Names()
	for _, c := range policy.AllConditions() {
		assert.Equal(t, c.String(), names[c.Bit()])
		assert.NotEqual(t, errcodes.RuleInvalid, c.Rule(), c.String())
	}
}

func testTime(sec int) time.Time {
	return time.Date(2026, 1, 5, 10, 0, sec, 0, time.UTC)
}

// R25: every refusal and failure report names the rule that produced it, and
// the guard where one refused; its text says both.
func TestR25_EveryRefusalNamesItsRuleAndGuard(t *testing.T) {
	rows := table.Rows()
	for i, r := range rows {
		e := rowErrs[i]
		if r.Action.IsRefusal() || e != nil {
			require.NotNil(t, e, "row %d (%s) has no error", i, r.Action)
			assert.Equal(t, r.Rule, e.Rule, "row %d", i)
			assert.Contains(t, e.Error(), r.Rule.String(), "row %d", i)
			if r.Action.IsRefusal() && r.Guard.Must|r.Guard.MustNot != 0 {
				assert.NotEmpty(t, e.Guard, "row %d refuses by a guard it does not name", i)
				assert.Contains(t, e.Error(), e.Guard, "row %d", i)
			}
			assert.True(t, e.Kind == errcodes.KindSDK && e.Subcode != 0 || e.Kind != errcodes.KindSDK && e.Subcode == 0,
				"row %d: an error is an SDK subcode or a project kind", i)
		}
	}
	for _, e := range []*errcodes.Error{errFeatureDisabled, errNotTeams} {
		assert.Equal(t, errcodes.R1, e.Rule)
		assert.NotEmpty(t, e.Guard)
	}
}

// R22: once left, every input is refused with participantLeft, before its
// time or its fields are looked at.
func TestR22_LeftComesBeforeTimeAndFields(t *testing.T) {
	m, err := New(DefaultConfig())
	require.NoError(t, err)
	require.False(t, m.Apply(Input{Kind: InputLeaveMeeting}, testTime(10)).Refused)
	for _, in := range []struct {
		in  Input
		now time.Time
	}{
		{Input{Kind: InputHoldMainOK, ThreadID: "19:r1"}, testTime(11)},
		{Input{Kind: InputJoin}, testTime(1)},
		{Input{Kind: InputTick}, testTime(12)},
		{Input{Kind: InputAssignedRoom, Room: &Room{}}, testTime(12)},
		{Input{Kind: InputKind(200)}, testTime(12)},
	} {
		res := m.Apply(in.in, in.now)
		require.True(t, res.Refused)
		assert.Equal(t, errcodes.ParticipantLeft, res.Err.Kind, "%v", in.in.Kind)
		assert.Equal(t, errcodes.R22, res.Err.Rule)
	}
}
