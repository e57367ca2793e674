package errcodes

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	for _, r := range AllRules() {
		got = append(got, r.String())
	}
	assert.Equal(t, want, got)
	assert.Equal(t, []Rule{R1, R2, R3, R4, R4a, R5}, AllRules()[:6])
	assert.Equal(t, R25, AllRules()[26])

	rules := AllRules()
	rules[0] = R25
	assert.Equal(t, R1, AllRules()[0], "AllRules must return a fresh slice")
}

func TestRuleNamesRoundTrip(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range AllRules() {
		name := r.String()
		assert.False(t, seen[name], "duplicate name %s", name)
		seen[name] = true
		assert.True(t, r.Valid())

		parsed, ok := ParseRule(name)
		assert.True(t, ok, name)
		assert.Equal(t, r, parsed)

		text, err := r.MarshalText()
		require.NoError(t, err)
		var back Rule
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, r, back)
	}
}

func TestInvalidRules(t *testing.T) {
	assert.Equal(t, "Rule(0)", RuleInvalid.String())
	assert.Equal(t, "Rule(200)", Rule(200).String())
	assert.False(t, RuleInvalid.Valid())
	assert.False(t, Rule(28).Valid())
	_, err := RuleInvalid.MarshalText()
	assert.Error(t, err)
	for _, s := range []string{"", "Rule(0)", "r5", "R0", "R26", "R4b", " R5", "R5 "} {
		r, ok := ParseRule(s)
		assert.False(t, ok, "ParseRule(%q)", s)
		assert.Equal(t, RuleInvalid, r)
	}
	var r Rule = R3
	assert.Error(t, r.UnmarshalText([]byte("R99")))
	assert.Equal(t, R3, r, "a failed UnmarshalText leaves the rule alone")
}

func TestRuleAsJSONValue(t *testing.T) {
	b, err := json.Marshal(map[string]Rule{"rule": R9a})
	require.NoError(t, err)
	assert.Equal(t, `{"rule":"R9a"}`, string(b))
	var back map[string]Rule
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, R9a, back["rule"])
}
