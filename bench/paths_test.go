package bench

import (
	"fmt"
	"math/rand/v2"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// The random paths of the agreement tests. A path is what one participant
// receives: user actions and SDK events chosen at random, each followed by
// the outcomes of the call effects it asked for, all ok and in the order the
// effects were listed (a synchronous host without faults). The host is
// breakoutfsm: the effects it lists decide which outcomes come next, as they
// would for a real host; the other implementations then get the same inputs.

// userInputs are what the path chooses from when no outcome is due.
var userInputs = []Input{
	InAssignOpenAuto, InAssignOpenPrompt, InAssignClosed, InUnassign,
	InSettingsAllow, InSettingsDeny, InJoin, InReturn, InTick,
}

// outcomeOf is the outcome a synchronous host reports for a call effect.
var outcomeOf = map[lifecycle.EffectKind]Input{
	lifecycle.EffectHoldMain:       InHoldMainOK,
	lifecycle.EffectJoinBreakout:   InJoinBreakoutOK,
	lifecycle.EffectHangUpMain:     InHangUpMainOK,
	lifecycle.EffectHangUpBreakout: InHangUpBreakoutOK,
	lifecycle.EffectRejoinMain:     InRejoinMainOK,
}

// randomPath draws a path of n inputs from seed. With leave, one input in a
// hundred is leaveMeeting (after which every input is refused).
func randomPath(seed uint64, n int, leave bool) ([]Input, error) {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	host := NewBreakout()
	var queue, path []Input
	for len(path) < n {
		var in Input
		switch r := rng.IntN(100); {
		case len(queue) > 0:
			in, queue = queue[0], queue[1:]
		case r < 1 && leave:
			in = InLeave
		case r < 7: // an outcome with nothing in flight: refused
			in = InHoldMainOK + Input(rng.IntN(5))
		default:
			in = userInputs[rng.IntN(len(userInputs))]
		}
		path = append(path, in)
		pos, _ := host.Step(in)
		if pos == lifecycle.PositionLeft {
			queue = nil // nobody reports outcomes to a participant who left
			continue
		}
		for _, e := range host.Last.Effects {
			if !e.Kind.IsCall() {
				continue
			}
			o, ok := outcomeOf[e.Kind]
			if !ok {
				return path, fmt.Errorf("seed %d, input %d (%v): effect %v is outside the subset", seed, len(path), in, e)
			}
			queue = append(queue, o)
		}
	}
	return path, nil
}

// implementations makes one fresh participant of each implementation, in the
// order the reports list them.
func implementations() []struct {
	name string
	p    Participant
} {
	return []struct {
		name string
		p    Participant
	}{
		{"breakoutfsm", NewBreakout()},
		{"looplab", NewLooplab()},
		{"stateless", NewStateless()},
		{"floor", NewFloor()},
	}
}
