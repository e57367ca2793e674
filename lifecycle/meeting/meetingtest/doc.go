// Package meetingtest checks what a fleet of hosts relies on: that a
// meeting.Store keeps its contract (CheckStore), that inputs run through
// several meeting.Hosts at once are taken exactly once, in the order the
// store accepted them (Workload.Run, then Result.CheckExactlyOnce), and
// that timers swept by several hosts fire once, through one host
// (CheckSweep). Each store implementation runs
// them against itself: the in-memory store in package meeting's tests, the
// NATS JetStream store in store/natskv's.
//
// It is a test harness, importable like proptest; it may start goroutines
// and draw random numbers, which package meeting may not.
package meetingtest
