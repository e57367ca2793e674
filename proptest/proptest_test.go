package proptest

import "testing"

// TestEngine runs the whole property suite against the engine itself.
func TestEngine(t *testing.T) {
	Check(t, Lifecycle)
}
