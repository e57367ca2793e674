package meeting_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle/internal/golden"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

var update = flag.Bool("update", false, "rewrite the expected results of the golden scenarios in testdata/")

// A scenario is a script of meeting inputs, one a line, with below each the
// deliveries it made ("=> participant input → position effects") or the
// meeting's refusal ("!! error"). Lines starting with # are comments. The
// meeting's invariants are checked after every input. -update rewrites the
// expected lines from what the meeting does now: review the diff.
//
// Commands:
//
//	at +DURATION                     advance the clock
//	join ID attendee|manager         a participant joins (an 8:orgid: id is a Microsoft 365 user)
//	op KIND ACTOR ARGS…              an organizer operation (see scriptOp)
//	act ID INPUT                     a participant action, by its input name
//	answer ID ok|failed              the outcome of the participant's oldest call effect in flight
//	tick                             Tick at the clock
//	settle +DURATION                 answer every call effect with success and tick every timer up to clock+DURATION
//	end                              End the main meeting
func runScenario(t *testing.T, name string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading scenario: %v", err)
	}
	golden.Check(t, path, playScenario(t, src), *update)
}

func playScenario(t *testing.T, src []byte) []byte {
	h := newHost(t, meeting.Config{})
	var out bytes.Buffer
	for n, line := range strings.Split(strings.TrimSuffix(string(src), "\n"), "\n") {
		if strings.HasPrefix(line, "=>") || strings.HasPrefix(line, "!!") {
			continue
		}
		out.WriteString(line + "\n")
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		outcomes, err := h.script(strings.Fields(line))
		if err != nil {
			t.Fatalf("line %d %q: %v", n+1, line, err)
		}
		for _, o := range outcomes {
			if o.Err != nil {
				out.WriteString("!! " + o.Err.Error() + "\n")
				continue
			}
			if len(o.Deliveries) == 0 {
				out.WriteString("=> nothing\n")
			}
			for _, l := range format(o) {
				out.WriteString("=> " + l + "\n")
			}
		}
	}
	return out.Bytes()
}

// script runs one command and returns the outcomes it produced.
func (h *host) script(f []string) ([]meeting.Outcome, error) {
	arg := func(i int) string {
		if i < len(f) {
			return f[i]
		}
		return ""
	}
	switch f[0] {
	case "at", "settle":
		d, err := time.ParseDuration(strings.TrimPrefix(arg(1), "+"))
		if err != nil {
			return nil, err
		}
		if f[0] == "at" {
			h.advance(d)
			return nil, nil
		}
		return h.settleLog(h.now.Add(d)), nil
	case "join":
		role := lifecycle.Attendee
		if arg(2) == "manager" {
			role = lifecycle.Manager
		}
		kind := lifecycle.IdentifierCommunicationUser
		if strings.HasPrefix(arg(1), "8:orgid:") {
			kind = lifecycle.IdentifierMicrosoftTeamsUser
		}
		return []meeting.Outcome{h.took(h.m.AddParticipant(meeting.Participant{ID: arg(1), Role: role, Kind: kind}, h.now), "join")}, nil
	case "op":
		op, err := scriptOp(f[1:])
		if err != nil {
			return nil, err
		}
		return []meeting.Outcome{h.took(h.m.Apply(op, h.now), op.String())}, nil
	case "act":
		k, ok := inputKind(arg(2))
		if !ok {
			return nil, fmt.Errorf("unknown input %q", arg(2))
		}
		return []meeting.Outcome{h.took(h.m.ApplyParticipant(arg(1), lifecycle.Input{Kind: k}, h.now), "act")}, nil
	case "answer":
		return []meeting.Outcome{h.answer(arg(1), arg(2) == "ok")}, nil
	case "tick":
		return []meeting.Outcome{h.took(h.m.Tick(h.now), "tick")}, nil
	case "end":
		return []meeting.Outcome{h.took(h.m.End(h.now), "end")}, nil
	}
	return nil, fmt.Errorf("unknown command %q", f[0])
}

// settleLog is settle, returning every outcome.
func (h *host) settleLog(until time.Time) []meeting.Outcome {
	var log []meeting.Outcome
	for range 10_000 {
		answered := false
		for _, p := range h.m.Participants() {
			if len(h.inflight[p.ID]) > 0 {
				log = append(log, h.answer(p.ID, true))
				answered = true
				break
			}
		}
		if answered {
			continue
		}
		due, ok := h.m.NextDue()
		if !ok || due.After(until) {
			break
		}
		if due.After(h.now) {
			h.now = due
		}
		log = append(log, h.tick())
	}
	if h.now.Before(until) {
		h.now = until
	}
	return log
}

// scriptOp reads "KIND ACTOR ARGS…" into an organizer operation.
func scriptOp(f []string) (meeting.Op, error) {
	if len(f) < 2 {
		return meeting.Op{}, fmt.Errorf("op needs a kind and an actor")
	}
	kind, actor, args := f[0], f[1], f[2:]
	need := func(n int) error {
		if len(args) < n {
			return fmt.Errorf("%s needs %d arguments", kind, n)
		}
		return nil
	}
	switch kind {
	case "createRoom":
		if err := need(2); err != nil {
			return meeting.Op{}, err
		}
		return meeting.CreateRoom(actor, args[0], strings.Join(args[1:], " ")), nil
	case "removeRoom", "openRoom", "closeRoom":
		if err := need(1); err != nil {
			return meeting.Op{}, err
		}
		return map[string]func(string, string) meeting.Op{
			"removeRoom": meeting.RemoveRoom, "openRoom": meeting.OpenRoom, "closeRoom": meeting.CloseRoom,
		}[kind](actor, args[0]), nil
	case "openAllRooms":
		return meeting.OpenAllRooms(actor), nil
	case "closeAllRooms":
		return meeting.CloseAllRooms(actor), nil
	case "assign":
		if err := need(2); err != nil {
			return meeting.Op{}, err
		}
		return meeting.Assign(actor, args[0], args[1]), nil
	case "unassign":
		if err := need(1); err != nil {
			return meeting.Op{}, err
		}
		return meeting.Unassign(actor, args[0]), nil
	case "setTimeLimit":
		if err := need(1); err != nil {
			return meeting.Op{}, err
		}
		d, err := time.ParseDuration(args[0])
		return meeting.SetTimeLimit(actor, d), err
	case "setAutoMove", "setParticipantsCanReturn":
		if err := need(1); err != nil {
			return meeting.Op{}, err
		}
		on, err := strconv.ParseBool(args[0])
		if kind == "setAutoMove" {
			return meeting.SetAutoMove(actor, on), err
		}
		return meeting.SetParticipantsCanReturn(actor, on), err
	}
	return meeting.Op{}, fmt.Errorf("unknown op %q", kind)
}

func inputKind(name string) (lifecycle.InputKind, bool) {
	for _, k := range lifecycle.AllInputKinds() {
		if k.String() == name {
			return k, true
		}
	}
	return lifecycle.InputInvalid, false
}

// lineDiff lists the lines that differ, with their numbers.
