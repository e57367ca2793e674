package meeting_test

import "testing"

// Golden scenarios; each names the part of docs/RULES.md it plays.

func TestSection6_OpenAllRoomsFansOutInJoinOrder(t *testing.T) {
	runScenario(t, "section6_open_all_fan_out.txt")
}

func TestSection6_CloseAllReturnsEveryone(t *testing.T) {
	runScenario(t, "section6_close_all_returns_everyone.txt")
}

func TestSection6_ReassignWhileRoomsAreOpen(t *testing.T) {
	runScenario(t, "section6_reassign_while_open.txt")
}

func TestSection6_TimeLimitSetsRoomEndTime(t *testing.T) { runScenario(t, "section6_time_limit.txt") }

func TestSection6_RefusalsChangeNothing(t *testing.T) { runScenario(t, "section6_refusals.txt") }

func TestR23_ManagersReceiveRoomListWithInvitees(t *testing.T) { runScenario(t, "r23_room_list.txt") }
