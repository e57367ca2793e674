package proptest

import (
	"fmt"
	"slices"

	"github.com/breakoutfsm/breakoutfsm/fsm"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/policy"
)

// conditionsBefore is the set of guard conditions that hold for a table
// input in the machine described by a snapshot. It is worked out from the
// snapshot alone, from what each condition's description says (policy
// package), so that the lifecycle table's Step and the looplab adapter can
// be driven without any hook into the engine: if the row this picks is not
// the row the engine reports taking, the engine's guards read something its
// snapshot does not show.
func conditionsBefore(s *lifecycle.Snapshot, in lifecycle.Input) (fsm.Conditions, error) {
	v := policy.View{
		Manager:        s.Config.Role == lifecycle.Manager.String(),
		TeamsMeeting:   s.Config.Meeting == lifecycle.MeetingTeams.String(),
		FeatureEnabled: s.Config.FeatureEnabled,
		ReturnedEarly:  s.ReturnedEarly,
	}
	var assigned *lifecycle.Room
	if len(s.Assignment) > 0 {
		ev, err := lifecycle.DecodeEvent(s.Assignment)
		if err != nil || ev.Room == nil {
			return 0, fmt.Errorf("snapshot assignment does not decode: %v", err)
		}
		assigned = ev.Room
		v.Assigned, v.AssignedThread = true, assigned.ThreadID
		v.RoomOpen, v.AutoMove = assigned.State == lifecycle.RoomOpen, assigned.AutoMove
	}
	if s.Settings != nil {
		ev, err := lifecycle.DecodeEvent(s.Settings.Event)
		if err != nil || ev.Settings == nil {
			return 0, fmt.Errorf("snapshot settings do not decode: %v", err)
		}
		v.HasDisableReturn, v.DisableReturn = ev.Settings.HasDisableReturn, ev.Settings.DisableReturn
	}
	mainState := s.Main.State
	v.MainGone = mainState == "hungUp" || mainState == "rejoining"
	v.MainOnHold = mainState == "holding" || mainState == "held"
	v.MainRestorePending = slices.Contains(s.Main.InFlight, "resumeMain") || slices.Contains(s.Main.InFlight, "rejoinMain")
	v.SomethingInFlight = v.MainRestorePending
	v.MainConnected = mainState == "connected" && !v.MainRestorePending
	for _, c := range s.Calls {
		if c.Role == "current" && c.Up {
			v.CurrentThread = c.ThreadID
		}
		if c.Up {
			v.BreakoutUp = true
			if !c.HangUpPending && (c.Role == "previous" || c.Role == "leaving") {
				v.StrayBreakout = true
			}
		}
		if c.HangUpPending {
			v.SomethingInFlight = true
		}
	}
	v.SomethingToRedo = v.StrayBreakout || v.MainOnHold || mainState == "hungUp"

	switch in.Kind {
	case lifecycle.InputAssignedRoom:
		v.Event = true
		if r := in.Room; r != nil {
			v.EventHasRoom, v.EventThread = true, r.ThreadID
			v.EventOpen, v.EventAutoMove = r.State == lifecycle.RoomOpen, r.AutoMove
			v.EventIdentical = assigned != nil && sameRoomEvent(assigned, r)
		} else {
			v.EventIdentical = assigned == nil
		}
	case lifecycle.InputHoldMainOK, lifecycle.InputHoldMainFailed:
		holds := count(s.Main.InFlight, "holdMain")
		v.OutcomeInFlight = holds > 0
		// The outcome answers the oldest hold: the one made for (or relied on
		// by) the join being made now only when it is the last one.
		v.OutcomeForLastHold = holds == 1
		v.OutcomeForActiveJoin = s.Main.ActiveHold && holds == 1
		// Once this hold has failed the main call is connected, with no
		// resume or rejoin on its way to it.
		v.MainSettlesConnected = holds == 1 && (mainState == "holding" || mainState == "connected") &&
			!v.MainRestorePending
	case lifecycle.InputHangUpMainOK, lifecycle.InputHangUpMainFailed:
		v.OutcomeInFlight = slices.Contains(s.Main.InFlight, "hangUpMain")
	case lifecycle.InputResumeMainOK:
		v.OutcomeInFlight = slices.Contains(s.Main.InFlight, "resumeMain")
		// Once taken, the main call is connected: it was being resumed, or
		// is connected already.
		v.MainSettlesConnected = mainState == "resuming" || mainState == "connected"
	case lifecycle.InputRejoinMainOK:
		v.OutcomeInFlight = slices.Contains(s.Main.InFlight, "rejoinMain")
		v.MainSettlesConnected = mainState == "rejoining" || mainState == "connected"
	case lifecycle.InputResumeMainFailed, lifecycle.InputRejoinMainFailed:
		op := "resumeMain"
		if in.Kind == lifecycle.InputRejoinMainFailed {
			op = "rejoinMain"
		}
		n := count(s.Main.InFlight, op)
		v.OutcomeInFlight = n > 0
		// A failed resume or rejoin of a call that is connected (its hold
		// failed meanwhile), the last thing on its way to it, leaves it
		// connected for good.
		onItsWay := count(s.Main.InFlight, "holdMain") + count(s.Main.InFlight, "resumeMain") + count(s.Main.InFlight, "rejoinMain")
		v.MainSettlesConnected = mainState == "connected" && n == 1 && onItsWay == 1
	case lifecycle.InputJoinBreakoutOK, lifecycle.InputJoinBreakoutFailed,
		lifecycle.InputHangUpBreakoutOK, lifecycle.InputHangUpBreakoutFailed:
		join := in.Kind == lifecycle.InputJoinBreakoutOK || in.Kind == lifecycle.InputJoinBreakoutFailed
		best := -1
		var bestSeq uint32
		for i, c := range s.Calls {
			if in.ThreadID != "" && c.ThreadID != in.ThreadID {
				continue
			}
			pending, seq := c.HangUpPending, c.HangUpSeq
			if join {
				pending, seq = c.JoinPending, c.JoinSeq
			}
			if pending && (best < 0 || seq < bestSeq) {
				best, bestSeq = i, seq
			}
		}
		if best >= 0 {
			v.OutcomeInFlight = true
			v.OutcomeForActiveJoin = join && s.Calls[best].Role == "joining"
		}
	}
	return policy.Evaluate(&v), nil
}

