package fsm

// Constraint is a combination of conditions that cannot hold at once: in
// the listed states (every state when States is empty), no set of
// conditions that satisfies Guard can occur. Constraints let a table's
// guards leave out what the domain already implies: with "eventOpen implies
// a room" written once as Constraint{Guard: When(eventOpen).Not(hasRoom)},
// a guard needs no "&& hasRoom". Validation counts only the condition sets
// that no constraint rules out: a cell's guards must be complete and
// disjoint over those, and a row that can hold under none of them is dead.
type Constraint[S Enum] struct {
	States []S
	Guard  Guard
	// Why says, for the reader, why the combination cannot occur.
	Why string
}

// Possible reports whether some set of conditions satisfies g in state s
// without satisfying any constraint that applies there. A contradictory
// guard is never possible.
func (t queries[S, I, A, R]) Possible(s S, g Guard) bool {
	return possible(g, t.clausesFor(s))
}

// clausesFor is the guards of the constraints that apply in s.
func (t *Table[S, I, A, R]) clausesFor(s S) []Guard {
	r := t.rank(s)
	if r < 0 {
		return nil
	}
	return t.clauses[r]
}

// buildClauses sorts the constraints by the states they apply in.
func (t *Table[S, I, A, R]) buildClauses() {
	t.clauses = make([][]Guard, len(t.spec.States))
	for _, c := range t.spec.Impossible {
		if len(c.States) == 0 {
			for r := range t.clauses {
				t.clauses[r] = append(t.clauses[r], c.Guard)
			}
			continue
		}
		for _, s := range c.States {
			if r := t.rank(s); r >= 0 {
				t.clauses[r] = append(t.clauses[r], c.Guard)
			}
		}
	}
}

// possible is a small satisfiability search: is there an assignment of
// every condition that satisfies g and none of the forbidden conjunctions?
// The search propagates forced values (a forbidden conjunction with all but
// one literal already true forces that literal false) and branches on the
// conditions the forbidden conjunctions mention; tables have a few dozen
// of them, so it answers in microseconds.
func possible(g Guard, forbidden []Guard) bool {
	_, ok := witness(g, forbidden)
	return ok
}

// witness is a set of conditions that satisfies g and none of the forbidden
// conjunctions, when there is one (the conditions neither decides are
// false).
func witness(g Guard, forbidden []Guard) (Conditions, bool) {
	if g.contradictory() || g == poisoned {
		return 0, false
	}
	return search(g.Must, g.MustNot, forbidden)
}

// Witness is a set of conditions under which g holds in state s and no
// constraint is violated, when there is one: a case to try the row with.
func (t queries[S, I, A, R]) Witness(s S, g Guard) (Conditions, bool) {
	return witness(g, t.clausesFor(s))
}

func search(on, off Conditions, forbidden []Guard) (Conditions, bool) {
	for {
		changed := false
		for _, f := range forbidden {
			// Literals of f not yet decided, and whether any is already false.
			if f.Must&off != 0 || f.MustNot&on != 0 {
				continue // f cannot hold
			}
			openMust, openNot := f.Must&^on, f.MustNot&^off
			switch openMust.width() + openNot.width() {
			case 0:
				return 0, false // f holds: this assignment is impossible
			case 1:
				// The last open literal must fail.
				on |= openNot
				off |= openMust
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	// Branch on an undecided condition of a forbidden conjunction that could
	// still hold.
	for _, f := range forbidden {
		if f.Must&off != 0 || f.MustNot&on != 0 {
			continue
		}
		open := (f.Must | f.MustNot) &^ (on | off)
		if open == 0 {
			continue
		}
		bit := open & -open
		if c, ok := search(on|bit, off, forbidden); ok {
			return c, true
		}
		return search(on, off|bit, forbidden)
	}
	return on, true
}
