// Package meeting is the meeting level (docs/RULES.md#meeting): one Teams
// meeting with its breakout rooms, the organizer's settings and one
// participant machine (package lifecycle) per participant, plus the fleet
// layer that runs many meetings over a shared store (Host, Store).
//
// What it owns: the rooms (up to Config.MaxRooms, 50 by default) and who is
// assigned to which; the participants (up to Config.MaxParticipants present,
// 300 by default), each with its role and identity; the settings every room
// shares (time limit, auto-move, "participants can return"); and the work of
// turning each change into the SDK events every affected participant
// receives. What it must not do: decide how a participant reacts (that is
// the participant machine's table), read a clock, draw random numbers, start
// goroutines or do I/O. Only the concurrent layer locks: host.go with
// memstore.go (a fleet, below).
//
// # Entry points
//
//   - one meeting: New(Config) (the zero Config is Teams' limits), then its
//     five inputs (below); the organizer's operations are Ops made by
//     CreateRoom, Assign, OpenAllRooms, SetTimeLimit and the other
//     constructors; Take takes any of them as an Input with an id;
//   - what it holds: Rooms, Participants and Participant (RoomInfo,
//     ParticipantInfo), Snapshot (one participant's machine), Settings,
//     Config, Now, Ended, NextDue (when to Tick);
//   - its checks: CheckLastInput after every input, CheckInvariants in
//     full;
//   - its refusals: an *errcodes.Error matching one Reason (errors.Is(err,
//     meeting.NotManager));
//   - its snapshot: MarshalJSON and Unmarshal;
//   - a fleet: NewHost over a Store (NewMemStore, or store/natskv's Open),
//     whose Apply and Sweep return what each input did (Applied).
//
// # Inputs and outcomes
//
// A Meeting takes five kinds of input, each with the time it happens:
//
//   - AddParticipant: someone joins;
//   - Apply(Op): an organizer operation (create, remove, open or close one
//     room or all, assign, re-assign, unassign, set the time limit,
//     auto-move or "participants can return"), by a manager;
//   - ApplyParticipant: an input from one participant's side (an action, the
//     outcome of an effect its host carried out, a tick, the SDK's join
//     event, meetingEnded as its client saw it);
//   - Tick: time passes; rooms whose time limit is up close, then every
//     participant with a timer due is ticked;
//   - End: the main meeting ends.
//
// Each returns an Outcome: its sequence number in the meeting (every input
// has one, refused or not, so a host can account for each input exactly
// once), the meeting's refusal if it refused (then nothing changed and
// nobody received anything), and the deliveries: each input a participant's
// machine received, with the position, state, effects (copied, the caller's
// to keep) and error of that machine. A machine's own refusal is in its
// delivery, not in the outcome's error.
//
// # What participants receive, and in which order
//
// The meeting remembers what each participant's machine last received: its
// assignment, the room list, the settings of its breakout call. After every
// input it delivers exactly what differs, so a change reaches exactly the
// participants whose events change. It finds them without visiting everyone:
// a fan-out visits the participants the input touched, the members of the
// rooms it touched, those still in the call of a touched room, the managers
// when the room list changed, and those whose last visit left something
// undelivered (an event lost or refused); anyone else has nothing to
// receive.
// Participants are visited in join order;
// rooms are listed in creation order; invitees in join order. For one
// participant the inputs come in this order:
//
//  1. only in R13's window (see below): the room it is in, closed;
//  2. assignedBreakoutRooms with its room as the SDK delivers it (threadId,
//     displayName, state, autoMoveParticipantToBreakoutRoom, invitees), or
//     with no data when it has no room any more;
//  3. to a manager: breakoutRooms with every room (R23);
//  4. breakoutRoomsSettings of the breakout call it is joining or in.
//
// A participant who left receives nothing. One that has never been assigned
// receives no assignedBreakoutRooms at all, as with the SDK.
//
// # Decisions where the rules are silent, or where the SDK would differ
//
//  1. Invitees are part of the room: when a room's invitees change, its
//     assignees receive it again, and the managers the list. The 2.0.0 SDK's
//     code fires assignedBreakoutRooms only when the URL, name, auto-move or
//     state change, and breakoutRooms only when the number of rooms or a
//     room's state changes, so a real client may hold stale invitees. The meeting keeps every view exact, so that "the
//     invitees of a room are exactly the participants assigned to it" holds
//     for what each participant holds, not only for the meeting's own books.
//     A machine takes a changed invitee list as a facts-only update (R4a)
//     and emits nothing.
//  2. Settings arrive on the breakout call only (as in SDK 2.0.0): a
//     participant receives its room's settings when its machine is joining
//     or in that room (after the input that took it there, in the same
//     outcome), and again whenever they change while it is. disableReturnToMainMeeting is
//     the negation of "participants can return"; roomEndTime, when a time
//     limit runs, is the room's end as an RFC 3339 string in UTC. While a
//     re-assigned join is in flight (state switching) the machine keeps any
//     settings that arrive for the new call, so it receives the new room's,
//     and changes to the old room's wait until the switch has failed (they
//     then follow) or succeeded (they are moot).
//  3. A room that closes, or is removed, while a participant is still in it
//     but already re-assigned elsewhere (R13's window): the SDK sends that
//     participant nothing about the old room (its assignment is the new one)
//     and the server would end the old breakout call, for which the machine
//     has no input. The meeting delivers the old room, closed, as it now is
//     (for a removed room, as last delivered, closed), which the machine
//     takes as the close of the room it is in (R12 or R14: it returns); then
//     the new assignment again, which the machine announces on the way back
//     and, with auto-move, moves into on arrival (R18).
//  4. Time limit: each room's end is when it last opened plus the limit.
//     Changing the limit moves the end of the open rooms; 0 removes it.
//     Tick closes a room whose end has come, before it ticks the
//     participants, as if the organizer closed it.
//  5. Auto-move and "participants can return" are the meeting's, as in
//     Teams: every room carries the same values. Teams' defaults: auto-move
//     on, return off, no time limit.
//  6. Rooms: a threadId and a display name are both needed and both unique
//     (the SDK matches rooms by display name). Removing a room unassigns its
//     invitees. Closing rooms keeps the assignments (reopened rooms keep
//     them, as in Teams). An operation that changes nothing (opening an open
//     room, assigning someone to the room they have) is taken with no
//     deliveries.
//  7. Participants: an id (the raw MRI) is unique while present. A
//     participant who left keeps its place in the join order and its
//     assignment, receives nothing and does not count towards the limit; it
//     may join again with the same id, as a new machine, and then receives
//     its assignment (and a manager the list) at once. Only a Microsoft 365
//     user (identifier kind microsoftTeamsUser, not an anonymous visitor) may
//     be a manager: ACS identities never manage rooms (docs/RULES.md §1).
//     Managers may be assigned and are moved like anyone else; their main
//     call stays held (R9).
//  8. Refusals: every refusal is an *errcodes.Error whose Cause is a
//     Reason, so errors.Is(err, meeting.NotManager) tells them apart. The
//     checks, in order: the meeting has ended; the clock goes backwards; the
//     operation kind; the actor (known, present, a manager); the
//     operation's values. An organizer operation by an attendee is an
//     unexpectedInput naming the guard "manager": errcodes has no kind for
//     it (a kind notManager would be cleaner). The meeting's refusals carry
//     no rule of §4 except where one applies (R1 for the config, R22 for a
//     meeting that ended or an actor who left, R23 for the room list).
//  9. ApplyParticipant refuses assignedBreakoutRooms, breakoutRoomsSettings
//     and breakoutRooms: they come from the meeting's rooms, and handing
//     them to one participant would break the invariants.
//  10. End delivers meetingEnded to everyone present (R22) and closes every
//     room, so that no room outlives the main meeting; every later input is
//     refused.
//  11. A meeting for participants that could have no breakout rooms (not a
//     Teams meeting, or the feature disabled: R1) cannot be created.
//
// # Invariants
//
// CheckInvariants checks §6 after any step: limits; invitees equal
// assignments (in the meeting, in what every participant holds, and in every
// manager's room list); at most one room per participant; nobody joining or
// in a closed room (a participant whose room closed is at worst on its way
// out, returning); settings follow the breakout call; no room outlives the
// main meeting; and every participant machine's own invariants. It visits
// the whole meeting. CheckLastInput makes the same checks after one input on
// what that input changed and on whoever reads it, in time proportional to
// that rather than to the meeting, and finds whatever CheckInvariants would
// find provided the meeting held them before the input (changes.go says how,
// and its tests show it): a host checking after every input calls it, and
// CheckInvariants now and then or in tests.
//
// # Snapshots and fleets
//
// MarshalJSON encodes a meeting as its snapshot (versioned JSON,
// SnapshotVersion), and Unmarshal rebuilds the meeting, refusing a snapshot
// no meeting could hold (BadSnapshot) with the field named in the error.
// Take takes an Input with an id, remembering the last InputWindow ids so
// that a retried delivery is taken once.
//
// A Store keeps the snapshots of a fleet's meetings under revisions with a
// compare-and-set; a Host runs inputs against it (load, take, write if the
// revision is unchanged, else load and take again), so several hosts serve
// the same meetings and every input is taken exactly once; Sweep ticks the
// meetings due. NewMemStore is the in-memory store; store/natskv, a module of
// its own, keeps them in NATS JetStream key-value. Package meetingtest
// holds the checks every store passes.
//
// # Concurrency
//
// A Meeting is not safe for concurrent use: give each meeting its own lock
// (a Host does: the inputs to one meeting are taken one at a time while
// different meetings proceed in parallel, with no global lock on the way).
// Outcomes own their memory and may leave the lock; the rooms and settings
// an input points to are shared and never change.
package meeting
