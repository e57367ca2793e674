package errcodes

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewTakesItsFieldsFromTheTable(t *testing.T) {
	for _, info := range allInfo() {
		e := newError(info.Subcode, r5)
		assert.Equal(t, KindSDK, e.Kind)
		assert.Equal(t, info.Subcode, e.Subcode)
		assert.Equal(t, info.Code, e.Code)
		assert.Equal(t, info.Category, e.Category)
		assert.Equal(t, info.Message, e.Message)
		assert.Equal(t, info.Resolution, e.Resolution)
		assert.Equal(t, r5, e.Rule)
		assert.Empty(t, e.Guard)
		assert.Zero(t, e.WrappedBy)
		assert.NoError(t, e.Cause)
	}
	assert.NotSame(t, newError(JoinFailed, r6), newError(JoinFailed, r6), "New allocates")
}

func TestNewWithAnUnknownSubcode(t *testing.T) {
	var e *Error
	require.NotPanics(t, func() { e = newError(47000, r24) })
	require.NotNil(t, e)
	assert.Equal(t, KindSDK, e.Kind)
	assert.Equal(t, Subcode(47000), e.Subcode)
	assert.Zero(t, e.Code)
	assert.Equal(t, categoryInvalid, e.Category)
	assert.Equal(t, "unknown breakout-room subcode 47000", e.Message)
	assert.NotEmpty(t, e.Resolution)
	assert.Equal(t, "breakoutfsm: 47000 R24: unknown breakout-room subcode 47000", e.Error())
	assert.True(t, errors.Is(e, Subcode(47000)))
	assert.True(t, errors.Is(e, KindSDK))

	b, err := json.Marshal(e)
	require.NoError(t, err)
	assert.Equal(t, `{"subcode":47000,"code":0,"rule":"R24","message":"unknown breakout-room subcode 47000"}`, string(b))
	var back Error
	require.NoError(t, back.unmarshalJSON(b))
	assert.Equal(t, Subcode(47000), back.Subcode)
	assert.Equal(t, e.Message, back.Message)
}

func TestNewWrapped(t *testing.T) {
	e := newWrapped(AlreadyInMainMeeting, r17)
	assert.Equal(t, AlreadyInMainMeeting, e.Subcode)
	assert.Equal(t, ReturnToMainMeetingFailed, e.WrappedBy)
	assert.Equal(t, ExpectedError, e.Category, "the specific subcode's category, not 46261's")
	assert.Equal(t, 412, e.Code)

	self := newWrapped(ReturnToMainMeetingFailed, r19)
	assert.Zero(t, self.WrappedBy, "46261 does not wrap itself")
	assert.Equal(t, newError(ReturnToMainMeetingFailed, r19), self)
}

func TestNewKind(t *testing.T) {
	for _, k := range projectKinds() {
		e := newKind(k, r24, "")
		assert.Equal(t, k, e.Kind)
		assert.Zero(t, e.Subcode)
		assert.Zero(t, e.Code)
		assert.Equal(t, categoryInvalid, e.Category)
		assert.Equal(t, k.defaultMessage(), e.Message)
		assert.Equal(t, k.resolution(), e.Resolution)
		assert.Equal(t, r24, e.Rule)
	}
	e := newKind(UnknownInput, r24, `unknown action "dance"`)
	assert.Equal(t, `unknown action "dance"`, e.Message)
}

func TestWithMethodsCopy(t *testing.T) {
	base := newKind(ReturnDisabled, r15, "")
	guarded := base.withGuard("returnAllowed")
	assert.Equal(t, "returnAllowed", guarded.Guard)
	assert.Empty(t, base.Guard, "WithGuard must not change the original")

	cause := errors.New("network down")
	caused := guarded.withCause(cause)
	assert.Same(t, cause, caused.Cause)
	assert.Equal(t, "returnAllowed", caused.Guard)
	assert.NoError(t, guarded.Cause)

	renamed := caused.withMessage("not now")
	assert.Equal(t, "not now", renamed.Message)
	assert.Equal(t, base.Message, caused.Message)
	assert.Same(t, cause, renamed.Cause)

	var nilErr *Error
	assert.Nil(t, nilErr.withGuard("g"))
	assert.Nil(t, nilErr.withMessage("m"))
	assert.Nil(t, nilErr.withCause(cause))
}

