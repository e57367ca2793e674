package docgen

import (
	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
)

// ruleText is one rule of the rulebook (RULES.md), as this project states
// it. The rows that implement a rule come from lifecycle.Rows and
// lifecycle.PreTableRules, and the tests that check it from the tests' names
// and comments; only what is written here is written by hand.
type ruleText struct {
	// title names the rule in a few words.
	title string
	// summary says in a line what the rule asks for (the rule index).
	summary string
	// text is the rule in full: what triggers it, the guard, the position,
	// the effects and errors in order, and the v2.3 decisions (C1–C8) it
	// takes, named. Each string is a paragraph; one that starts with "- " or
	// "1. " is a list item, and list items that follow each other form one
	// list.
	text []string
	// noRows says why no row of the table implements the rule; empty when
	// rows do. A test checks that exactly one of the two holds.
	noRows string
}

// rulebook is every rule, R1 to R25 with R4a and R9a. Conditions, states,
// inputs and effects are named as the code names them; "§N" is a section of
// RULES.md (sections below).
var rulebook = map[errcodes.Rule]ruleText{
	rule.R1: {
		title:   "The feature gate",
		summary: "No breakout rooms outside a Teams meeting or with the feature off: every input gets 46251 (feature off, looked at first) or 46250 (not Teams), and the position stays main.",
		text: []string{
			"Breakout rooms exist only in a Teams meeting whose breakout-rooms feature is enabled. A participant machine configured for any other call is *unavailable*: its state is `unavailable` and its position `main`, and it never changes again.",
			"Every input such a machine is given, whatever its kind and whether it could be read or not, is refused with the same error and no effects. The feature flag is looked at first: with the feature disabled the error is 46251, whatever the meeting; with the feature enabled in a call that is not a Teams meeting it is 46250. The error names the guard that refused (`featureEnabled` or `teamsMeeting`).",
			"`lifecycle.New` returns such a machine rather than an error, so that a host can answer every input the same way. In a trace, the config line that describes such a call gets the refusal as its result, and so does every line after it ([TRACE.md](TRACE.md#config)). The meeting level refuses to create a meeting for such a call (§6).",
		},
	},
	rule.R2: {
		title:   "Assigned to a closed room",
		summary: "An assignment to a closed room makes the position assigned, with no call effect.",
		text: []string{
			"An `assignedBreakoutRooms` event whose room is closed, received in the main meeting (state `main`, `assigned` or `returning`) and naming another room than the one assigned, assigns that room. From `main` the position becomes `assigned`; `assigned` and `returning` stay as they are.",
			"There is no call effect and no notification: a pending `autoMove` is cancelled, `returnedEarly` is cleared (R16), and the prompts of an earlier assignment (`assignedBreakoutRoomOpened`, `…OpenedPromptJoin`, `…Changed`, `…ChangedPromptJoin`) are withdrawn.",
			"The assigned room closing is R8; a closed room while joining is R8, and while in a room R14.",
		},
	},
	rule.R3: {
		title:   "Assigned to an open room with auto-move",
		summary: "An open room with auto-move notifies Opened and schedules autoMove (3000 ms); when it fires: holdMain, then joinBreakout.",
		text: []string{
			"An `assignedBreakoutRooms` event announcing an open room with `autoMoveParticipantToBreakoutRoom: true` (another room than the one assigned, or the assigned room reopening), received in the main meeting: the room is assigned, the position is `assigned`, `returnedEarly` is cleared (R16), `autoMove` is scheduled at now + the auto-move delay (3000 ms unless configured), and `assignedBreakoutRoomOpened` is shown.",
			"When `autoMove` fires in `assigned`, the participant moves as the `join` action would (R5, bounds included): position `joining`, effects `holdMain` (left out when the main call is already on hold) then `joinBreakout(threadId)`; the room's prompts are withdrawn and any settings left from an earlier breakout call are cleared.",
			"While `returning`, the room is announced at once (`assignedBreakoutRoomOpened`) but `autoMove` is not scheduled yet: it is scheduled on arrival in the main meeting, at the arrival time + the delay (R18). While joining from the main meeting, the join is given up first (R8). In a room, another open room is R13.",
		},
	},
	rule.R4: {
		title:   "Assigned to an open room without auto-move",
		summary: "An open room without auto-move notifies OpenedPromptJoin; the participant stays put until join.",
		text: []string{
			"An `assignedBreakoutRooms` event announcing an open room without auto-move (`autoMoveParticipantToBreakoutRoom` false or absent), received in the main meeting (`main`, `assigned` or `returning`): the room is assigned, the position is `assigned` (or stays `returning`), `returnedEarly` is cleared, a pending `autoMove` is cancelled and `assignedBreakoutRoomOpenedPromptJoin` is shown.",
			"The participant stays put until the user calls `join` (R5). While joining from the main meeting the join is given up first (R8); in a room, another open room is R13.",
		},
	},
	rule.R4a: {
		title:   "The same room announced again",
		summary: "The same room again changes nothing; new display name or invitees update facts; auto-move switched on acts as R3, off cancels autoMove and prompts.",
		text: []string{
			"An `assignedBreakoutRooms` event for the room already assigned (the same `threadId`) that neither opens nor closes it:",
			"- exactly the same event (every field equal, invitees included) changes nothing and emits nothing;",
			"- a new `displayName` or new `invitees` only update the facts, with no effects;",
			"- auto-move switched on, in `assigned` or `returning` and unless the participant returned early (R16): as R3, `autoMove` scheduled (on arrival, while `returning`) and `assignedBreakoutRoomOpened` shown;",
			"- auto-move switched off, in `assigned` or `returning` and unless R16 holds: `autoMove` cancelled and `assignedBreakoutRoomOpenedPromptJoin` shown.",
			"While R16 holds, while `joining` and while in the room itself (`in_room`), only the facts change. An event with no room while nothing is assigned (`main`) changes nothing. In `reassigned`, auto-move switched on or off acts as R13 does for a new room.",
		},
	},
	rule.R5: {
		title:   "The join action",
		summary: "join is checked in order: left, no assignment (46260), room not open (46256), already there (alreadyInRoom), returning (unexpectedInput); then holdMain unless on hold, joinBreakout. A bound on tracked calls counts only calls whose hang-up failed, is at least 8 and is named in the refusal (C8).",
		text: []string{
			"The user's `join` is checked in this order, and the first check that fails refuses it:",
			"1. the participant has left: `participantLeft` (R22);",
			"2. no room is assigned: 46260;",
			"3. the assigned room is not open: 46256;",
			"4. a join of that room is under way, or the participant sits in it (`joining`, `in_room`, `switching`): `alreadyInRoom`;",
			"5. the participant is `returning`: `unexpectedInput`;",
			"6. the join would go beyond one of the engine's bounds: `unexpectedInput`, with a message that names the bound (below).",
			"Otherwise, from `assigned`: position `joining`, effects `holdMain` (not issued when a hold is already under way or done) then `joinBreakout(threadId)`; `autoMove`, if pending, is cancelled, the prompts are withdrawn, and settings left from an earlier breakout call are cleared. From `reassigned`, the join is R13's, with no `holdMain`.",
			"A `holdMain` ok marks the main call held (a later resume brings it back).",
			"**Decision C8** (v2.3): nothing in the rules limits how many breakout calls there may be; an engine is free to cap how many it keeps track of. This engine counts only the calls whose hang-up failed and that are not being hung up again; with 8 of them up, a join (by the action, by `autoMove` or by the SDK's `join` event) is refused with `unexpectedInput` under this rule, and the message names the bound. Calls whose hang-up is merely in flight do not count. A second bound keeps the engine's counters from saturating: a join that finds 250 effects of one kind on the main call in flight is refused the same way. An `autoMove` that fires into a bound is used up and changes nothing else.",
		},
	},
	rule.R6: {
		title:   "The breakout join fails",
		summary: "A failed breakout join from the main meeting: back to assigned, 46254, resumeMain if the main call is on hold; auto-move is not re-armed.",
		text: []string{
			"A `joinBreakout` failure that answers the join being made from the main meeting (`joining`): position `assigned`, effect `resumeMain` (in `joining` the main call is always on hold, or being put on hold), the breakout call's settings cleared and its notifications withdrawn, and the failure reported with 46254.",
			"Auto-move is not armed again: the user joins with `join` if they still want to.",
			"A `joinBreakout` failure that answers a join already given up is only reported (46254); nothing else changes. A failure of R13's join from a room is R13's.",
		},
	},
	rule.R7: {
		title:   "Putting the main call on hold fails",
		summary: "A failed hold while joining abandons the join: 46255, hangUpBreakout, assigned; the user may join again. A hold failing once its join connected, or belonging to an abandoned join, is just reported, the main call then counting as connected (C2).",
		text: []string{
			"A `holdMain` failure that answers the hold made for the join in progress (`joining`) abandons that join: position `assigned`, effect `hangUpBreakout(threadId)` (a join from the main meeting issues its breakout join together with the hold, so that call is up), the main call counts as connected again, the breakout call's settings are cleared and its notifications withdrawn, and the failure is reported with 46255. Joining again is up to the user (`join`); auto-move stays disarmed.",
			"**Decision C2** (v2.3): a join is abandoned only while it is still `joining`. Once the join has connected, a failed `holdMain` for it is reported (46255) and touches nothing but what the machine knows of the main call: the participant remains in its room, and when no other hold of the main call is on its way, the main call counts as connected, so a later return hangs up the breakout calls and arrives at once, with neither `resumeMain` nor `rejoinMain` (R12, R15, R18). When the failed hold belonged to an earlier join that was since given up, the report is all that happens.",
			"While `returning`, a failed hold that leaves the main call connected with nothing else on its way to it completes the return at once (position `main` or `assigned`, as R18); otherwise it is only reported. When several holds are in flight, each outcome answers the oldest, and only the failure of the join's own hold abandons the join.",
		},
	},
	rule.R8: {
		title:   "The room goes away before the participant is in it",
		summary: "Room closed or assignment removed while assigned cancels autoMove; while joining, the join is undone (hang up, resume); a new open room is then treated as R3/R4.",
		text: []string{
			"While `assigned` (or `returning`), the assigned room closing or the assignment being removed (an `assignedBreakoutRooms` event with no data) cancels a pending `autoMove` and withdraws the room's prompts; `assignedBreakoutRoomClosed` is not shown. Removing the assignment makes the position `main` (from `returning`, it stays `returning`); a closed room stays assigned.",
			"While `joining` from the main meeting, the same events undo the join at once: effects `hangUpBreakout(threadId)` then `resumeMain`, the breakout call's settings cleared, its notifications withdrawn, then the event is taken as in the main meeting: position `main` when the assignment is removed, `assigned` for a closed room, and `assigned` for another open room, which is then announced as R3 or R4 would (with `autoMove` scheduled, or the prompt shown). The room's `roomEnd` firing while `joining` undoes the join the same way and leaves the position `assigned`.",
			"The outcome of a join given up this way is still taken: a `joinBreakout` ok only records that the call connected (its hang-up is already on its way), and a failure is reported as R6 says.",
		},
	},
	rule.R9: {
		title:   "The breakout call connects",
		summary: "The breakout join connects: in_room, Joined; an attendee's main call is hung up, a manager's stays held.",
		text: []string{
			"A `joinBreakout` ok that answers the join being made from the main meeting: position `in_room`, `breakoutRoomJoined` shown. For an attendee, the main call goes next (effect `hangUpMain`; it comes back later as a new call, `rejoinMain`). A manager's main call stays held (it comes back with `resumeMain`).",
			"A `hangUpMain` ok is taken with no effects.",
		},
	},
	rule.R9a: {
		title:   "Hanging up the main call fails",
		summary: "A failed main hang-up is mainHangUpFailed: the attendee stays in the room with its main call held, and its return resumes it.",
		text: []string{
			"A `hangUpMain` failure has no SDK subcode: it is reported with the project kind `mainHangUpFailed`. The attendee stays where it is (`in_room`), and its main call counts as held: its return brings it back with `resumeMain` instead of `rejoinMain`, and no later R13 join issues a second `hangUpMain` for it.",
			"When the failure comes after a return issued `rejoinMain`, it is reported and changes nothing.",
		},
	},
	rule.R10: {
		title:   "The SDK joins by itself",
		summary: "The SDK's own join event is followed into joining without call effects; it only records the call id when already joining or in that room.",
		text: []string{
			"The SDK's `join` event names the breakout call it joined (its `id`). When it arrives while an open room is assigned and the participant is not already joining it (`assigned`, or `returning`), the SDK has joined by itself: the machine goes along into `joining` and emits no call effect (the SDK puts the main call on hold and joins without being asked, so the machine takes the main call as held from this moment), records the call id, cancels a pending `autoMove`, clears settings left from an earlier breakout call and withdraws the prompts. A `joinBreakout` outcome is awaited, as after any join. In `reassigned` it follows the SDK into R13's join of the new room (`switching`), again with no call effect.",
			"While `joining`, `in_room` or `switching`, the event only records the call id. With no open room assigned (in `main`, `assigned` or `returning`) it is refused with `unexpectedInput`. The bounds of R5 apply to a join the SDK made too.",
		},
	},
	rule.R11: {
		title:   "The breakout call's settings",
		summary: "Settings record the return flag and end time: closingSoon at end - 30 s (or at once), roomEnd at end + grace; repeats emit nothing; undefined settings clear both timers.",
		text: []string{
			"A `breakoutRoomsSettings` event is recorded for the breakout call in force while `joining`, `in_room` or `reassigned`: its `disableReturnToMainMeeting` (R15) and its `roomEndTime`. In every other state it is read (an unreadable one is refused, R24) and otherwise ignored; in `switching` it is kept for the new call (R13).",
			"With an end time: `closingSoon` is scheduled at the end − 30 s and `roomEnd` at the end + the room-end grace (5000 ms unless configured). When the end is at most 30 s away, `closingSoon` is cancelled instead and `breakoutRoomClosingSoon` is shown at once (unless it is already showing). When `closingSoon` fires (while joining or in a room), `breakoutRoomClosingSoon` is shown; `roomEnd` firing is R12 (R8 while joining).",
			"Without an end time (absent, `\"\"`, or an object whose number is `\"\"`), the settings are recorded and both timers cancelled. A settings event without data removes the settings (so a return is not allowed) and cancels both timers.",
			"A repeat of the settings in force emits nothing (the SDK sends the same settings more than once). Two settings events match when their JSON values match: a `roomEndTime` string is compared as written, a number as a number. So a `deltaTimeInMs` is measured from the event that brought it first: repeating it does not move the end.",
		},
	},
	rule.R12: {
		title:   "The room closes under the participant",
		summary: "Room closed, unassigned, or roomEnd fired while in the room: returning, Closed, hangUpBreakout then rejoinMain (attendee) or resumeMain (manager); no guard. The other breakout calls that are up go as well, in §3's order (C4).",
		text: []string{
			"In a room (`in_room`, `reassigned` or `switching`), the room the participant is in closing (an `assignedBreakoutRooms` event for it with state `closed`), the assignment being removed, or the room's `roomEnd` firing with no close seen: the participant returns to the main meeting. There is no guard: whatever the settings say, a closed room keeps nobody.",
			"Position `returning`; `assignedBreakoutRoomClosed` is shown; effects `hangUpBreakout(threadId)` for the room's call, then the main call brought back: `rejoinMain` when it is hung up (an attendee's, R9), `resumeMain` when it is on hold (a manager's, or an attendee's whose hang-up failed, R9a). The breakout call's settings (and any kept for a re-assigned join) are cleared, `autoMove` is cancelled and the room's notifications (`breakoutRoomJoined`, `breakoutRoomClosingSoon`) are withdrawn; an `assignedBreakoutRooms` event also withdraws the prompts. A removed assignment is forgotten; a closed room stays assigned; `roomEnd` leaves the assignment as it is. A resume issued here is issued by a return: its failure is re-thrown as 46261 (§5).",
			"**Decision C4** (v2.3): `hangUpBreakout` is issued for each breakout call that is up and has no hang-up in flight, not only the room's, in §3's order: R13's call being joined, the current room's, then those of earlier rooms, oldest first. When a return is over the participant is in no room at all, open or closed.",
			"**Decision C2** (v2.3): a main call that is connected (its hold failed after the join, R7) needs neither `rejoinMain` nor `resumeMain`, and gets none. With nothing to bring back the participant arrives at once: position `assigned` (or `main` when the assignment was removed), and `assignedBreakoutRoomClosed` is not left showing. When a resume or rejoin is already on its way, none is added and the participant stays `returning` until it is answered.",
		},
	},
	rule.R13: {
		title:   "Re-assigned to another open room",
		summary: "Re-assigned to another open room while in a room: Changed (or ChangedPromptJoin) and autoMove; join without holdMain; once connected, Joined is notified for the new room (C1) and hangUpPrevious hangs up every other call still up after 5000 ms, oldest first (C5).",
		text: []string{
			"In a room, an `assignedBreakoutRooms` event for another room that is open re-assigns the participant, who stays in the old room for now (state `reassigned`, position `in_room`). With auto-move, `assignedBreakoutRoomChanged` is shown and `autoMove` scheduled; without, a pending `autoMove` is cancelled and `assignedBreakoutRoomChangedPromptJoin` shown. Auto-move switched on or off for the re-assigned room does the same anew.",
			"When `autoMove` fires, or on `join`, the new room is joined: state `switching` (position `joining`), effect `joinBreakout(newThreadId)` with no `holdMain` (by now the main call is on hold or hung up), the prompts withdrawn. The SDK's own `join` event does the same without the effect (R10).",
			"When the new call connects: position `in_room` in the new room; the old room's call becomes a previous call, and `hangUpPrevious` is scheduled at now + the hang-up delay (5000 ms unless configured). The settings kept for the new call take over (and arm `closingSoon` and `roomEnd` as R11 says; without kept settings the old room's are dropped and a return is not allowed until the new room's arrive); the old room's `breakoutRoomClosingSoon` is withdrawn unless the new room's settings show it again. **Decision C1** (v2.3): `breakoutRoomJoined` is shown for the new room, `notify(breakoutRoomJoined)`, even though it was showing for the old one: a notification names its room; nothing is dismissed for it.",
			"When `hangUpPrevious` fires: **Decision C5** (v2.3): each breakout call that is up, is not the current room's and has no hang-up in flight gets a `hangUpBreakout`, oldest first; this includes a call whose earlier hang-up failed (R20).",
			"A failed new join (46254) leaves the participant where it was, in the old room (`reassigned`, position `in_room`), and drops the settings kept for the new call.",
			"During `switching` (the new join in flight) the participant still sits in the old room. The three ways out, `returnToMainMeeting`, `hangUpBreakout` and `resumeMain`, behave as they do in `in_room`, guard and all (R15), and leaving abandons the new join too: its `hangUpBreakout(newThreadId)` is the first call effect. An assignment event naming anything but the room being joined also abandons the new join first (`hangUpBreakout(newThreadId)`, the settings kept for it dropped), and is then taken as it would be in the old room: another open room is a re-assignment again, the old room itself puts the participant back in `in_room`, and a closed room or no room is R12 or R14. The room being joined, announced again while open, only updates the facts. If the old room's `roomEnd` fires meanwhile, the new join is abandoned and R12 follows. Settings arriving in this window wait for the new call and schedule nothing before it connects.",
			"An assignment of the very room the participant is in, while `reassigned` or `switching`: position `in_room`, `autoMove` cancelled, `assignedBreakoutRoomChanged` and `…ChangedPromptJoin` withdrawn (and a join in flight given up).",
			"The `hangUpBreakout` action, in any state, when some breakout call that is neither the current room's nor the one being joined is up with no hang-up in flight (an earlier room's, or one whose hang-up failed): only those calls are hung up, oldest first, and no guard applies. Otherwise the action is R15's (in a room or joining) or R20's (in the main meeting).",
		},
	},
	rule.R14: {
		title:   "Re-assigned to a closed room",
		summary: "Re-assigned to a closed room while in a room: return as in R12.",
		text: []string{
			"In a room (`in_room`, `reassigned` or `switching`), an `assignedBreakoutRooms` event naming a different room whose state is `closed`: the participant returns to the main meeting exactly as in R12, effects, notifications and decisions C2 and C4 included, and the closed room becomes the assigned one (the position on arrival is `assigned`).",
		},
	},
	rule.R15: {
		title:   "Leaving a room by choice",
		summary: "returnToMainMeeting (and the manual hang-up) is allowed only when disableReturnToMainMeeting is exactly false; else returnDisabled. The manual resume has its own checks, and is unexpectedInput while a resume is in flight (C6).",
		text: []string{
			"`returnToMainMeeting` in a room (`in_room`, `reassigned`, `switching`) is guarded by the settings of the breakout call in force: it is allowed only when `disableReturnToMainMeeting` is exactly `false`. True, absent, or no settings yet: refused with `returnDisabled` (guard `returnAllowed`), and nothing changes.",
			"Allowed: position `returning`, effects `hangUpBreakout(threadId)` (every breakout call still up, C4, as R12) then `rejoinMain` (main call hung up: an attendee) or `resumeMain` (main call on hold: a manager, or R9a). The breakout call's settings are cleared, `autoMove` cancelled, the room's notifications withdrawn, and the return counts as early (R16). A resume issued here is re-thrown as 46261 if it fails (§5). With the main call connected (C2), the participant arrives at once, position `assigned`.",
			"The manual recipe is the older way back that Microsoft's original breakout-rooms how-to describes: first the `hangUpBreakout` action, then the `resumeMain` action.",
			"- The `hangUpBreakout` action in a room means leaving by choice, so the same guard decides (`returnDisabled` when not allowed): position `returning`, effect `hangUpBreakout` for every breakout call still up, the settings cleared, `autoMove` cancelled, the room's notifications withdrawn, an early return (R16). The main call is left as it is: the recipe's second step brings it back. With the main call connected (C2) the participant arrives at once, position `assigned`.",
			"- During a join from the main meeting (`joining`), the `hangUpBreakout` action abandons that join, unguarded: effect `hangUpBreakout(threadId)`, the settings cleared, the room's notifications withdrawn, an early return; the participant is `returning` and stays so until the main call has been resumed.",
			"- The `resumeMain` action is checked in this order (decision 5 of [ARCHITECTURE.md](ARCHITECTURE.md)): a main call that is hung up or on its way to being rejoined (an attendee's, R9): 46257, checked ahead of the guard; in a room, the return guard: `returnDisabled`; a breakout call still up (in a room, while `joining`, or after the manual hang-up until its `hangUpBreakout` ok): `unexpectedInput`; **decision C6** (v2.3): a resume already in flight, whichever input issued it: `unexpectedInput`; the main call holding or held: effect `resumeMain`; otherwise (nothing on hold): `unexpectedInput`. This resume was not issued by a return: its failure is plain 46257 (§5).",
			"An attendee, whose main call is hung up, cannot use the recipe's second step: it returns with `returnToMainMeeting` (R19), which rejoins.",
		},
	},
	rule.R16: {
		title:   "Leaving early",
		summary: "Leaving an open room by choice sets returnedEarly: auto-move leaves the participant in the main meeting until the room closes, or another room or none is assigned.",
		text: []string{
			"A voluntary return (R15's `returnToMainMeeting` or manual hang-up) sets `returnedEarly`: the participant left a room that is still open. While it is set, auto-move leaves the participant in the main meeting: turning auto-move on again only updates the facts (R4a).",
			"It is cleared when the room closes (so that the room, once reopened, moves the participant again), when a different room is assigned, and when the assignment is removed; switching auto-move on does not clear it.",
			"`returnToMainMeeting` during a join from the main meeting (`joining`) abandons it the way R8 does, without a guard, and sets `returnedEarly`: position `assigned`, effects `hangUpBreakout` for every breakout call still up (decision C4, as R12) then `resumeMain` (a resume issued by a return, §5), the breakout call's settings cleared and its notifications withdrawn.",
		},
	},
	rule.R17: {
		title:   "Returning while already in the main meeting",
		summary: "returnToMainMeeting already in the main meeting with nothing to redo is 46262 (re-thrown as 46261); while a hang-up or resume is in flight it is taken, with no effects (C7).",
		text: []string{
			"`returnToMainMeeting` in the main meeting (`main` or `assigned`):",
			"- with nothing left to redo and nothing in flight (the main call connected, no breakout call up): refused with 46262, re-thrown as 46261 (§5);",
			"- **decision C7** (v2.3): with nothing left to redo but something still in flight (a breakout hang-up, or a resume or rejoin of the main call; not R9's `hangUpMain`): taken, with no effects;",
			"- with something left to redo (a resume that failed after a join was undone, a breakout call left up by a failed hang-up): it re-issues what is missing, as R19's retry does (decision 4 of [ARCHITECTURE.md](ARCHITECTURE.md)).",
		},
	},
	rule.R18: {
		title:   "Back in the main meeting",
		summary: "Main call rejoined or resumed: main, or assigned, once the main call is connected (a stale outcome keeps the participant returning, C3); auto-move announced during the return is scheduled on arrival.",
		text: []string{
			"A `rejoinMain` or `resumeMain` ok while `returning` that leaves the main call connected ends the return: position `assigned` while a room is assigned, `main` otherwise; `assignedBreakoutRoomClosed` is withdrawn. If an open room with auto-move was announced during the return (R3, R4a), `autoMove` is scheduled at this moment, for now + the auto-move delay.",
			"**Decision C3** (v2.3): an ok left over from an earlier attempt (say a resume issued when a join was undone) while the main call is still hung up or on its way back as a new call only settles that effect: the participant is still `returning`. Arrival (`main` or `assigned`) waits for a connected main call.",
			"Outside `returning`, a `resumeMain` ok marks the main call connected when it was being resumed; a `rejoinMain` ok is only taken.",
		},
	},
	rule.R19: {
		title:   "Bringing the main call back fails",
		summary: "A failed resume (46257) or rejoin (46261) keeps the participant returning; returnToMainMeeting re-issues what is missing.",
		text: []string{
			"A `resumeMain` failure is reported with 46257, re-thrown as 46261 when a return issued the resume (§5); a main call that was being resumed is on hold again. A `rejoinMain` failure is reported with 46261; a main call that was being rejoined is hung up again. The participant stays `returning`.",
			"The participant can always try again, so `returning` never traps it: `returnToMainMeeting`, unguarded here, issues again whatever the return still lacks: `hangUpBreakout` for each breakout call that is up with no hang-up in flight, and `resumeMain` (main call on hold) or `rejoinMain` (main call hung up); when nothing is lacking it is taken, with no effects. The `hangUpBreakout` action retries the breakout calls the same way (R13, R20).",
			"A failure that leaves the main call connected after all (its hold failed while the resume or rejoin was on its way, R7) completes the return when it is taken: it is reported, and the position is `main` or `assigned` as R18 says (decision 15 of [ARCHITECTURE.md](ARCHITECTURE.md)).",
		},
	},
	rule.R20: {
		title:   "Hanging up a breakout call fails",
		summary: "A failed breakout hang-up is 46263; the call stays up and a retry is allowed; hangUpBreakout with no call up is unexpectedInput.",
		text: []string{
			"A `hangUpBreakout` failure is reported with 46263 (what SDK 2.0.0 raises; Microsoft's troubleshooting table names 46259 for it, and both subcodes are in the error table). The call remains up, with no hang-up in flight, and may be hung up again: the `hangUpBreakout` action (R13) or `returnToMainMeeting` (R19). A `hangUpBreakout` ok takes the call down.",
			"In the main meeting (`main`, `assigned`, `returning`), the `hangUpBreakout` action gets `unexpectedInput` when no breakout call is up at all, and is taken, with no effects, when every call that is up is already being hung up.",
		},
	},
	rule.R21: {
		title:   "Always a way back",
		summary: "From every state but left, the main meeting can be reached.",
		text: []string{
			"Whatever state the participant is in, `left` apart, some series of inputs takes it back to the main meeting (`main` or `assigned`). It is checked on the table's graph when the table is built (a state with no way home is an error of the table), and by the property tests on the running engine.",
		},
		noRows: "R21 is a property of the whole table, not of one input: validation checks it on the graph of every row when the table is built.",
	},
	rule.R22: {
		title:   "Leaving the meeting",
		summary: "leaveMeeting or meetingEnded: left; every call still up is hung up, every timer cancelled; left refuses everything with participantLeft.",
		text: []string{
			"`leaveMeeting` or `meetingEnded`, in any state but `left`: position `left`. Effects: `hangUpBreakout` for each breakout call that is up with no hang-up in flight (in §3's order), then `hangUpMain` unless the main call is hung up already (a hang-up in flight counts: no call is hung up twice); all timers are cancelled and all notifications withdrawn.",
			"Nothing leaves `left`: any input after it, well-formed or not, gets `participantLeft`, checked before anything else.",
		},
	},
	rule.R23: {
		title:   "The list of all rooms",
		summary: "The list of all rooms is kept for managers; an attendee's is read and ignored.",
		text: []string{
			"A `breakoutRooms` event (the list of every room, with their invitees) is kept for a manager, who may list rooms and invitees. An attendee never receives it from the SDK; if one arrives it is read (an unreadable one is refused, R24) and ignored. Either way there are no effects.",
		},
	},
	rule.R24: {
		title:   "Input that cannot be read or taken",
		summary: "Unreadable SDK events are 46258 naming the field; unknown actions or ops are unknownInput; inputs the state cannot take are unexpectedInput.",
		text: []string{
			"SDK events the reader cannot make sense of are refused with 46258, with nothing changed. That covers an event that is no JSON object; `type` absent or not one the SDK sends; a room whose `threadId` is missing or empty, or whose `state` is missing or neither `open` nor `closed`; any field holding the wrong JSON type; a known field that appears twice; a `join` whose `id` is not a non-empty string; and a `roomEndTime` in none of its forms. The error message gives the JSON path of the offending field (`data.state`, `data.invitees[2].identifier`) and what is wrong with it; [TRACE.md](TRACE.md#sdk-events) has every shape.",
			"Input the engine does not recognise gets `unknownInput`: an action or outcome op it has no name for, a trace line that cannot be read ([TRACE.md](TRACE.md#refused-lines)), a time earlier than the last input's, a timer's input given directly instead of by a tick, or a Go `Input` carrying fields that do not fit its kind or that `DecodeEvent` could not have produced.",
			"A well-formed input that the state cannot take is refused with `unexpectedInput`: an outcome with nothing of its kind (and `threadId`, when named) in flight, `join` while `returning` (R5), the SDK's `join` event with no open room assigned (R10), and the other refusals the rules name.",
		},
	},
	rule.R25: {
		title:   "Every refusal says why",
		summary: "Each refusal and each failure report carries the rule behind it, and the guard when a guard refused.",
		text: []string{
			"Every refusal and every failure report is an error that names the rule that produced it (`Rule`: `R15`), and, where a guard refused, the guard (`Guard`: `returnAllowed`), so that \"why not?\" always has an answer. The trace format writes the rule (`\"rule\":\"R15\"`); the readable replay table and `breakoutfsm explain` show the guard too.",
		},
		noRows: "R25 is a property of every refusal and report, not of one input: each row that refuses or reports carries its own rule, and the tests check that every one names it.",
	},
}

