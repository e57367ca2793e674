package lifecycle_test

import "testing"

// Each test below names the rule of docs/RULES.md it checks; the golden
// scenario it plays holds the inputs and the expected position, effects and
// error after each one.

// R1: not a Teams meeting (46250), feature disabled (46251, checked first).
func TestR1_FeatureDisabledRefusesEverything(t *testing.T) {
	runScenario(t, "r01_feature_disabled.txt")
}
func TestR1_NotTeamsMeetingRefusesEverything(t *testing.T) { runScenario(t, "r01_not_teams.txt") }

func TestR2_ClosedRoomAssignsWithoutCallEffects(t *testing.T) { runScenario(t, "r02_closed_room.txt") }

// R3 and R9 for an attendee.
func TestR3_OpenRoomWithAutoMoveMovesAfterDelay(t *testing.T) { runScenario(t, "r03_auto_move.txt") }

// R4, with R5 and R9 for a manager.
func TestR4_OpenRoomWithoutAutoMovePromptsJoin(t *testing.T) { runScenario(t, "r04_prompt_join.txt") }

func TestR4a_SameRoomAgain(t *testing.T) { runScenario(t, "r04a_same_room_again.txt") }

func TestR5_JoinIsCheckedInOrder(t *testing.T) { runScenario(t, "r05_join_order.txt") }

func TestR6_JoinFailedFromMainResumesMain(t *testing.T) { runScenario(t, "r06_join_failed.txt") }

func TestR7_HoldFailedAbandonsJoin(t *testing.T) { runScenario(t, "r07_hold_failed.txt") }

func TestR8_CloseWhileAssignedOrJoining(t *testing.T) {
	runScenario(t, "r08_close_while_assigned_or_joining.txt")
}
func TestR8_ReassignedWhileJoining(t *testing.T) { runScenario(t, "r08_reassigned_while_joining.txt") }

// R9: an attendee's main call is hung up once the join connects (r03), a manager's stays held (r04).
func TestR9_AttendeeHangsUpManagerHolds(t *testing.T) {
	runScenario(t, "r03_auto_move.txt")
	runScenario(t, "r04_prompt_join.txt")
}

func TestR9a_MainHangUpFailedResumesOnReturn(t *testing.T) {
	runScenario(t, "r09a_main_hangup_failed.txt")
}
func TestR9a_FailureAfterRejoinIsOnlyReported(t *testing.T) { runScenario(t, "r09a_after_rejoin.txt") }

func TestR10_SDKJoinedByItself(t *testing.T) { runScenario(t, "r10_sdk_joined_itself.txt") }

func TestR11_SettingsArmTimersAndRepeatsEmitNothing(t *testing.T) {
	runScenario(t, "r11_settings_timers.txt")
}
func TestR11_SettingsClearedAndClosingSoonAtOnce(t *testing.T) {
	runScenario(t, "r11_settings_cleared.txt")
}

func TestR12_RoomClosesWhileInRoom(t *testing.T)       { runScenario(t, "r12_room_closes.txt") }
func TestR12_RoomEndFiresWithNoCloseSeen(t *testing.T) { runScenario(t, "r12_room_end_manager.txt") }

func TestR13_ReassignedWithAutoMove(t *testing.T)     { runScenario(t, "r13_reassigned_auto.txt") }
func TestR13_ReassignedWithoutAutoMove(t *testing.T)  { runScenario(t, "r13_reassigned_prompt.txt") }
func TestR13_ChangeWhileNewJoinInFlight(t *testing.T) { runScenario(t, "r13_window_changes.txt") }
func TestR13_OldRoomEndsWhileNewJoinInFlight(t *testing.T) {
	runScenario(t, "r13_window_room_end.txt")
}
func TestR13_HangUpBreakoutTakesStrayCallsFirst(t *testing.T) { runScenario(t, "r13_stray_hangup.txt") }

func TestR14_ReassignedToClosedRoomReturns(t *testing.T) { runScenario(t, "r14_reassigned_closed.txt") }

