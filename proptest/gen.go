package proptest

import (
	"time"

	"pgregory.net/rapid"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// runStart is the time every generated run starts at.
var runStart = time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)

// drawConfig draws a participant's config: an attendee or a manager in a
// Teams meeting with the feature on, with the SDK's delays or zero ones (so
// that timers fall due at the very instant they are set); now and then one
// R1 refuses.
func drawConfig(t *rapid.T) lifecycle.Config {
	cfg := lifecycle.DefaultConfig()
	if rapid.Bool().Draw(t, "manager") {
		cfg.Role = lifecycle.Manager
	}
	switch rapid.IntRange(0, 39).Draw(t, "gate") {
	case 0:
		cfg.FeatureEnabled = false
	case 1:
		cfg.Meeting = lifecycle.MeetingOther
	case 2:
		cfg.FeatureEnabled, cfg.Meeting = false, lifecycle.MeetingOther
	}
	cfg.AutoMoveDelay = rapid.SampledFrom([]time.Duration{lifecycle.DefaultAutoMoveDelay, lifecycle.DefaultAutoMoveDelay, 0, time.Millisecond}).Draw(t, "autoMoveDelay")
	cfg.HangUpDelay = rapid.SampledFrom([]time.Duration{lifecycle.DefaultHangUpDelay, lifecycle.DefaultHangUpDelay, 0}).Draw(t, "hangUpDelay")
	cfg.RoomEndGrace = rapid.SampledFrom([]time.Duration{lifecycle.DefaultRoomEndGrace, lifecycle.DefaultRoomEndGrace, 0}).Draw(t, "roomEndGrace")
	return cfg
}

// drawAdvance draws how far the clock moves before an input: not at all,
// a little, to just around a pending timer (without firing it: only a tick
// does), or a lot.
func drawAdvance(t *rapid.T, now time.Time, pending []lifecycle.Effect) time.Time {
	switch rapid.IntRange(0, 9).Draw(t, "advanceKind") {
	case 0, 1, 2, 3:
		return now
	case 4, 5, 6:
		return now.Add(time.Duration(rapid.IntRange(1, 1500).Draw(t, "advanceMs")) * time.Millisecond)
	case 7, 8:
		if len(pending) > 0 {
			return around(t, now, pending)
		}
		return now.Add(time.Second)
	}
	return now.Add(time.Duration(rapid.IntRange(10, 120).Draw(t, "advanceS")) * time.Second)
}

// drawTickTime draws when a tick happens: just before, at or just after a
// pending timer falls due (the moments that matter), now, or a little later.
func drawTickTime(t *rapid.T, now time.Time, pending []lifecycle.Effect) time.Time {
	switch rapid.IntRange(0, 9).Draw(t, "tickKind") {
	case 0, 1:
		return now
	case 2:
		return now.Add(time.Duration(rapid.IntRange(1, 4000).Draw(t, "tickMs")) * time.Millisecond)
	}
	if len(pending) == 0 {
		return now
	}
	return around(t, now, pending)
}

// around is a moment just before, at or just after one of the pending
// timers due within a day, never before now. (Timers set for a room that
// ends in the year 9999 are left to fall due on their own.)
func around(t *rapid.T, now time.Time, pending []lifecycle.Effect) time.Time {
	var soon []lifecycle.Effect
	for _, p := range pending {
		if p.At.Sub(now) < 24*time.Hour {
			soon = append(soon, p)
		}
	}
	if len(soon) == 0 {
		return now.Add(time.Second)
	}
	p := rapid.SampledFrom(soon).Draw(t, "aroundTimer")
	at := p.At.Add(time.Duration(rapid.IntRange(-1, 1).Draw(t, "aroundMs")) * time.Millisecond)
	if at.Before(now) {
		return now
	}
	return at
}

// outcomeOps are every outcome input, ok and failed.
var outcomeOps = []lifecycle.InputKind{
	lifecycle.InputHoldMainOK, lifecycle.InputHoldMainFailed,
	lifecycle.InputJoinBreakoutOK, lifecycle.InputJoinBreakoutFailed,
	lifecycle.InputHangUpMainOK, lifecycle.InputHangUpMainFailed,
	lifecycle.InputHangUpBreakoutOK, lifecycle.InputHangUpBreakoutFailed,
	lifecycle.InputResumeMainOK, lifecycle.InputResumeMainFailed,
	lifecycle.InputRejoinMainOK, lifecycle.InputRejoinMainFailed,
}

// failedOf is the failed outcome of an ok one.
func failedOf(k lifecycle.InputKind) lifecycle.InputKind {
	for i := 0; i < len(outcomeOps); i += 2 {
		if outcomeOps[i] == k {
			return outcomeOps[i+1]
		}
	}
	return k
}

// drawOutcome draws the outcome of an effect: mostly of one in flight (ok,
// or one time in four failed), naming its threadId or not; sometimes one
// with nothing in flight, or naming another room, which must be refused.
func drawOutcome(t *rapid.T, inFlight []lifecycle.Input) lifecycle.Input {
	var in lifecycle.Input
	if len(inFlight) > 0 && rapid.IntRange(0, 9).Draw(t, "outcomeInFlight") > 0 {
		// Mostly the oldest effects: hosts answer in order, more or less.
		i := rapid.IntRange(0, len(inFlight)-1).Draw(t, "outcomeIndex")
		if rapid.Bool().Draw(t, "outcomeOldest") {
			i = 0
		}
		in = inFlight[i]
		if rapid.IntRange(0, 3).Draw(t, "outcomeFailed") == 0 {
			in.Kind = failedOf(in.Kind)
		}
	} else {
		in.Kind = rapid.SampledFrom(outcomeOps).Draw(t, "outcomeOp")
	}
	if namesBreakoutCall(in.Kind) {
		switch rapid.IntRange(0, 9).Draw(t, "outcomeThread") {
		case 0, 1, 2, 3:
			in.ThreadID = "" // the oldest effect of that kind answers
		case 4:
			in.ThreadID = rapid.SampledFrom(roomThreads).Draw(t, "outcomeOtherThread")
		}
	} else if rapid.IntRange(0, 29).Draw(t, "outcomeStrayThread") == 0 {
		in.ThreadID = roomThreads[0] // §7: only the two breakout ops carry one
	}
	return in
}
