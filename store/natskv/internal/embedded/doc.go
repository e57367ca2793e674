// Package embedded starts a NATS server with JetStream inside the process,
// on the loopback interface and a store directory of the caller's: for the
// natskv module's tests, benchmarks and demo command, never for the store
// package itself (which needs only a client).
package embedded
