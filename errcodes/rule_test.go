package errcodes

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAllRulesInDocumentOrder(t *testing.T) {
	var want []string
	for n := 1; n <= 25; n++ {
		want = append(want, "R"+strconv.Itoa(n))
		if n == 4 || n == 9 {
			want = append(want, "R"+strconv.Itoa(n)+"a")
		}
	}
	var got []string
	for _, r := range allRules() {
		got = append(got, r.String())
	}
	assert.Equal(t, want, got)
	assert.Equal(t, []Rule{r1, r2, r3, r4, r4a, r5}, allRules()[:6])
	assert.Equal(t, r25, allRules()[26])

	rules := allRules()
	rules[0] = r25
	assert.Equal(t, r1, allRules()[0], "AllRules must return a fresh slice")
}

func TestRuleNamesRoundTrip(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range allRules() {
		name := r.String()
		assert.False(t, seen[name], "duplicate name %s", name)
		seen[name] = true
		assert.True(t, r.valid())

		parsed, ok := parseRule(name)
		assert.True(t, ok, name)
		assert.Equal(t, r, parsed)
	}
}

func TestInvalidRules(t *testing.T) {
	assert.Equal(t, "Rule(0)", ruleInvalid.String())
	assert.Equal(t, "Rule(200)", Rule(200).String())
	assert.False(t, ruleInvalid.valid())
	assert.False(t, Rule(28).valid())
	for _, s := range []string{"", "Rule(0)", "r5", "R0", "R26", "R4b", " R5", "R5 "} {
		r, ok := parseRule(s)
		assert.False(t, ok, "ParseRule(%q)", s)
		assert.Equal(t, ruleInvalid, r)
	}
}
