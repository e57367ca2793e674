// Package storepipe serves meeting.Stores over a byte stream (a child
// process's standard input and output), and is their client on the other
// end: a store that lives in another module, with dependencies the library
// must not take, is still usable from this module's command.
//
// That is how `breakoutfsm simulate --store nats` reaches NATS without the
// library or its command depending on a NATS client: the command starts
// `go run ./cmd/serve-store` in the store's module (store/natskv), which
// opens one store per host, each on a connection of its own, and serves
// them with Serve; the command's hosts use them through Dial. Any other
// store module (etcd, Redis, ...) that serves its stores the same way is
// usable by name.
//
// The protocol is JSON Lines: each request names the store (its index),
// the operation and its arguments, and carries an id that its response
// repeats; requests are served concurrently, so responses may come in any
// order. Errors keep their meaning: a response says "notFound", "exists"
// or "conflict" for the store's sentinel errors, and the message of any
// other error.
package storepipe
