package bench

import (
	"time"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// RoomID is the one breakout room of the subset.
const RoomID = "19:r1"

// The SDK data the subset's events carry. The engine keeps references to
// them and never changes them, so every participant shares these.
var (
	roomOpenAuto   = &lifecycle.Room{ThreadID: RoomID, DisplayName: "Room 1", HasDisplayName: true, State: lifecycle.RoomOpen, AutoMove: true, HasAutoMove: true}
	roomOpenPrompt = &lifecycle.Room{ThreadID: RoomID, DisplayName: "Room 1", HasDisplayName: true, State: lifecycle.RoomOpen, AutoMove: false, HasAutoMove: true}
	roomClosed     = &lifecycle.Room{ThreadID: RoomID, DisplayName: "Room 1", HasDisplayName: true, State: lifecycle.RoomClosed, AutoMove: false, HasAutoMove: true}
	settingsAllow  = &lifecycle.Settings{DisableReturn: false, HasDisableReturn: true}
	settingsDeny   = &lifecycle.Settings{DisableReturn: true, HasDisableReturn: true}
)

// LifecycleInputs maps each subset input to the breakoutfsm input it stands
// for.
var LifecycleInputs = [inputEnd]lifecycle.Input{
	InAssignOpenAuto:   {Kind: lifecycle.InputAssignedRoom, Room: roomOpenAuto},
	InAssignOpenPrompt: {Kind: lifecycle.InputAssignedRoom, Room: roomOpenPrompt},
	InAssignClosed:     {Kind: lifecycle.InputAssignedRoom, Room: roomClosed},
	InUnassign:         {Kind: lifecycle.InputAssignedRoom},
	InSettingsAllow:    {Kind: lifecycle.InputSettings, Settings: settingsAllow},
	InSettingsDeny:     {Kind: lifecycle.InputSettings, Settings: settingsDeny},
	InJoin:             {Kind: lifecycle.InputJoin},
	InReturn:           {Kind: lifecycle.InputReturn},
	InTick:             {Kind: lifecycle.InputTick},
	InLeave:            {Kind: lifecycle.InputLeaveMeeting},
	InHoldMainOK:       {Kind: lifecycle.InputHoldMainOK},
	InJoinBreakoutOK:   {Kind: lifecycle.InputJoinBreakoutOK},
	InHangUpMainOK:     {Kind: lifecycle.InputHangUpMainOK},
	InHangUpBreakoutOK: {Kind: lifecycle.InputHangUpBreakoutOK},
	InRejoinMainOK:     {Kind: lifecycle.InputRejoinMainOK},
}

// Start is the time of a participant's first input in the agreement tests.
var Start = time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)

// Breakout is implementation (1): the library's own lifecycle.Machine, an
// attendee with the default config. Its clock advances one second per input,
// and a tick comes autoMoveDelay after the previous input, so that a pending
// autoMove is always due when the subset ticks.
type Breakout struct {
	M   *lifecycle.Machine
	Now time.Time
	// Last is the result of the last input (its Effects are the machine's
	// buffer: valid until the next Step).
	Last lifecycle.Result
}

// NewBreakout creates implementation (1).
func NewBreakout() *Breakout {
	m, err := lifecycle.New(lifecycle.DefaultConfig())
	if err != nil {
		panic(err) // the default config is valid
	}
	return &Breakout{M: m, Now: Start}
}

// Step applies one subset input.
func (b *Breakout) Step(in Input) (lifecycle.Position, Refusal) {
	if in == InTick {
		b.Now = b.Now.Add(lifecycle.DefaultAutoMoveDelay)
	} else {
		b.Now = b.Now.Add(time.Second)
	}
	var err error
	b.Last, err = b.M.Apply(&LifecycleInputs[in], b.Now)
	return b.Last.Position(), RefusalOf(b.Last, err)
}

// RefusalOf says how a breakoutfsm result maps to the subset's refusals. A
// failure report (an accepted input with an error) is RefuseOther: the
// subset's host reports no failures.
func RefusalOf(res lifecycle.Result, err error) Refusal {
	if err == nil {
		return RefuseNone
	}
	if !res.Refused {
		return RefuseOther
	}
	e := errcodes.Of(err)
	if e.Kind == errcodes.KindSDK {
		switch e.Subcode {
		case errcodes.URLDoesNotExist:
			return RefuseNoAssignment
		case errcodes.JoinFailedRoomClosed:
			return RefuseRoomClosed
		case errcodes.AlreadyInMainMeeting:
			return RefuseAlreadyInMain
		}
		return RefuseOther
	}
	switch e.Kind {
	case errcodes.AlreadyInRoom:
		return RefuseAlreadyInRoom
	case errcodes.ReturnDisabled:
		return RefuseReturnDisabled
	case errcodes.ParticipantLeft:
		return RefuseLeft
	case errcodes.UnexpectedInput:
		return RefuseUnexpected
	}
	return RefuseOther
}
