// Package fsmhook is how package fsm hands internal/fsmq the parts of its
// tables it does not export: fsm registers an opener when it loads, and
// fsmq opens a *fsm.Table, a *fsm.Looplab or an fsm.Guard with it. It
// imports nothing, so that fsm can import it.
//
// It is not part of the API; use internal/fsmq.
package fsmhook

var open func(any) any

// Register is called once, by package fsm, when it loads.
func Register(opener func(any) any) { open = opener }

// Open is fsm's unexported view of v, or nil when v has none.
func Open(v any) any {
	if open == nil {
		panic("fsmhook: package fsm is not loaded")
	}
	return open(v)
}