func TestErrorString(t *testing.T) {
	cases := []struct {
		err  *Error
		want string
	}{
		{newError(JoinFailedRoomClosed, r5),
			"breakoutfsm: 46256 (412 ExpectedError) R5: Not able to join Breakout Room as the room is closed. Please check the state of the Breakout Room before calling join."},
		{newWrapped(AlreadyInMainMeeting, r17).withMessage("already there"),
			"breakoutfsm: 46262 (412 ExpectedError, wrapped by 46261) R17: already there"},
		{newKind(ReturnDisabled, r15, "").withGuard("returnAllowed"),
			"breakoutfsm: returnDisabled R15 [guard returnAllowed]: returning to the main meeting is not allowed by this breakout room's settings"},
		{newKind(MainHangUpFailed, r9a, "").withCause(errors.New("socket closed")),
			"breakoutfsm: mainHangUpFailed R9a: hanging up the main meeting call failed: socket closed"},
		{newKind(UnknownInput, ruleInvalid, "bad line"),
			"breakoutfsm: unknownInput: bad line"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, c.err.Error())
	}
	var nilErr *Error
	assert.Equal(t, "<nil>", nilErr.Error())
}

func TestErrorsIs(t *testing.T) {
	closed := newError(JoinFailedRoomClosed, r5)
	assert.True(t, errors.Is(closed, JoinFailedRoomClosed))
	assert.True(t, errors.Is(closed, ExpectedError))
	assert.True(t, errors.Is(closed, KindSDK))
	assert.False(t, errors.Is(closed, JoinFailed))
	assert.False(t, errors.Is(closed, UnexpectedServerError))
	assert.False(t, errors.Is(closed, ReturnToMainMeetingFailed))
	assert.False(t, errors.Is(closed, ReturnDisabled))

	// Through another wrapper, as a host would see it.
	wrapped := fmt.Errorf("step 4: %w", closed)
	assert.True(t, errors.Is(wrapped, JoinFailedRoomClosed))
	assert.True(t, errors.Is(wrapped, ExpectedError))

	// wrappedBy 46261: matches both subcodes, but only its own category.
	already := newWrapped(AlreadyInMainMeeting, r17)
	assert.True(t, errors.Is(already, AlreadyInMainMeeting))
	assert.True(t, errors.Is(already, ReturnToMainMeetingFailed))
	assert.True(t, errors.Is(already, ExpectedError))
	assert.False(t, errors.Is(already, UnexpectedClientError), "46261's category is not the error's")
	resume := newWrapped(MainMeetingResumeFailed, r19)
	assert.True(t, errors.Is(resume, ReturnToMainMeetingFailed))
	assert.True(t, errors.Is(resume, UnexpectedServerError))
	assert.False(t, errors.Is(newError(MainMeetingResumeFailed, r6), ReturnToMainMeetingFailed), "unwrapped 46257")

	// Project kinds.
	disabled := newKind(ReturnDisabled, r15, "").withGuard("returnAllowed")
	assert.True(t, errors.Is(disabled, ReturnDisabled))
	assert.False(t, errors.Is(disabled, KindSDK))
	assert.False(t, errors.Is(disabled, AlreadyInRoom))
	for _, c := range allCategories() {
		assert.False(t, errors.Is(disabled, c), "a project kind has no category (%v)", c)
	}

	// Zero values match nothing.
	assert.False(t, errors.Is(disabled, Subcode(0)), "a project kind's zero subcode")
	assert.False(t, errors.Is(disabled, categoryInvalid))
	assert.False(t, errors.Is(closed, Subcode(0)), "a zero WrappedBy")
	assert.False(t, errors.Is(&Error{}, kindInvalid))

	// *Error targets: kind and subcode, and the rule when the target names one.
	assert.True(t, errors.Is(closed.withMessage("other text"), newError(JoinFailedRoomClosed, ruleInvalid)))
	assert.True(t, errors.Is(closed, newError(JoinFailedRoomClosed, r5)))
	assert.False(t, errors.Is(closed, newError(JoinFailedRoomClosed, r8)))
	assert.False(t, errors.Is(closed, newError(JoinFailed, r5)))
	assert.True(t, errors.Is(disabled, newKind(ReturnDisabled, r15, "x")))
	assert.False(t, errors.Is(disabled, newKind(AlreadyInRoom, r15, "")))
	assert.False(t, errors.Is(closed, (*Error)(nil)))

	// The cause is part of the chain.
	withCause := newError(JoinFailed, r6).withCause(fs.ErrPermission)
	assert.True(t, errors.Is(withCause, fs.ErrPermission))
	assert.Same(t, fs.ErrPermission, errors.Unwrap(withCause))
}

