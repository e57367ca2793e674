package errcodes

import (
	"fmt"
	"strconv"
)

// Rule names a rule of the rulebook (docs/RULES.md#rules). The values follow
// the rulebook's order, so R4a sorts between R4 and R5 and R9a between R9 and
// R10.
type Rule uint8

// The rules, for this package's own use; the project names them through
// internal/rule (rule.R15). ruleInvalid is the zero value and names no rule.
const (
	ruleInvalid Rule = iota
	r1
	r2
	r3
	r4
	r4a
	r5
	r6
	r7
	r8
	r9
	r9a
	r10
	r11
	r12
	r13
	r14
	r15
	r16
	r17
	r18
	r19
	r20
	r21
	r22
	r23
	r24
	r25

	ruleEnd // one past the last rule; not a rule
)

var ruleNames = [...]string{
	r1: "R1", r2: "R2", r3: "R3", r4: "R4", r4a: "R4a", r5: "R5", r6: "R6",
	r7: "R7", r8: "R8", r9: "R9", r9a: "R9a", r10: "R10", r11: "R11",
	r12: "R12", r13: "R13", r14: "R14", r15: "R15", r16: "R16", r17: "R17",
	r18: "R18", r19: "R19", r20: "R20", r21: "R21", r22: "R22", r23: "R23",
	r24: "R24", r25: "R25",
}

// valid reports whether r names one of the rules R1 … R25.
func (r Rule) valid() bool { return r > ruleInvalid && r < ruleEnd }

// String returns the rule's id as the document writes it ("R4a", "R12"). A
// value that names no rule prints as "Rule(n)".
func (r Rule) String() string {
	if !r.valid() {
		return "Rule(" + strconv.Itoa(int(r)) + ")"
	}
	return ruleNames[r]
}

// AllRules returns every rule, R1 … R25, in document order. The slice is new
// on each call.
func allRules() []Rule {
	rules := make([]Rule, 0, int(ruleEnd)-1)
	for r := r1; r < ruleEnd; r++ {
		rules = append(rules, r)
	}
	return rules
}

// ParseRule returns the rule whose id is s, exactly as String writes it.
func parseRule(s string) (Rule, bool) {
	for r := r1; r < ruleEnd; r++ {
		if ruleNames[r] == s {
			return r, true
		}
	}
	return ruleInvalid, false
}

var _ fmt.Stringer = Rule(0)
