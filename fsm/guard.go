package fsm

import (
	"math/bits"
	"strconv"
	"strings"
)

// Enum is a small-integer enum type with a name. States, inputs, actions and
// rules of a table are all enums of this kind.
type Enum interface {
	~uint8
	String() string
}

// maxConditions is the largest number of conditions a table can name: one
// per bit of [Conditions].
const maxConditions = 64

// Conditions is a set of condition bits: bit i set means condition i holds.
type Conditions uint64

// Guard is a conjunction over conditions. It holds when every Must bit is set
// and no MustNot bit is set, so the zero Guard always holds.
type Guard struct {
	Must, MustNot Conditions
}

// poisoned is what the guard helpers produce when asked for a bit that does
// not fit in [Conditions]. Dropping such a bit silently would widen the guard;
// instead the guard becomes contradictory on every bit, which [New] rejects.
var poisoned = Guard{Must: ^Conditions(0), MustNot: ^Conditions(0)}

// Holds reports whether the guard holds when exactly the conditions in c hold.
func (g Guard) Holds(c Conditions) bool {
	return c&g.Must == g.Must && c&g.MustNot == 0
}

// When returns the guard that requires every listed condition, by bit:
// When(a, b) holds when conditions a and b both do. When() is the zero guard,
// which always holds; [Guard.Not] adds the conditions that must not hold.
//
// A bit of 64 or more cannot be represented; it makes the guard one that can
// never hold and that [New] reports, rather than being dropped.
func When(bits ...uint8) Guard {
	return Guard{}.and(bits...)
}

// and returns g with the listed conditions added to Must.
func (g Guard) and(bits ...uint8) Guard {
	for _, b := range bits {
		if b >= maxConditions {
			return poisoned
		}
		g.Must |= 1 << b
	}
	return g
}

// Not returns g with the listed conditions added to MustNot.
func (g Guard) Not(bits ...uint8) Guard {
	for _, b := range bits {
		if b >= maxConditions {
			return poisoned
		}
		g.MustNot |= 1 << b
	}
	return g
}

// Format renders the guard with the given condition names, in bit order, for
// example "roomOpen && !autoMove". The zero guard is "always". A bit with no
// name is written as "bit<i>".
func (g Guard) Format(names []string) string {
	if g == (Guard{}) {
		return "always"
	}
	if g == poisoned {
		return "never (condition bit out of range)"
	}
	var b strings.Builder
	for i := range maxConditions {
		bit := Conditions(1) << i
		if g.Must&bit != 0 {
			writeTerm(&b, "", i, names)
		}
		if g.MustNot&bit != 0 {
			writeTerm(&b, "!", i, names)
		}
	}
	return b.String()
}

func writeTerm(b *strings.Builder, prefix string, i int, names []string) {
	if b.Len() > 0 {
		b.WriteString(" && ")
	}
	b.WriteString(prefix)
	b.WriteString(conditionName(i, names))
}

func conditionName(i int, names []string) string {
	if i < len(names) && names[i] != "" {
		return names[i]
	}
	return "bit" + strconv.Itoa(i)
}

// mentions is the set of conditions the guard looks at.
func (g Guard) mentions() Conditions { return g.Must | g.MustNot }

// contradictory reports whether the guard can never hold.
func (g Guard) contradictory() bool { return g.Must&g.MustNot != 0 }

// overlaps reports whether both guards hold for at least one condition set.
// Both guards must be non-contradictory.
func (g Guard) overlaps(h Guard) bool {
	return g.Must&h.MustNot == 0 && g.MustNot&h.Must == 0
}

// width is the number of conditions in the set.
func (c Conditions) width() int { return bits.OnesCount64(uint64(c)) }