func TestErrorsAs(t *testing.T) {
	var err error = fmt.Errorf("replay: %w", newWrapped(MainMeetingResumeFailed, r19).withGuard("g1"))
	var e *Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, KindSDK, e.Kind)
	assert.Equal(t, MainMeetingResumeFailed, e.Subcode)
	assert.Equal(t, 412, e.Code)
	assert.Equal(t, UnexpectedServerError, e.Category)
	assert.Equal(t, r19, e.Rule)
	assert.Equal(t, "g1", e.Guard)
	assert.Equal(t, ReturnToMainMeetingFailed, e.WrappedBy)

	err = fmt.Errorf("x: %w", newKind(AlreadyInRoom, r5, ""))
	require.True(t, errors.As(err, &e))
	assert.Equal(t, AlreadyInRoom, e.Kind)
	assert.Equal(t, r5, e.Rule)
}

func TestJSONGolden(t *testing.T) {
	cases := []struct {
		name string
		err  *Error
		want string
	}{
		{"sdk", newError(JoinFailedRoomClosed, r5).withGuard("ignored").withCause(errors.New("ignored")),
			`{"subcode":46256,"code":412,"category":"ExpectedError","rule":"R5","message":"Not able to join Breakout Room as the room is closed. Please check the state of the Breakout Room before calling join."}`},
		{"wrapped", newWrapped(AlreadyInMainMeeting, r17).withMessage("already in the main meeting"),
			`{"subcode":46262,"code":412,"category":"ExpectedError","rule":"R17","message":"already in the main meeting","wrappedBy":46261}`},
		{"kind", newKind(ReturnDisabled, r15, "return is disabled").withGuard("returnAllowed"),
			`{"kind":"returnDisabled","rule":"R15","message":"return is disabled"}`},
		{"escaping", newKind(UnknownInput, r24, "field \"data\" <bad> & \\ \n tab\t"),
			`{"kind":"unknownInput","rule":"R24","message":"field \"data\" <bad> & \\ \n tab\t"}`},
		{"no rule", newKind(UnknownInput, ruleInvalid, "x"),
			`{"kind":"unknownInput","message":"x"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := c.err.MarshalJSON()
			require.NoError(t, err)
			assert.Equal(t, c.want, string(b))
			assert.True(t, json.Valid(b))

			// Through an encoder with HTML escaping off, as the replay output does.
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			require.NoError(t, enc.Encode(struct {
				Error *Error `json:"error"`
			}{c.err}))
			assert.Equal(t, `{"error":`+c.want+"}\n", buf.String())
		})
	}
}

func TestJSONNil(t *testing.T) {
	b, err := json.Marshal(struct {
		Error *Error `json:"error"`
	}{})
	require.NoError(t, err)
	assert.Equal(t, `{"error":null}`, string(b))

	var nilErr *Error
	b, err = nilErr.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, "null", string(b))

	e := newKind(AlreadyInRoom, r5, "")
	require.NoError(t, e.unmarshalJSON([]byte(" null ")))
	assert.Equal(t, newKind(AlreadyInRoom, r5, ""), e, "null leaves the error unchanged")
}

func TestJSONRefusesMalformedErrors(t *testing.T) {
	for name, e := range map[string]*Error{
		"zero":               {},
		"sdk without code":   {Kind: KindSDK, Message: "x"},
		"kind with subcode":  {Kind: ReturnDisabled, Subcode: JoinFailed},
		"kind with category": {Kind: ReturnDisabled, Category: ExpectedError},
		"kind with wrapping": {Kind: ReturnDisabled, WrappedBy: ReturnToMainMeetingFailed},
		"invalid kind":       {Kind: 99},
	} {
		_, err := e.MarshalJSON()
		assert.Error(t, err, name)
	}
	// A literal with a subcode and no kind is still an SDK error.
	b, err := (&Error{Subcode: JoinFailed, Code: 500, Category: UnexpectedServerError, Rule: r6, Message: "m"}).MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, `{"subcode":46254,"code":500,"category":"UnexpectedServerError","rule":"R6","message":"m"}`, string(b))
}

// allSampleErrors is every SDK subcode, plain and wrapped, and every project
// kind, each with a guard and a cause that JSON drops.
func allSampleErrors() []*Error {
	var out []*Error
	for i, s := range allSubcodes() {
		rule := allRules()[i]
		out = append(out, newError(s, rule).withGuard("g"), newWrapped(s, rule).withCause(errors.New("c")))
	}
	for _, k := range projectKinds() {
		out = append(out, newKind(k, r24, "").withGuard("g"), newKind(k, r25, "custom <message> \u00e9"))
	}
	return out
}

func TestJSONRoundTrip(t *testing.T) {
	for _, orig := range allSampleErrors() {
		b, err := orig.MarshalJSON()
		require.NoError(t, err)

		var back Error
		require.NoError(t, back.unmarshalJSON(b), string(b))
		want := *orig
		want.Guard, want.Cause = "", nil
		assert.Equal(t, want, back, string(b))

		again, err := back.MarshalJSON()
		require.NoError(t, err)
		assert.Equal(t, string(b), string(again))
	}
}

func TestUnmarshalFillsMissingFieldsFromTheTable(t *testing.T) {
	var e Error
	require.NoError(t, e.unmarshalJSON([]byte(`{"subcode":46260,"rule":"R5"}`)))
	assert.Equal(t, *newError(URLDoesNotExist, r5), e)

	require.NoError(t, e.unmarshalJSON([]byte(`{"kind":"participantLeft"}`)))
	assert.Equal(t, *newKind(ParticipantLeft, ruleInvalid, ""), e)

	e = Error{Guard: "old", Cause: errors.New("old")}
	require.NoError(t, e.unmarshalJSON([]byte(`{"kind":"alreadyInRoom","rule":"R5","message":"m"}`)))
	assert.Empty(t, e.Guard)
	assert.NoError(t, e.Cause)
}

func TestUnmarshalRefusesBadObjects(t *testing.T) {
	for _, in := range []string{
		`{}`,
		`[]`,
		`"returnDisabled"`,
		`{"subcode":0,"code":412}`,
		`{"subcode":-1}`,
		`{"subcode":70000}`,
		`{"subcode":"46256"}`,
		`{"subcode":46256,"kind":"returnDisabled"}`,
		`{"subcode":46256,"category":"Expected"}`,
		`{"subcode":46256,"rule":"R99"}`,
		`{"subcode":46256,"wrappedBy":1}`,
		`{"subcode":46256,"guard":"g"}`,
		`{"kind":"sdk","message":"m"}`,
		`{"kind":"nope"}`,
		`{"kind":"returnDisabled","code":412}`,
		`{"kind":"returnDisabled","category":"ExpectedError"}`,
		`{"kind":"returnDisabled","wrappedBy":46261}`,
		`{"kind":"returnDisabled","resolution":"r"}`,
		`{"kind":"returnDisabled"} {}`,
		`{"kind":"returnDisabled"`,
	} {
		e := *newKind(AlreadyInRoom, r5, "before")
		err := e.unmarshalJSON([]byte(in))
		assert.Error(t, err, in)
		assert.Equal(t, *newKind(AlreadyInRoom, r5, "before"), e, "a failed read leaves the error alone: %s", in)
	}
	// "kind":"sdk" beside a subcode is accepted: it says the same thing.
	var e Error
	require.NoError(t, e.unmarshalJSON([]byte(`{"subcode":46256,"kind":"sdk"}`)))
	assert.Equal(t, JoinFailedRoomClosed, e.Subcode)
}
