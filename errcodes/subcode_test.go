package errcodes

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sdkRow is the SDK's table as transcribed independently for the tests (from
// sdk-2.0.0-facts.md §a.1 and docs/RULES.md#errors).
type sdkRow struct {
	key      string
	code     int
	category Category
	thrown   bool
}

var wantSDK = map[Subcode]sdkRow{
	46250: {"ONLY_AVAILABLE_IN_MEETINGS", 400, ExpectedError, true},
	46251: {"DISABLED", 405, ExpectedError, true},
	46252: {"EVENT_SUBSCRIBE", 422, ExpectedError, false},
	46253: {"EVENT_UNSUBSCRIBE", 422, ExpectedError, false},
	46254: {"JOIN_FAILED", 500, UnexpectedServerError, true},
	46255: {"MAINMEETING_HOLD_FAILED", 500, UnexpectedServerError, true},
	46256: {"JOIN_FAILED_ROOM_CLOSED", 412, ExpectedError, true},
	46257: {"MAINMEETING_RESUME_FAILED", 412, UnexpectedServerError, true},
	46258: {"BREAKOUT_ROOMS_UPDATEFAILED", 412, UnexpectedClientError, true},
	46259: {"BREAKOUT_ROOM_HANGUP_FAILED", 500, UnexpectedServerError, false},
	46260: {"BREAKOUT_ROOM_URL_DOESNOT_EXIST", 412, UnexpectedClientError, true},
	46261: {"RETURN_TO_MAINMEETING_FAILED", 412, UnexpectedClientError, true},
	46262: {"ALREADY_IN_MAINMEETING", 412, ExpectedError, true},
	46263: {"HANGUP_EXISTING_BREAKOUT_ROOM_FAILED", 412, UnexpectedClientError, true},
}

func TestEverySubcodeHasItsRow(t *testing.T) {
	all := allSubcodes()
	require.Len(t, all, len(wantSDK))
	for n := 46250; n <= 46263; n++ {
		s := Subcode(n)
		want := wantSDK[s]
		info, ok := lookup(s)
		require.Truef(t, ok, "lookup(%d)", n)
		assert.Equal(t, s, info.Subcode)
		assert.Equal(t, want.key, info.Key, "key of %d", n)
		assert.Equal(t, want.code, info.Code, "HTTP code of %d", n)
		assert.Equal(t, want.category, info.Category, "category of %d", n)
		assert.Equal(t, want.thrown, info.Thrown, "thrown of %d", n)
		assert.NotEmpty(t, info.Message, "message of %d", n)
		assert.NotEmpty(t, info.Resolution, "resolution of %d", n)
		assert.NotEqual(t, info.Message, info.Resolution, "resolution of %d repeats the message", n)
		assert.NotEmpty(t, info.Note, "note of %d", n)
		assert.Equal(t, s, all[n-46250], "AllSubcodes order")
	}
}

func TestNamedSubcodeConstants(t *testing.T) {
	named := map[Subcode]string{
		OnlyAvailableInMeetings:      "ONLY_AVAILABLE_IN_MEETINGS",
		Disabled:                     "DISABLED",
		EventSubscribe:               "EVENT_SUBSCRIBE",
		EventUnsubscribe:             "EVENT_UNSUBSCRIBE",
		JoinFailed:                   "JOIN_FAILED",
		MainMeetingHoldFailed:        "MAINMEETING_HOLD_FAILED",
		JoinFailedRoomClosed:         "JOIN_FAILED_ROOM_CLOSED",
		MainMeetingResumeFailed:      "MAINMEETING_RESUME_FAILED",
		UpdateFailed:                 "BREAKOUT_ROOMS_UPDATEFAILED",
		BreakoutHangUpFailed:         "BREAKOUT_ROOM_HANGUP_FAILED",
		URLDoesNotExist:              "BREAKOUT_ROOM_URL_DOESNOT_EXIST",
		ReturnToMainMeetingFailed:    "RETURN_TO_MAINMEETING_FAILED",
		AlreadyInMainMeeting:         "ALREADY_IN_MAINMEETING",
		HangUpExistingBreakoutFailed: "HANGUP_EXISTING_BREAKOUT_ROOM_FAILED",
	}
	require.Len(t, named, 14, "two constants share a value")
	for s, key := range named {
		assert.Equal(t, wantSDK[s].key, key, "constant %d", uint16(s))
	}
}

func TestAllInfoIsOrderedAndACopy(t *testing.T) {
	rows := allInfo()
	require.Len(t, rows, 14)
	for i, r := range rows {
		assert.Equal(t, Subcode(46250+i), r.Subcode)
	}
	rows[0].Message = "changed"
	info, _ := lookup(OnlyAvailableInMeetings)
	assert.NotEqual(t, "changed", info.Message, "AllInfo must not expose the table")
	codes := allSubcodes()
	codes[0] = 1
	assert.Equal(t, OnlyAvailableInMeetings, allSubcodes()[0])
}

