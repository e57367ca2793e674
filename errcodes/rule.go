package errcodes

import (
	"encoding"
	"fmt"
	"strconv"
)

// Rule names a rule of the rulebook (docs/RULES.md#rules). The values follow
// the rulebook's order, so R4a sorts between R4 and R5 and R9a between R9 and
// R10.
type Rule uint8

// The rules. RuleInvalid is the zero value and names no rule.
const (
	RuleInvalid Rule = iota
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

	ruleEnd // one past the last rule; not a rule
)

var ruleNames = [...]string{
	R1: "R1", R2: "R2", R3: "R3", R4: "R4", R4a: "R4a", R5: "R5", R6: "R6",
	R7: "R7", R8: "R8", R9: "R9", R9a: "R9a", R10: "R10", R11: "R11",
	R12: "R12", R13: "R13", R14: "R14", R15: "R15", R16: "R16", R17: "R17",
	R18: "R18", R19: "R19", R20: "R20", R21: "R21", R22: "R22", R23: "R23",
	R24: "R24", R25: "R25",
}

// Valid reports whether r names one of the rules R1 … R25.
func (r Rule) Valid() bool { return r > RuleInvalid && r < ruleEnd }

// String returns the rule's id as the document writes it ("R4a", "R12"). A
// value that names no rule prints as "Rule(n)".
func (r Rule) String() string {
	if !r.Valid() {
		return "Rule(" + strconv.Itoa(int(r)) + ")"
	}
	return ruleNames[r]
}

// AllRules returns every rule, R1 … R25, in document order. The slice is new
// on each call.
func AllRules() []Rule {
	rules := make([]Rule, 0, int(ruleEnd)-1)
	for r := R1; r < ruleEnd; r++ {
		rules = append(rules, r)
	}
	return rules
}

// ParseRule returns the rule whose id is s, exactly as String writes it.
func ParseRule(s string) (Rule, bool) {
	for r := R1; r < ruleEnd; r++ {
		if ruleNames[r] == s {
			return r, true
		}
	}
	return RuleInvalid, false
}

// MarshalText writes the rule's id. A value that names no rule is an error.
func (r Rule) MarshalText() ([]byte, error) {
	if !r.Valid() {
		return nil, fmt.Errorf("errcodes: %v is not a rule", r)
	}
	return []byte(ruleNames[r]), nil
}

// UnmarshalText reads a rule's id, as MarshalText writes it.
func (r *Rule) UnmarshalText(text []byte) error {
	v, ok := ParseRule(string(text))
	if !ok {
		return fmt.Errorf("errcodes: unknown rule %q", text)
	}
	*r = v
	return nil
}

var (
	_ fmt.Stringer             = Rule(0)
	_ encoding.TextMarshaler   = Rule(0)
	_ encoding.TextUnmarshaler = (*Rule)(nil)
)
