package meeting_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// t0 is the tests' first instant.
var t0 = time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)

// host plays the host of every participant of one meeting: it keeps the call
// effects each participant's host has in flight, answers them, and ticks.
// After every input it checks the meeting's invariants.
type host struct {
	t        failer
	m        *meeting.Meeting
	now      time.Time
	inflight map[string][]lifecycle.Effect
}

// failer is what host needs of a *testing.T or a *rapid.T.
type failer interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

func newHost(t failer, cfg meeting.Config) *host {
	t.Helper()
	m, err := meeting.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &host{t: t, m: m, now: t0, inflight: map[string][]lifecycle.Effect{}}
}

// observe records the call effects of an outcome as in flight.
func (h *host) observe(o meeting.Outcome) meeting.Outcome {
	for _, d := range o.Deliveries {
		if d.Position == lifecycle.PositionLeft {
			delete(h.inflight, d.Participant)
			continue
		}
		for _, e := range d.Effects {
			if e.Kind.IsCall() {
				h.inflight[d.Participant] = append(h.inflight[d.Participant], e)
			}
		}
	}
	return o
}

func (h *host) check(what string) {
	h.t.Helper()
	if err := h.m.CheckInvariants(); err != nil {
		h.t.Fatalf("after %s: %v", what, err)
	}
}

// took checks the invariants after an input and records its effects.
func (h *host) took(o meeting.Outcome, what string) meeting.Outcome {
	h.t.Helper()
	h.check(what)
	return h.observe(o)
}

// must is took, failing the test when the meeting refused the input.
func (h *host) must(o meeting.Outcome, what string) meeting.Outcome {
	h.t.Helper()
	if o.Err != nil {
		h.t.Fatalf("%s refused: %v", what, o.Err)
	}
	return h.took(o, what)
}

func (h *host) op(op meeting.Op) meeting.Outcome {
	h.t.Helper()
	return h.must(h.m.Apply(op, h.now), op.String())
}

func (h *host) add(id string, role lifecycle.Role) meeting.Outcome {
	h.t.Helper()
	kind := lifecycle.IdentifierCommunicationUser
	if strings.HasPrefix(id, "8:orgid:") {
		kind = lifecycle.IdentifierMicrosoftTeamsUser
	}
	return h.must(h.m.AddParticipant(meeting.Participant{ID: id, Role: role, Kind: kind}, h.now), "join of "+id)
}

func (h *host) input(id string, in lifecycle.Input) meeting.Outcome {
	h.t.Helper()
	return h.must(h.m.ApplyParticipant(id, in, h.now), in.Kind.String()+" of "+id)
}

func (h *host) act(id string, k lifecycle.InputKind) meeting.Outcome {
	h.t.Helper()
	return h.input(id, lifecycle.Input{Kind: k})
}

func (h *host) tick() meeting.Outcome {
	h.t.Helper()
	return h.must(h.m.Tick(h.now), "tick")
}

func (h *host) advance(d time.Duration) { h.now = h.now.Add(d) }

// answer reports the outcome of the participant's oldest effect in flight.
func (h *host) answer(id string, ok bool) meeting.Outcome {
	h.t.Helper()
	fl := h.inflight[id]
	if len(fl) == 0 {
		h.t.Fatalf("%s has nothing in flight", id)
	}
	e := fl[0]
	h.inflight[id] = fl[1:]
	return h.input(id, outcomeOf(e, ok))
}

// settle answers every effect in flight with success, participants in join
// order, and ticks whenever a timer falls due up to until, until nothing is
// left to do.
func (h *host) settle(until time.Time) {
	h.t.Helper()
	for range 10_000 {
		answered := false
		for _, p := range h.m.Participants() {
			if len(h.inflight[p.ID]) > 0 {
				h.answer(p.ID, true)
				answered = true
				break
			}
		}
		if answered {
			continue
		}
		due, ok := h.m.NextDue()
		if !ok || due.After(until) {
			return
		}
		if due.After(h.now) {
			h.now = due
		}
		h.tick()
	}
	h.t.Fatal("the meeting does not settle")
}

// outcomeOf is the outcome input answering a call effect.
func outcomeOf(e lifecycle.Effect, ok bool) lifecycle.Input {
	pick := func(yes, no lifecycle.InputKind) lifecycle.InputKind {
		if ok {
			return yes
		}
		return no
	}
	switch e.Kind {
	case lifecycle.EffectHoldMain:
		return lifecycle.Input{Kind: pick(lifecycle.InputHoldMainOK, lifecycle.InputHoldMainFailed)}
	case lifecycle.EffectJoinBreakout:
		return lifecycle.Input{Kind: pick(lifecycle.InputJoinBreakoutOK, lifecycle.InputJoinBreakoutFailed), ThreadID: e.ThreadID}
	case lifecycle.EffectHangUpMain:
		return lifecycle.Input{Kind: pick(lifecycle.InputHangUpMainOK, lifecycle.InputHangUpMainFailed)}
	case lifecycle.EffectHangUpBreakout:
		return lifecycle.Input{Kind: pick(lifecycle.InputHangUpBreakoutOK, lifecycle.InputHangUpBreakoutFailed), ThreadID: e.ThreadID}
	case lifecycle.EffectResumeMain:
		return lifecycle.Input{Kind: pick(lifecycle.InputResumeMainOK, lifecycle.InputResumeMainFailed)}
	case lifecycle.EffectRejoinMain:
		return lifecycle.Input{Kind: pick(lifecycle.InputRejoinMainOK, lifecycle.InputRejoinMainFailed)}
	}
	panic("not a call effect: " + e.Kind.String())
}

// format writes an outcome's deliveries one a line: participant, input,
// position, effects and error, for comparing with what a test expects.
func format(o meeting.Outcome) []string {
	var out []string
	for _, d := range o.Deliveries {
		line := fmt.Sprintf("%s %s → %s", d.Participant, describe(d.Input), d.Position)
		if len(d.Effects) > 0 {
			line += " " + lifecycle.FormatEffects(d.Effects)
		}
		if d.Err != nil {
			line += " error " + d.Err.Error()
		}
		out = append(out, line)
	}
	return out
}

// describe is an input in short: an SDK event with the room, its state and
// invitees, or the settings; any other input by its name.
func describe(in lifecycle.Input) string {
	switch in.Kind {
	case lifecycle.InputAssignedRoom:
		if in.Room == nil {
			return "assigned(undefined)"
		}
		return "assigned(" + roomText(*in.Room) + ")"
	case lifecycle.InputRoomList:
		parts := make([]string, len(in.Rooms))
		for i, r := range in.Rooms {
			parts[i] = roomText(r)
		}
		return "rooms[" + strings.Join(parts, " ") + "]"
	case lifecycle.InputSettings:
		s := fmt.Sprintf("settings(disableReturn=%v", in.Settings.DisableReturn)
		if in.Settings.EndKind == lifecycle.EndTimeString {
			s += " end=" + in.Settings.EndText
		}
		return s + ")"
	}
	return in.Kind.String()
}

func roomText(r lifecycle.Room) string {
	ids := make([]string, len(r.Invitees))
	for i, inv := range r.Invitees {
		ids[i] = inv.Identifier.RawID
	}
	auto := ""
	if r.AutoMove {
		auto = " auto"
	}
	return r.ThreadID + " " + r.State.String() + auto + " {" + strings.Join(ids, ",") + "}"
}
