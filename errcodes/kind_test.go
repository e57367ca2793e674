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
	for _, k := range allKinds() {
		got = append(got, k.Error())
	}
	assert.Equal(t, want, got)
	assert.Equal(t, []Kind{KindSDK, ReturnDisabled, AlreadyInRoom, ParticipantLeft, UnknownInput, UnexpectedInput, MainHangUpFailed}, allKinds())
}

func TestKindsRoundTripAndDescribeThemselves(t *testing.T) {
	for _, k := range allKinds() {
		parsed, ok := parseKind(k.Error())
		assert.True(t, ok, k.Error())
		assert.Equal(t, k, parsed)

		text, err := k.marshalText()
		require.NoError(t, err)
		var back Kind
		require.NoError(t, back.unmarshalText(text))
		assert.Equal(t, k, back)

		assert.NotEmpty(t, k.description(), "description of %v", k)
		assert.NotEmpty(t, k.resolution(), "resolution of %v", k)
		assert.NotEmpty(t, k.defaultMessage(), "default message of %v", k)
		assert.Equal(t, k.Error(), fmt.Sprint(k), "fmt prints the same name")
	}
}

func TestInvalidKinds(t *testing.T) {
	assert.Equal(t, "Kind(0)", kindInvalid.Error())
	assert.Equal(t, "Kind(99)", Kind(99).Error())
	assert.Empty(t, kindInvalid.description())
	assert.Empty(t, kindInvalid.resolution())
	_, err := kindInvalid.marshalText()
	assert.Error(t, err)
	for _, s := range []string{"", "Kind(0)", "ReturnDisabled", "returndisabled", "46256"} {
		_, ok := parseKind(s)
		assert.False(t, ok, "ParseKind(%q)", s)
	}
	k := AlreadyInRoom
	assert.Error(t, k.unmarshalText([]byte("nope")))
	assert.Equal(t, AlreadyInRoom, k)
}

func TestCategoryNames(t *testing.T) {
	assert.Equal(t, []Category{ExpectedError, UnexpectedServerError, UnexpectedClientError}, allCategories())
	for _, c := range allCategories() {
		parsed, ok := parseCategory(c.Error())
		assert.True(t, ok)
		assert.Equal(t, c, parsed)
		text, err := c.marshalText()
		require.NoError(t, err)
		var back Category
		require.NoError(t, back.unmarshalText(text))
		assert.Equal(t, c, back)
		assert.Equal(t, c.Error(), fmt.Sprint(c), "fmt prints the same name")
	}
	assert.Equal(t, "ExpectedError", ExpectedError.Error())
	assert.Equal(t, "UnexpectedServerError", UnexpectedServerError.Error())
	assert.Equal(t, "UnexpectedClientError", UnexpectedClientError.Error())
	assert.Equal(t, "Category(0)", categoryInvalid.Error())
	_, ok := parseCategory("expectedError")
	assert.False(t, ok)
	_, err := categoryInvalid.marshalText()
	assert.Error(t, err)
}

func TestSentinelsAreDistinct(t *testing.T) {
	assert.False(t, errors.Is(ReturnDisabled, AlreadyInRoom))
	assert.True(t, errors.Is(ReturnDisabled, ReturnDisabled))
	assert.False(t, errors.Is(ExpectedError, UnexpectedClientError))
}
