package docs

import (
	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
)

// ruleSummaries says, in a line each, what every rule of the behaviour of
// record asks for. The full text lives with the project's behaviour of record;
// these lines are for the rule index.
var ruleSummaries = map[errcodes.Rule]string{
	rule.R1:  "Outside a Teams meeting every input is refused with 46250; with the feature disabled, with 46251 (checked first). The machine stays in main.",
	rule.R2:  "An assignment to a closed room makes the position assigned, with no call effect.",
	rule.R3:  "An open room with auto-move notifies Opened and schedules autoMove (3000 ms); when it fires: holdMain, then joinBreakout.",
	rule.R4:  "An open room without auto-move notifies OpenedPromptJoin; nothing moves until join.",
	rule.R4a: "The same room again changes nothing; new display name or invitees update facts; auto-move switched on acts as R3, off cancels autoMove and prompts.",
	rule.R5:  "join is checked in order: left, no assignment (46260), room not open (46256), already there (alreadyInRoom), returning (unexpectedInput); then holdMain unless on hold, joinBreakout. A bound on tracked calls counts only calls whose hang-up failed, is at least 8 and is named in the refusal (C8).",
	rule.R6:  "A failed breakout join from the main meeting: back to assigned, 46254, resumeMain if the main call is on hold; auto-move is not re-armed.",
	rule.R7:  "A failed hold while joining abandons the join: 46255, hangUpBreakout, assigned; the user may join again. After the join connected, or for a given-up join's hold, the failure is only reported and the main call counts as connected (C2).",
	rule.R8:  "Room closed or assignment removed while assigned cancels autoMove; while joining, the join is undone (hang up, resume); a new open room is then treated as R3/R4.",
	rule.R9:  "The breakout join connects: in_room, Joined; an attendee's main call is hung up, a manager's stays held.",
	rule.R9a: "A failed main hang-up is mainHangUpFailed: the attendee stays in the room with its main call held, and its return resumes it.",
	rule.R10: "The SDK's own join event is followed into joining without call effects; it only records the call id when already joining or in that room.",
	rule.R11: "Settings record the return flag and end time: closingSoon at end - 30 s (or at once), roomEnd at end + grace; repeats emit nothing; undefined settings clear both timers.",
	rule.R12: "Room closed, unassigned, or roomEnd fired while in the room: returning, Closed, hangUpBreakout then rejoinMain (attendee) or resumeMain (manager); no guard. Every other breakout call still up is hung up too, in §3's order (C4).",
	rule.R13: "Re-assigned to another open room while in a room: Changed (or ChangedPromptJoin) and autoMove; join without holdMain; once connected, Joined is notified for the new room (C1) and hangUpPrevious hangs up every other call still up after 5000 ms, oldest first (C5).",
	rule.R14: "Re-assigned to a closed room while in a room: return as in R12.",
	rule.R15: "returnToMainMeeting (and the manual hang-up) is allowed only when disableReturnToMainMeeting is exactly false; else returnDisabled. The manual resume has its own checks, and is unexpectedInput while a resume is in flight (C6).",
	rule.R16: "A voluntary return while the room is open sets returnedEarly: auto-move does not pull the participant back until a close and reopen, or another assignment.",
	rule.R17: "returnToMainMeeting already in the main meeting with nothing to redo is 46262 (re-thrown as 46261); with a hang-up or resume in flight it is accepted with no effects (C7).",
	rule.R18: "Main call rejoined or resumed: main, or assigned, once the main call is connected (a stale outcome keeps the participant returning, C3); an open auto-move assignment that arrived while returning is scheduled now.",
	rule.R19: "A failed resume (46257) or rejoin (46261) keeps the participant returning; returnToMainMeeting re-issues what is missing.",
	rule.R20: "A failed breakout hang-up is 46263; the call stays up and a retry is allowed; hangUpBreakout with no call up is unexpectedInput.",
	rule.R21: "From every state but left, the main meeting can be reached.",
	rule.R22: "leaveMeeting or meetingEnded: left; every call still up is hung up, every timer cancelled; left refuses everything with participantLeft.",
	rule.R23: "The list of all rooms is kept for managers; an attendee's is read and ignored.",
	rule.R24: "Unreadable SDK events are 46258 naming the field; unknown actions or ops are unknownInput; inputs the state cannot take are unexpectedInput.",
	rule.R25: "Every refusal and failure report names its rule, and its guard where one refused.",
}
