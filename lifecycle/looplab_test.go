package lifecycle

import (
	"context"
	"testing"

	"github.com/breakoutfsm/breakoutfsm/internal/fsmq"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The looplab/fsm adapter built from the same table is an independent
// engine: for every row, from the row's state under possible conditions
// that satisfy its guard, looplab takes the same row and reaches the same state as Step.
func TestLooplabAdapterAgreesWithTheTableOnEveryRow(t *testing.T) {
	require.NoError(t, tableErr)
	for i, r := range fsmq.Of(table).Rows() {
		l, err := table.Looplab(r.From)
		require.NoError(t, err)
		c, possible := fsmq.Of(table).Witness(r.From, r.Guard)
		require.True(t, possible, "row %d can hold", i)
		idx, _, ok := table.Step(r.From, r.On, c)
		require.True(t, ok)
		require.Equal(t, i, idx, "Step picks another row for row %d's own guard", i)
		got, err := l.Fire(context.Background(), r.On, c)
		require.NoError(t, err, "row %d: %s %s", i, r.From, r.On)
		assert.Equal(t, i, got, "row %d: looplab took row %d", i, got)
		assert.Equal(t, r.To, l.Current(), "row %d: looplab is in %s", i, l.Current())
	}
}
