package meeting_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/breakoutfsm/breakoutfsm/internal/inject"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// faultPlan hands out the same fault decisions, in order, to each meeting
// it is installed in: one cursor per meeting.
type faultPlan struct{ faults []inject.Fault }

func (p *faultPlan) injector() func(string, lifecycle.Input) inject.Fault {
	next := 0
	return func(string, lifecycle.Input) inject.Fault {
		if next >= len(p.faults) {
			return inject.Deliver
		}
		next++
		return p.faults[next-1]
	}
}

// TestSnapshot_PropertyRestoredMeetingTakesInputsAlike drives a meeting of up
// to 8 participants and 4 rooms with random organizer operations,
// participant inputs (answers to the effects in flight, failed or not, and
// the user's actions), ticks, lost and repeated SDK events, the end, and
// repeated input ids. Beside it runs a twin that is, at random steps,
// replaced by the meeting restored from its own snapshot (encoded to JSON
// and back). After every input both must have given the same outcome and
// hold the same snapshot, byte for byte; and every restored snapshot must
// encode back to itself.
func TestSnapshot_PropertyRestoredMeetingTakesInputsAlike(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		cfg := meeting.Config{MaxRooms: 4, MaxParticipants: 7}
		orig, err := meeting.New(cfg)
		if err != nil {
			rt.Fatal(err)
		}
		twin, _ := meeting.New(cfg)
		ids := []string{"8:orgid:m0", "8:orgid:m1", "8:acs:a2", "8:acs:a3", "8:acs:a4", "8:orgid:a5", "8:acs:a6", "8:acs:a7"}
		threads := []string{"19:r0", "19:r1", "19:r2", "19:r3", "19:r4"}
		now := t0
		inflight := map[string][]lifecycle.Effect{}
		var taken []string // the ids taken so far
		restores := 0

		take := func(what string, in meeting.Input) {
			a, aDup := orig.Take(in)
			b, bDup := twin.Take(in)
			what = fmt.Sprintf("%s (%d restores): %s", what, restores, in)
			if aDup != bDup || a.Seq != b.Seq {
				rt.Fatalf("%s: duplicate %v seq %d, restored %v seq %d", what, aDup, a.Seq, bDup, b.Seq)
			}
			if fmt.Sprint(a.Err) != fmt.Sprint(b.Err) || !slices.Equal(format(a), format(b)) {
				rt.Fatalf("%s: outcomes differ:\n%v %q\n%v %q", what, a.Err, format(a), b.Err, format(b))
			}
			if !aDup && in.ID != "" {
				taken = append(taken, in.ID)
			}
			for _, d := range a.Deliveries {
				if d.Position == lifecycle.PositionLeft {
					delete(inflight, d.Participant)
					continue
				}
				for _, e := range d.Effects {
					if e.Kind.IsCall() {
						inflight[d.Participant] = append(inflight[d.Participant], e)
					}
				}
			}
			ja, _ := json.Marshal(orig)
			jb, _ := json.Marshal(twin)
			if string(ja) != string(jb) {
				rt.Fatalf("%s: the snapshots differ:\n%s\n%s", what, ja, jb)
			}
			if err := orig.CheckInvariants(); err != nil {
				rt.Fatalf("%s: %v", what, err)
			}
		}

		// A start that puts people in rooms: a manager, three attendees, two
		// open rooms with everyone assigned.
		kindOf := func(id string) lifecycle.IdentifierKind {
			if id[:8] == "8:orgid:" {
				return lifecycle.IdentifierMicrosoftTeamsUser
			}
			return lifecycle.IdentifierCommunicationUser
		}
		take("start", meeting.Input{Kind: meeting.InputAdd, At: now, Participant: meeting.Participant{ID: ids[0], Role: lifecycle.Manager, Kind: kindOf(ids[0])}})
		for i, id := range ids[2:5] {
			take("start", meeting.Input{Kind: meeting.InputAdd, At: now, Participant: meeting.Participant{ID: id, Role: lifecycle.Attendee, Kind: kindOf(id)}})
			if i < 2 {
				take("start", meeting.Input{Kind: meeting.InputOp, At: now, Op: meeting.CreateRoom(ids[0], threads[i], "Room "+threads[i])})
			}
			take("start", meeting.Input{Kind: meeting.InputOp, At: now, Op: meeting.Assign(ids[0], id, threads[i%2])})
		}
		take("start", meeting.Input{Kind: meeting.InputOp, At: now, Op: meeting.SetParticipantsCanReturn(ids[0], true)})
		take("start", meeting.Input{Kind: meeting.InputOp, At: now, Op: meeting.OpenAllRooms(ids[0])})

		steps := rapid.IntRange(1, 80).Draw(rt, "steps")
		for step := range steps {
			if rapid.IntRange(0, 4).Draw(rt, "restore") == 0 {
				twin, _ = roundTrip(rt, twin)
				restores++
			}
			plan := &faultPlan{faults: rapid.SliceOfN(rapid.SampledFrom([]inject.Fault{
				inject.Deliver, inject.Deliver, inject.Deliver, inject.Deliver, inject.Drop, inject.Repeat,
			}), 0, 4).Draw(rt, "faults")}
			inject.Set(orig, plan.injector())
			inject.Set(twin, plan.injector())

			in := meeting.Input{ID: fmt.Sprintf("in-%d", step), At: now}
			if len(taken) > 0 && rapid.IntRange(0, 9).Draw(rt, "retry") == 0 {
				in.ID = rapid.SampledFrom(taken).Draw(rt, "retried id")
			}
			who := rapid.SampledFrom(ids).Draw(rt, "who")
			actor := rapid.SampledFrom(ids[:2]).Draw(rt, "actor")
			thread := rapid.SampledFrom(threads).Draw(rt, "thread")
			switch kind := rapid.IntRange(0, 11).Draw(rt, "kind"); kind {
			case 0:
				role := lifecycle.Attendee
				if kindOf(who) == lifecycle.IdentifierMicrosoftTeamsUser && rapid.Bool().Draw(rt, "manager") {
					role = lifecycle.Manager
				}
				in.Kind, in.Participant = meeting.InputAdd, meeting.Participant{ID: who, Role: role, Kind: kindOf(who)}
			case 1, 2, 3:
				ops := []meeting.Op{
					meeting.CreateRoom(actor, thread, "Room "+thread), meeting.RemoveRoom(actor, thread),
					meeting.OpenRoom(actor, thread), meeting.CloseRoom(actor, thread),
					meeting.OpenAllRooms(actor), meeting.CloseAllRooms(actor),
					meeting.Assign(actor, who, thread), meeting.Assign(actor, who, thread), meeting.Unassign(actor, who),
					meeting.SetTimeLimit(actor, rapid.SampledFrom([]time.Duration{0, time.Minute, 5 * time.Minute}).Draw(rt, "limit")),
					meeting.SetAutoMove(actor, rapid.Bool().Draw(rt, "on")),
					meeting.SetParticipantsCanReturn(actor, rapid.Bool().Draw(rt, "on")),
					meeting.SetRoomAutoMove(actor, thread, rapid.Bool().Draw(rt, "on")),
					meeting.SetRoomParticipantsCanReturn(actor, thread, rapid.Bool().Draw(rt, "on")),
				}
				in.Kind, in.Op = meeting.InputOp, rapid.SampledFrom(ops).Draw(rt, "op")
			case 4, 5, 6, 7, 8:
				in.Kind, in.To = meeting.InputParticipant, who
				var busy []string
				for id, fl := range inflight {
					if len(fl) > 0 {
						busy = append(busy, id)
					}
				}
				slices.Sort(busy)
				if len(busy) > 0 && rapid.IntRange(0, 4).Draw(rt, "answer") > 0 {
					in.To = rapid.SampledFrom(busy).Draw(rt, "answered")
					fl := inflight[in.To]
					i := rapid.IntRange(0, len(fl)-1).Draw(rt, "which")
					in.Event = outcomeOf(fl[i], rapid.IntRange(0, 4).Draw(rt, "ok") > 0)
					inflight[in.To] = slices.Delete(slices.Clone(fl), i, i+1)
				} else {
					in.Event = lifecycle.Input{Kind: rapid.SampledFrom([]lifecycle.InputKind{
						lifecycle.InputJoin, lifecycle.InputJoin, lifecycle.InputReturn, lifecycle.InputHangUpBreakout,
						lifecycle.InputResumeMain, lifecycle.InputLeaveMeeting, lifecycle.InputJoinEvent,
					}).Draw(rt, "action")}
					if in.Event.Kind == lifecycle.InputJoinEvent {
						in.Event.CallID = "call-" + who
					}
				}
			case 9, 10:
				now = now.Add(rapid.SampledFrom([]time.Duration{0, time.Second, 3 * time.Second, 5 * time.Second, time.Minute, 6 * time.Minute}).Draw(rt, "wait"))
				in.Kind, in.At = meeting.InputTick, now
			case 11:
				if rapid.IntRange(0, 9).Draw(rt, "end") == 0 {
					in.Kind = meeting.InputEnd
				} else {
					in.Kind, in.At = meeting.InputTick, now
				}
			}
			take(fmt.Sprintf("step %d", step), in)
		}
	})
}