func TestR15_ReturnGuard(t *testing.T)          { runScenario(t, "r15_return_guard.txt") }
func TestR15_ManualRecipeManager(t *testing.T)  { runScenario(t, "r15_manual_recipe_manager.txt") }
func TestR15_ManualRecipeAttendee(t *testing.T) { runScenario(t, "r15_manual_recipe_attendee.txt") }
func TestR15_HangUpWhileJoiningGivesUpJoin(t *testing.T) {
	runScenario(t, "r15_hangup_while_joining.txt")
}

func TestR16_ReturnedEarlyBlocksAutoMove(t *testing.T) { runScenario(t, "r16_returned_early.txt") }
func TestR16_ReturnWhileJoiningIsEarlyReturn(t *testing.T) {
	runScenario(t, "r16_return_while_joining.txt")
}

func TestR17_AlreadyInMainMeeting(t *testing.T) { runScenario(t, "r17_already_in_main.txt") }

func TestR18_AutoMoveAnnouncedWhileReturningStartsOnArrival(t *testing.T) {
	runScenario(t, "r18_back_in_main.txt")
}

func TestR19_RetryReissuesWhatIsMissing(t *testing.T) { runScenario(t, "r19_retry.txt") }

func TestR20_HangUpBreakoutFailedCanBeRetried(t *testing.T) { runScenario(t, "r20_hangup_failed.txt") }

func TestR22_LeaveHangsUpEverythingAndIsTerminal(t *testing.T) { runScenario(t, "r22_leave.txt") }

func TestR23_RoomListKeptForManagers(t *testing.T) { runScenario(t, "r23_room_list.txt") }

func TestR24_UnreadableAndUnknownInputs(t *testing.T) { runScenario(t, "r24_unreadable.txt") }

func TestR25_RefusalsNameRuleAndGuard(t *testing.T) { runScenario(t, "r25_why_not.txt") }

// §7: the trace format's own rules.
func TestTraceFormat(t *testing.T) { runScenario(t, "trace_format.txt") }

func TestR7_TwoHoldsInFlight(t *testing.T)               { runScenario(t, "r07_two_holds_in_flight.txt") }
func TestR7_StaleHoldFailureIsOnlyReported(t *testing.T) { runScenario(t, "r07_stale_hold_fails.txt") }
func TestR19_EachResumeFailureKeepsItsOwnWrapping(t *testing.T) {
	runScenario(t, "r19_resumes_in_flight.txt")
}

func TestR11_FarEndTimes(t *testing.T) { runScenario(t, "r11_far_end_times.txt") }

func TestR19_ReturnArrivesWhenTheMainCallIsConnectedAfterAll(t *testing.T) {
	runScenario(t, "r19_return_arrives_when_main_connected.txt")
}

// The decisions of behaviour v2.3 (C1-C8), one scenario each, named after the
// rule each decision is written into.

func TestR13_C1_JoinedIsNotifiedAgainForTheNewRoom(t *testing.T) {
	runScenario(t, "r13_c1_joined_renotified.txt")
}

func TestR7_C2_HoldFailureAfterTheJoinConnectedIsOnlyReported(t *testing.T) {
	runScenario(t, "r07_c2_hold_fails_after_join.txt")
}

func TestR18_C3_StaleResumeKeepsTheParticipantReturning(t *testing.T) {
	runScenario(t, "r18_c3_stale_resume_keeps_returning.txt")
}

func TestR12_C4_ReturnHangsUpEveryBreakoutCallStillUp(t *testing.T) {
	runScenario(t, "r12_c4_return_hangs_up_every_call.txt")
}

func TestR13_C5_HangUpPreviousHangsUpEveryNonCurrentCall(t *testing.T) {
	runScenario(t, "r13_c5_hang_up_previous_every_call.txt")
}

func TestR15_C6_ResumeMainWhileAResumeIsInFlightIsRefused(t *testing.T) {
	runScenario(t, "r15_c6_resume_while_resuming.txt")
}

func TestR17_C7_ReturnInMainWhileSomethingIsInFlightIsAccepted(t *testing.T) {
	runScenario(t, "r17_c7_return_while_in_flight.txt")
}

func TestR5_C8_OnlyCallsWhoseHangUpFailedCountTowardTheBound(t *testing.T) {
	runScenario(t, "r05_c8_call_bound.txt")
}
