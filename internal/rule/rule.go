// Package rule names the rules of the behaviour the engine implements, R1 to
// R25 with R4a and R9a (docs/RULES.md states each), as values of
// errcodes.Rule: every refusal and failure report carries the rule that
// produced it. Users read a rule from an error (e.Rule, printed as "R15");
// the project's packages name them here.
package rule

import "github.com/breakoutfsm/breakoutfsm/errcodes"

// The rules, in the order of the rulebook (R4a between R4 and R5, R9a
// between R9 and R10). Invalid is the zero value and names no rule.
const (
	Invalid errcodes.Rule = iota
	R1
	R2
	R3
	R4
	R4a
	R5
	R6
	R7
	R8
	R9
	R9a
	R10
	R11
	R12
	R13
	R14
	R15
	R16
	R17
	R18
	R19
	R20
	R21
	R22
	R23
	R24
	R25

	end
)

// All is every rule, R1 … R25, in order.
func All() []errcodes.Rule {
	out := make([]errcodes.Rule, 0, end-1)
	for r := R1; r < end; r++ {
		out = append(out, r)
	}
	return out
}

// Valid reports whether r names a rule.
func Valid(r errcodes.Rule) bool { return r > Invalid && r < end }

// Parse is the rule named s ("R15"), as errcodes.Rule's String writes it.
func Parse(s string) (errcodes.Rule, bool) {
	for r := R1; r < end; r++ {
		if r.String() == s {
			return r, true
		}
	}
	return Invalid, false
}
