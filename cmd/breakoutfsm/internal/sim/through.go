package sim

import (
	"fmt"

	"github.com/breakoutfsm/breakoutfsm/internal/inject"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
	"github.com/breakoutfsm/breakoutfsm/lifecycle/meeting"
)

// Through is a fleet of hosts that every meeting input also goes through
// (`simulate --hosts N --store S`). The simulated meeting takes each input
// first; its outcome is the simulation's, and the fleet must give the same
// one, in the same order: the simulation is the single in-memory host the
// fleet is checked against. Meetings run in parallel, so a Through is
// called from several goroutines, each with its own meeting.
type Through interface {
	// Create creates meeting i in the fleet's store.
	Create(i int, cfg meeting.Config) error
	// Take takes one input on meeting i through the fleet. faults are the
	// fault decisions the simulated meeting made for it, in order (the
	// fleet's meeting must make the same ones); want is its outcome. An
	// error says what differed or failed.
	Take(i int, in meeting.Input, faults []inject.Fault, want meeting.Outcome) error
	// Done compares the fleet's meeting i with the simulated one, once the
	// simulation of that meeting ended.
	Done(i int, final *meeting.Meeting) error
}

// logFault is the meeting's fault injector: the simulation's own (fault),
// with each decision logged for the fleet.
func (r *run) logFault(id string, in lifecycle.Input) inject.Fault {
	f := r.fault(id, in)
	r.faultLog = append(r.faultLog, f)
	return f
}

// take takes one input on the simulated meeting and, with a fleet, through
// the fleet too.
func (r *run) take(in meeting.Input) meeting.Outcome {
	if r.cfg.Through != nil && r.taken == 0 {
		if err := r.cfg.Through.Create(r.idx, r.m.Config()); err != nil {
			r.sum.violation(fmt.Errorf("fleet: create: %w", err))
		}
	}
	r.faultLog = r.faultLog[:0]
	if r.cfg.Through != nil {
		// The fleet's inputs carry ids (the window of ids is in the
		// snapshot): the simulated meeting takes the same ones.
		in.ID = fmt.Sprintf("sim-%d", r.taken+1)
	}
	o, _ := r.m.Take(in) // never a duplicate: the ids are new
	r.taken = o.Seq
	if r.cfg.Through != nil {
		if err := r.cfg.Through.Take(r.idx, in, r.faultLog, o); err != nil {
			r.sum.violation(fmt.Errorf("fleet: input %d (%s): %w", o.Seq, in, err))
		}
	}
	return o
}

func (r *run) done() error { return r.cfg.Through.Done(r.idx, r.m) }