func TestLookupOutsideTheTable(t *testing.T) {
	for _, s := range []Subcode{0, 46249, 46264, 65535} {
		_, ok := lookup(s)
		assert.False(t, ok, "lookup(%d)", uint16(s))
		assert.False(t, s.valid())
	}
}

func TestSubcodeNamesRoundTrip(t *testing.T) {
	for _, s := range allSubcodes() {
		info, _ := lookup(s)
		assert.Equal(t, strconv.Itoa(int(s))+" "+info.Key, s.Error())

		byNumber, ok := parseSubcode(strconv.Itoa(int(s)))
		assert.True(t, ok)
		assert.Equal(t, s, byNumber)
		byKey, ok := parseSubcode(info.Key)
		assert.True(t, ok)
		assert.Equal(t, s, byKey)

		assert.Equal(t, s.Error(), fmt.Sprint(s), "fmt prints the same name")
	}
	assert.Equal(t, "Subcode(46264)", Subcode(46264).Error())
	assert.Equal(t, "Subcode(7)", Subcode(7).Error())
	assert.Equal(t, "46256", fmt.Sprintf("%d", JoinFailedRoomClosed))
	for _, bad := range []string{"", "0", "46249", "46264", "70000", "-46250", "join_failed", "46256 JOIN_FAILED_ROOM_CLOSED"} {
		s, ok := parseSubcode(bad)
		assert.False(t, ok, "ParseSubcode(%q)", bad)
		assert.Zero(t, s, "ParseSubcode(%q)", bad)
	}
}

func TestSubcodeMatchesItsCategory(t *testing.T) {
	// An error carrying the subcode matches the subcode's category; a bare
	// Subcode matches only itself.
	for s, want := range wantSDK {
		for _, c := range allCategories() {
			assert.Equal(t, c == want.category, errors.Is(newError(s, r1), c), "errors.Is(%v, %v)", s, c)
			assert.False(t, errors.Is(s, c), "errors.Is(%v, %v)", s, c)
		}
	}
	assert.False(t, errors.Is(newError(Subcode(46264), r1), ExpectedError))
	assert.False(t, errors.Is(newError(JoinFailed, r1), categoryInvalid))
}

// The SDK's messages are facts and kept verbatim; the resolutions must be
// this project's own words, not those of Microsoft's troubleshooting table.
func TestResolutionsAreOurOwnWords(t *testing.T) {
	troubleshootingPhrases := []string{
		"Implement your own breakout room mechanism",
		"Try the APIs in a couple of days",
		"Follow the instructions defined in the section",
		"is having the details of the assigned breakout room",
		"call `breakoutRoomsFeature.assignedBreakoutRoom.join()` method explicitly",
		"Gather browser console logs and contact Azure Communication Services support.",
	}
	for _, info := range allInfo() {
		for _, p := range troubleshootingPhrases {
			assert.NotContains(t, strings.ToLower(info.Resolution), strings.ToLower(p), "resolution of %v", info.Subcode)
		}
	}
}

// factsFile finds the reference file of SDK facts, which lives outside the
// module; the test is skipped where it is not present.
func factsFile(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("BREAKOUTFSM_SDK_FACTS")}
	for dir := "."; ; dir = filepath.Join(dir, "..") {
		abs, err := filepath.Abs(dir)
		if err != nil || abs == "/" || len(candidates) > 8 {
			break
		}
		candidates = append(candidates, filepath.Join(abs, "shared", "reference", "sdk-2.0.0-facts.md"))
	}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if _, err := os.Stat(c); err == nil {
			return c
		}
	}
	t.Skip("sdk-2.0.0-facts.md not found (set BREAKOUTFSM_SDK_FACTS)")
	return ""
}

func TestTableAgreesWithTheSDKFacts(t *testing.T) {
	data, err := os.ReadFile(factsFile(t))
	require.NoError(t, err)
	row := regexp.MustCompile(`(?m)^\| ([A-Z_]+) \| (\d+) \| (\d+) \| (\w+) \| "(.*)" \| (.*) \|$`)
	matches := row.FindAllStringSubmatch(string(data), -1)
	require.Len(t, matches, 14, "rows of table a.1")
	for _, m := range matches {
		n, _ := strconv.Atoi(m[3])
		info, ok := lookup(Subcode(n))
		require.True(t, ok, "subcode %s", m[3])
		code, _ := strconv.Atoi(m[2])
		assert.Equal(t, m[1], info.Key, "key of %d", n)
		assert.Equal(t, code, info.Code, "code of %d", n)
		assert.Equal(t, m[4], info.Category.Error(), "category of %d", n)
		assert.Equal(t, m[5], info.Message, "message of %d must be the SDK's, verbatim", n)
		assert.Equal(t, !strings.HasPrefix(m[6], "**no**"), info.Thrown, "thrown of %d", n)
	}
}