func count(names []string, name string) int {
	n := 0
	for _, x := range names {
		if x == name {
			n++
		}
	}
	return n
}

// derived are the conditions conditionsBefore works out; the policy may
// name more.
var derived = func() fsm.Conditions {
	var c fsm.Conditions
	for _, k := range []policy.Condition{
		policy.Manager, policy.Assigned, policy.RoomOpen, policy.AutoMove, policy.ReturnAllowed, policy.ReturnedEarly,
		policy.EventUnassigns, policy.EventSameRoom, policy.EventIdentical, policy.EventOpen, policy.EventAutoMove,
		policy.EventCurrentRoom, policy.OutcomeInFlight, policy.OutcomeForActiveJoin, policy.OutcomeForLastHold,
		policy.MainSettlesConnected,
		policy.MainGone, policy.MainOnHold, policy.MainRestorePending, policy.MainConnected, policy.BreakoutUp, policy.StrayBreakout,
		policy.SomethingToRedo, policy.SomethingInFlight, policy.TeamsMeeting, policy.FeatureEnabled,
	} {
		c |= 1 << k.Bit()
	}
	return c
}()

// unknowable are the conditions the harness does not work out from a
// snapshot: those the policy names beyond derived (a condition added since
// this harness was written). The harness takes those bits from the row the
// engine reports taking, so that the looplab adapter still gets
// Step-equivalent conditions.
func unknowable(lifecycle.Input) fsm.Conditions { return ^derived }
