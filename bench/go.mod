module github.com/breakoutfsm/breakoutfsm/bench

go 1.26

replace github.com/breakoutfsm/breakoutfsm => ../

require (
	github.com/breakoutfsm/breakoutfsm v0.0.0
	github.com/looplab/fsm v1.0.3
	github.com/qmuntal/stateless v1.7.2
)
