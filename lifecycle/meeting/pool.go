package meeting

import (
	"sync"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// builder collects an outcome's deliveries and effects. Builders are pooled,
// not kept per meeting: a host holding many meetings holds a few builders
// sized for the largest fan-out, not one per meeting, and the outcome gets
// arrays of exactly its size.
type builder struct {
	out  []Delivery
	ends []int // where each delivery's effects end in effs
	effs []lifecycle.Effect
}

var builders = sync.Pool{New: func() any { return new(builder) }}

// indexLists are lists of participant indexes for fanOut and CheckLastInput
// to work in, pooled for the same reason: a meeting keeps none.
var indexLists = sync.Pool{New: func() any { return new([]int32) }}
