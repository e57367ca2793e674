package errcodes

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestKindNames(t *testing.T) {
	want := []string{"sdk", "returnDisabled", "alreadyInRoom", "participantLeft", "unknownInput", "unexpectedInput", "mainHangUpFailed"}
	var got []string
	for _, k := range AllKinds() {
		got = append(got, k.String())
	}
	assert.Equal(t, want, got)
	assert.Equal(t, []Kind{KindSDK, ReturnDisabled, AlreadyInRoom, ParticipantLeft, UnknownInput, UnexpectedInput, MainHangUpFailed}, AllKinds())
}

func TestKindsRoundTripAndDescribeThemselves(t *testing.T) {
	for _, k := range AllKinds() {
		parsed, ok := ParseKind(k.String())
		assert.True(t, ok, k.String())
		assert.Equal(t, k, parsed)

		text, err := k.MarshalText()
		require.NoError(t, err)
		var back Kind
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, k, back)

		assert.NotEmpty(t, k.Description(), "description of %v", k)
		assert.NotEmpty(t, k.Resolution(), "resolution of %v", k)
		assert.NotEmpty(t, k.DefaultMessage(), "default message of %v", k)
		assert.Equal(t, k.String(), k.Error())
		assert.Equal(t, k.String(), fmt.Sprint(k), "fmt prints the same name")
	}
}

func TestInvalidKinds(t *testing.T) {
	assert.Equal(t, "Kind(0)", KindInvalid.String())
	assert.Equal(t, "Kind(99)", Kind(99).String())
	assert.Empty(t, KindInvalid.Description())
	assert.Empty(t, KindInvalid.Resolution())
	_, err := KindInvalid.MarshalText()
	assert.Error(t, err)
	for _, s := range []string{"", "Kind(0)", "ReturnDisabled", "returndisabled", "46256"} {
		_, ok := ParseKind(s)
		assert.False(t, ok, "ParseKind(%q)", s)
	}
	k := AlreadyInRoom
	assert.Error(t, k.UnmarshalText([]byte("nope")))
	assert.Equal(t, AlreadyInRoom, k)
}

func TestCategoryNames(t *testing.T) {
	assert.Equal(t, []Category{ExpectedError, UnexpectedServerError, UnexpectedClientError}, AllCategories())
	for _, c := range AllCategories() {
		parsed, ok := ParseCategory(c.String())
		assert.True(t, ok)
		assert.Equal(t, c, parsed)
		text, err := c.MarshalText()
		require.NoError(t, err)
		var back Category
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, c, back)
		assert.Equal(t, c.String(), c.Error())
		assert.Equal(t, c.String(), fmt.Sprint(c), "fmt prints the same name")
	}
	assert.Equal(t, "ExpectedError", ExpectedError.String())
	assert.Equal(t, "UnexpectedServerError", UnexpectedServerError.String())
	assert.Equal(t, "UnexpectedClientError", UnexpectedClientError.String())
	assert.Equal(t, "Category(0)", CategoryInvalid.String())
	_, ok := ParseCategory("expectedError")
	assert.False(t, ok)
	_, err := CategoryInvalid.MarshalText()
	assert.Error(t, err)
}

func TestSentinelsAreDistinct(t *testing.T) {
	assert.False(t, errors.Is(ReturnDisabled, AlreadyInRoom))
	assert.True(t, errors.Is(ReturnDisabled, ReturnDisabled))
	assert.False(t, errors.Is(ExpectedError, UnexpectedClientError))
}
