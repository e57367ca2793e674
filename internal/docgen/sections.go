package docgen

// section is a numbered section of the rulebook (RULES.md) other than the
// rules themselves (§4). The code cites them by number ("§3's order") or by
// anchor (docs/RULES.md#effects). Its text follows the conventions of
// ruleText.text.
type section struct {
	number string // "§3"
	anchor string // "effects": RULES.md#effects
	title  string
	text   []string
}

// The sections before the rules (§1–§3) and after them (§5–§7). The trace
// format (§7) is written out in TRACE.md; its section here points there.
var (
	sectionsBefore = []section{
		{
			number: "§1", anchor: "participant", title: "The participant and what it keeps",
			text: []string{
				"A *participant machine* follows one participant's client through the breakout rooms of one Teams meeting: its position, the state of its calls, and the work its host must do next. It is a pure step: the host gives it every input with the time it happened, and it answers with the new state, the effects for the host to carry out, and at most one error (§3). The *meeting* level (§6) holds many participant machines, and the rooms and settings the organizer's side controls.",
				"The *position* is what every user sees, one of six: `main` (in the main meeting, no room assigned), `assigned` (in the main meeting, a room assigned), `joining` (on the way into a breakout room), `in_room`, `returning` (on the way back to the main meeting) and `left` (gone for good). The machine keeps a finer *state*, and the position always follows from it:",
				"- `main`, `assigned`, `joining`, `in_room`, `returning` and `left` are their own positions;",
				"- `reassigned` is `in_room`: in a room, with another open room assigned and not joined yet (R13);",
				"- `switching` is `joining`: in a room, while the join of the newly assigned room is in flight (R13);",
				"- `unavailable` is `main`: the call has no breakout rooms, and every input is refused (R1).",
				"Besides its state, the machine keeps these facts:",
				"- its *role*: `manager` for a Microsoft 365 user who organizes the meeting, co-organizes it or is named a breakout-room manager, `attendee` for everyone else (every ACS identity among them). The roles differ in what happens to the main call (R9), how it comes back (R12, R15, R18) and who keeps the list of rooms (R23);",
				"- the *assigned room*, if any, as the last `assignedBreakoutRooms` event gave it: its `threadId` (the room's identity), `displayName`, `state` (`open` or `closed`), `autoMoveParticipantToBreakoutRoom` (absent counts as false: nobody is moved) and `invitees`;",
				"- the *settings* of the breakout call in force: `disableReturnToMainMeeting` and `roomEndTime` (R11). A return needs settings that permit it: `disableReturnToMainMeeting` missing is taken as true (R15). Settings go with one breakout call: a join from the main meeting and a return both start without any, they are taken only while `joining` or in a room, and elsewhere they are checked for readability (R24) and dropped. During a re-assigned join the old room's settings keep applying, and new ones wait for the new call (R13);",
				"- the *notifications* showing: shown and not withdrawn yet (§3);",
				"- the *main call*: `connected`, `holding` (a `holdMain` is on its way), `held`, `hungUp`, `resuming` or `rejoining`, with the effects on it still in flight, counted by kind. Rejoining replaces it with a new call;",
				"- the *breakout calls*: zero, one, or for a while several (R13, and calls left up by a failed hang-up, R20), each named by its room's `threadId`, and each connecting, connected or being hung up. A breakout call counts as *up* once its join is issued, and stops being up when a hang-up of it succeeds or its join fails; while a hang-up is in flight it is still up;",
				"- `returnedEarly`: set when the participant walked out of a room that was still open (R16);",
				"- the *timers* pending, each at most once: `autoMove` (R3, R13), `hangUpPrevious` (R13), `closingSoon` and `roomEnd` (R11);",
				"- its *config*: the role, whether the call is a Teams meeting, whether the feature is enabled (R1), and three delays: auto-move (3000 ms by default), the hang-up of a previous room's call (5000 ms) and the grace after a room's end time (5000 ms).",
			},
		},
		{
			number: "§2", anchor: "inputs", title: "Inputs",
			text: []string{
				"Every input comes with `now`, the time it happened. No clock is consulted by the engine, and time only moves forward: an input earlier than the one before it is refused with `unknownInput` (R24). There are five kinds of input.",
				"*SDK events*: the objects the SDK's `breakoutRoomsUpdated` listener receives, each with a `type` and its `data`:",
				"- `assignedBreakoutRooms`: data is the room assigned to the participant (a BreakoutRoom), or undefined when none is assigned any more;",
				"- `breakoutRoomsSettings`: data is the settings of the breakout call (`disableReturnToMainMeeting`, `roomEndTime`), or undefined;",
				"- `breakoutRooms`: data is the list of every room (an array of BreakoutRoom), or undefined;",
				"- `join`: data is the breakout call the SDK joined, of which only its `id`, a non-empty string, is read.",
				"`data` that is absent or `null` is undefined. The singular spellings `assignedBreakoutRoom` and `breakoutRoomSettings`, those of the interface listings in Microsoft's original breakout-rooms how-to, are accepted as aliases; the engine writes the SDK's plural names. A `roomEndTime` is an RFC 3339 date-time string whose offset may be left out (meaning UTC), `{\"attemptTimestamp\": n}` (n milliseconds after 1970-01-01T00:00:00Z), or `{\"deltaTimeInMs\": n}` (n milliseconds after the event); n is a non-negative number, and a fraction of a millisecond is dropped. `\"\"`, absent, and either object with `\"\"` for n mean no end time. The exact shapes, field by field, and what makes an event unreadable (46258), are in [TRACE.md](TRACE.md#sdk-events).",
				"*User actions*: `join` (the SDK's `BreakoutRoom.join()`), `returnToMainMeeting`, `hangUpBreakout` and `resumeMain` (the two steps of the manual recipe, R15), and `leaveMeeting`.",
				"*Outcomes* of the call effects the host carried out, each ok or failed: `holdMain`, `joinBreakout` (ok: the breakout call connected), `hangUpMain`, `hangUpBreakout`, `resumeMain`, `rejoinMain`. An outcome answers the oldest effect of its kind still in flight. A `joinBreakout` or `hangUpBreakout` outcome may name a `threadId`, and then answers the oldest such effect for that room. An outcome answers an effect even when the participant has given up what it was for (a join undone, say): the host reports every effect it carried out. An outcome with nothing of its kind in flight is refused with `unexpectedInput` (R24).",
				"*Time*: a `tick` fires every timer due at `now` (due at or before it), one at a time, earliest first; timers due at the same instant fire in the order `autoMove`, `hangUpPrevious`, `closingSoon`, `roomEnd`. If one timer's row cancels another due in the same tick, the cancelled one is skipped. Each timer goes through the table as an input of its own (`autoMoveDue`, `hangUpPreviousDue`, `closingSoonDue`, `roomEndDue`; a host cannot give these directly), and the tick's result holds the effects of all of them together (§3). A timer whose row refuses (a join over a bound, R5) is used up and changes nothing else. A tick with nothing due is taken with no effects. The host ticks when the earliest pending timer falls due (`Machine.NextDue`).",
				"*The end of the meeting*: `meetingEnded` (R22).",
			},
		},
		{
			number: "§3", anchor: "effects", title: "Results, effects and their order",
			text: []string{
				"Every input gets a result: the new state (and so the position), an ordered list of effects, and no error or exactly one.",
				"- A *refusal*: the input is not taken. State, facts, timers and notifications stay exactly as they were, and there are no effects. Its error says why, naming the rule (R25).",
				"- A *failure report*: an outcome with ok false, taken. Its error is always there (46254, 46255, 46257, 46261, 46263 or `mainHangUpFailed`), also when the effect it answers belongs to a join already given up or already connected; what else it changes is up to its rule (R6, R7, R9a, R13, R19, R20).",
				"- Every other input that is taken has no error.",
				"The effects are of three kinds:",
				"- *call effects*, for the host to carry out and answer with an outcome (§2): `holdMain`, `joinBreakout(threadId)`, `hangUpMain`, `hangUpBreakout(threadId)`, `resumeMain`, `rejoinMain`;",
				"- *timer effects*: `schedule(timer, at)` and `cancel(timer)`, for the host's own timers (it ticks when one falls due);",
				"- *notification effects*: `notify(target)` shows a notification and `dismiss(target)` withdraws it. The targets are those of Microsoft's UI library: `assignedBreakoutRoomOpened`, `assignedBreakoutRoomOpenedPromptJoin`, `assignedBreakoutRoomChanged`, `assignedBreakoutRoomChangedPromptJoin`, `assignedBreakoutRoomClosed`, `breakoutRoomJoined`, `breakoutRoomClosingSoon`.",
				"Within one result the effects come in this order:",
				"1. the `cancel`s, in timer order (`autoMove`, `hangUpPrevious`, `closingSoon`, `roomEnd`);",
				"2. the call effects, as the rule orders them. When one input hangs up several calls, the breakout call of a join under way goes first, the current room's next, calls of earlier rooms after it from the oldest, and the main call at the very end;",
				"3. the `schedule`s, in timer order;",
				"4. the `dismiss`es, in the order of the target list above;",
				"5. the `notify`s, in the order the input showed them.",
				"For timers and notifications, the effects report the difference between before and after the whole input (a tick included), not every step in between:",
				"- a timer pending before and not after is cancelled, unless it fired; a timer moved to a new time is a `cancel` then a `schedule`; one armed again for the time it already had gives nothing; one armed and disarmed within the input gives nothing; one that fired and was armed again is scheduled;",
				"- a notification showing before and not after is dismissed; one the input shows is notified if it still shows after the input and was not showing before. A notification already showing is not shown again, except the one decision C1 names (R13).",
				"When each notification is withdrawn, following Microsoft's UI library:",
				"- the prompts (`assignedBreakoutRoomOpened`, `…OpenedPromptJoin`, `…Changed`, `…ChangedPromptJoin`) go as soon as a join starts;",
				"- in the main meeting they also go when the assigned room closes before the participant got in, when the assignment is removed, and when the room assigned is a closed one;",
				"- `assignedBreakoutRoomChanged` and `…ChangedPromptJoin` go when the room assigned again is the one the participant is in;",
				"- the room's own notifications, `breakoutRoomJoined` and `breakoutRoomClosingSoon`, go when the participant leaves the room, and when a join started in the main meeting fails or is abandoned;",
				"- R13's join connecting leaves the old room, and `breakoutRoomJoined` is shown anew for the new one (decision C1);",
				"- `assignedBreakoutRoomClosed` goes on arrival in the main meeting;",
				"- in `left`, none remains.",
			},
		},
	}

	sectionsAfter = []section{
		{
			number: "§5", anchor: "errors", title: "Errors",
			text: []string{
				"Every refusal and failure report is one `*errcodes.Error`. It carries either one of the SDK's breakout-room subcodes, with the SDK's HTTP code, result category and message, or one of the project's kinds, which carry none of those. Both name the rule (R25); [errors.md](errors.md) (or `breakoutfsm codes`) lists every subcode and kind with its resolution.",
				"The error table covers all subcodes of SDK 2.0.0; their HTTP codes: 46250 (400), 46251 (405), 46252 and 46253 (422: an unknown event name on subscribe and unsubscribe), 46254 and 46255 (500), 46256, 46257 and 46258 (412), 46259 (500), and 46260, 46261, 46262 and 46263 (412). The engine reports 46250 and 46251 (R1), 46254 (R6, R13), 46255 (R7), 46256 and 46260 (R5), 46257 (R15, R19), 46258 (R24), 46261 (R19, and as the wrapper below), 46262 (R17) and 46263 (R20). It never reports 46252 and 46253 (it subscribes to nothing) nor 46259, the subcode Microsoft's troubleshooting table gives a failed breakout hang-up, which SDK 2.0.0 never raises (it raises 46263).",
				"The project's kinds cover what no SDK subcode names, and never reuse a subcode: `returnDisabled` (R15), `alreadyInRoom` (R5), `participantLeft` (R22), `unknownInput` (R24), `unexpectedInput` (R24 and the rules that name it), `mainHangUpFailed` (R9a).",
				"The SDK's `returnToMainMeeting()` re-throws every failure inside it as 46261. The engine keeps the specific subcode and marks the wrapping: the error's subcode is the specific one, `errors.Is(err, errcodes.ReturnToMainMeetingFailed)` matches too, and the trace format writes `\"wrappedBy\":46261` (the readable replay table writes `46257 (as 46261)`). This applies to:",
				"- 46262, when `returnToMainMeeting` is asked for in the main meeting with nothing to do (R17);",
				"- 46257, when the `resumeMain` that failed was issued by a return: R12, R14, R15's `returnToMainMeeting`, R16's return while joining, R19's retry.",
				"It does not apply to 46257 for a `resumeMain` that undid a join (R6, R8), nor for the manual recipe's `resumeMain` action (R15): those are plain 46257. A failed `rejoinMain` is 46261 itself, with nothing wrapped. Each resume in flight remembers whether a return issued it, however many are in flight.",
			},
		},
		{
			number: "§6", anchor: "meeting", title: "The meeting",
			text: []string{
				"A meeting (package `lifecycle/meeting`) has room for 50 breakout rooms and 300 participants present at once, Teams' own limits, both configurable, with a participant machine for each participant. On the organizer's side, rooms are created and removed, opened and closed singly or all together; participants are assigned, moved to another room or unassigned, open rooms or not; and the time limit, auto-move and \"participants can return\" are set. These operations are for managers: an attendee who tries one is refused, and nothing changes.",
				"The meeting translates every change into the SDK events that reach the participant machines it concerns (`assignedBreakoutRooms`, `breakoutRoomsSettings`, and for managers `breakoutRooms`), in a deterministic order: participants in the order they joined, rooms in the order they were created. Participants' own inputs (actions, outcomes, ticks) go to their machine as they are.",
				"These invariants hold after every step:",
				"- no participant is in two rooms;",
				"- once the returns are over, no room that is closed has anyone in it (until then, a participant of a closed room is at most `returning`);",
				"- when the main meeting ends, every room is closed;",
				"- a room's invitees and the participants assigned to it are the same set, in the meeting's records, in what each participant was sent, and in each manager's list;",
				"- the limits hold, and so do the invariants of every participant machine.",
				"The package documentation of `lifecycle/meeting` gives the order of deliveries to one participant and the decisions taken where the rules are silent. Two of Microsoft's own behaviours are not copied. Microsoft's newer documentation has managers removed from the main meeting after a while; the engine holds a manager's main call and resumes it, which is what SDK 2.0.0's code does. The mobile banner of the UI library lets a participant return when `disableReturnToMainMeeting` is missing; the engine sides with the desktop control bar and the SDK, which do not (R15).",
			},
		},
		{
			number: "§7", anchor: "trace", title: "The trace format",
			text: []string{
				"A trace is one participant's inputs as JSON Lines, the input of `breakoutfsm replay`; `replay --json` prints one result line per input line. Both are a public contract, stated in full in [TRACE.md](TRACE.md).",
			},
		},
	}
)
