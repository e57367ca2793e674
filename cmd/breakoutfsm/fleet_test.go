package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSimulate_FleetOverMemory runs a small meeting through three hosts of
// an in-memory store: the fleet's lines follow the summary, every input was
// applied exactly once, and the summary itself is the one without a fleet.
func TestSimulate_FleetOverMemory(t *testing.T) {
	args := []string{"simulate", "--participants", "30", "--rooms", "5", "--duration", "10m"}
	var plain, fleet, stderr bytes.Buffer
	require.Equal(t, exitOK, run(args, strings.NewReader(""), &plain, &stderr), stderr.String())
	require.Equal(t, exitOK, run(append(args, "--hosts", "3", "--store", "memory"), strings.NewReader(""), &fleet, &stderr), stderr.String())
	out := fleet.String()
	require.True(t, strings.HasPrefix(out, plain.String()), "the summary is the one without a fleet")
	rest := strings.TrimPrefix(out, plain.String())
	assert.Contains(t, rest, "3 host(s) over one in-memory store")
	assert.Contains(t, rest, "every input applied exactly once")
	assert.Regexp(t, `conflicts\s+[1-9][0-9]* retried`, rest)
}

func TestSimulate_FleetFlagsAreChecked(t *testing.T) {
	for _, args := range [][]string{
		{"simulate", "--hosts", "3"},
		{"simulate", "--hosts", "0", "--store", "memory"},
		{"simulate", "--store", "floppy"},
	} {
		var stdout, stderr bytes.Buffer
		assert.Equal(t, exitUsage, run(args, strings.NewReader(""), &stdout, &stderr), "%v", args)
		assert.NotEmpty(t, stderr.String())
		assert.Empty(t, stdout.String())
	}
}