// decision is one of the v2.3 decisions (C1–C8): a place where the rules
// could be read two ways, and how they are read. Each is written into the
// text of the rules it decides; a test checks that.
type decision struct {
	id    string
	rules []errcodes.Rule
	text  string
}

var decisions = []decision{
	{"C1", []errcodes.Rule{rule.R13}, "When R13's join connects, `breakoutRoomJoined` is shown for the new room although it was showing for the old one; nothing is dismissed."},
	{"C2", []errcodes.Rule{rule.R7, rule.R12}, "R7 abandons only a join still `joining`. A hold that fails after its join connected is reported and makes the main call count as connected, so a return brings nothing back (no `resumeMain`, no `rejoinMain`); a failed hold of an abandoned earlier join is just reported."},
	{"C3", []errcodes.Rule{rule.R18}, "An ok left over from an earlier `resumeMain` or `rejoinMain` does not end the return as long as the main call is not connected."},
	{"C4", []errcodes.Rule{rule.R12, rule.R14, rule.R15, rule.R16}, "Returning hangs up each breakout call that is up with no hang-up in flight, in §3's order, so that the participant ends up in no room."},
	{"C5", []errcodes.Rule{rule.R13}, "`hangUpPrevious` hangs up each breakout call that is up, not the current room's and with no hang-up in flight, oldest first, including one whose hang-up failed."},
	{"C6", []errcodes.Rule{rule.R15}, "The `resumeMain` action while any resume is in flight is `unexpectedInput`."},
	{"C7", []errcodes.Rule{rule.R17}, "`returnToMainMeeting` in the main meeting, main call connected, no breakout call up: accepted with no effects while a hang-up or resume is in flight, 46262 otherwise."},
	{"C8", []errcodes.Rule{rule.R5}, "The engine caps the breakout calls it tracks at 8, counting only those whose hang-up failed; a join beyond the cap gets `unexpectedInput`, with the cap in the message."},
}
