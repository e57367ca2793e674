// Package natskv keeps a fleet's meetings in NATS JetStream key-value:
// Open returns a meeting.Store on one bucket (Options names it, and bounds
// each call), shared by every host that connects to it; its errors are
// *Error.
//
// It owns the mapping of the store's contract onto JetStream; it must not
// know what a meeting holds (it stores bytes and a due time).
//
// # Layout
//
// One key per meeting, "m.<id>", where <id> is the meeting's id in
// unpadded base64url (a meeting id may hold characters a key may not, such
// as a Teams thread id's ':' and '@'). The value is the meeting's snapshot;
// the time the meeting next needs a tick travels with it, atomically, in
// the message header Breakoutfsm-Due (nanoseconds since the epoch, absent
// when none). The bucket keeps one value per key (history 1) and refuses a
// value larger than MaxValueSize (1 MiB less 1 KiB for the headers: the
// server's default max_payload is 1 MiB); a meeting at Teams' limits (300
// participants, 50 rooms, a full input-id window) is about 330 KiB.
//
// # Compare-and-set
//
// A write publishes to the key's subject with the JetStream header
// Nats-Expected-Last-Subject-Sequence set to the revision read (what the
// KV's Update does; this package publishes itself only to add the due
// header). A wrong-last-sequence answer (error 10071, or 10164 on a
// replicated stream) is meeting.ErrConflict. Revisions are stream
// sequences: they grow with every write to the bucket, not one by one per
// key, and a deleted and re-created meeting never reuses one, so a host
// holding a revision of the old meeting conflicts instead of overwriting
// the new one. An update of a deleted meeting is a conflict too (the key's
// last message is the delete marker): the host's reload finds it gone.
//
// # Create after delete
//
// A deleted key keeps a delete marker. Create publishes expecting no
// message on the key; if the key holds a delete marker it publishes again
// expecting the marker's sequence. Two hosts creating the same meeting
// right after its deletion both find the marker; one write wins and the
// other gets a wrong-last-sequence answer, reported as meeting.ErrExists.
// (The KV's own Create would report that as a plain API error.)
//
// # Timers
//
// Due reads the headers of the last message of every meeting key with one
// ordered, headers-only consumer (deliver last per subject): one small
// message (about 150 bytes) per meeting per sweep, no values, and no second
// key space to keep in step with the first. The cost grows with the number
// of meetings in the bucket, not with their size: 10,000 meetings are about
// 1.5 MB per sweep.
//
// # Connections
//
// The store uses the caller's connection. While it is disconnected, calls
// fail after Options.Timeout (or the context's deadline); connect with
// nats.ReconnectBufSize(-1) so that a write made during an outage fails at
// once instead of waiting in the reconnect buffer. A write that failed may
// still have taken effect (the reply was lost): the meeting.Host answers
// its retry, by the input's id, as a duplicate.
package natskv
