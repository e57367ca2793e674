package errcodes

import (
	"fmt"
	"strconv"
)

// Category is the SDK's result category for a subcode. It is an error so that
// errors.Is(err, errcodes.ExpectedError) asks "is this an expected failure?"
// without naming every subcode.
type Category uint8

// The result categories. CategoryInvalid is the zero value and names none;
// the project's own kinds carry it because the SDK gives them no category.
const (
	categoryInvalid Category = iota
	ExpectedError
	UnexpectedServerError
	UnexpectedClientError

	categoryEnd
)

var categoryNames = [...]string{
	ExpectedError:         "ExpectedError",
	UnexpectedServerError: "UnexpectedServerError",
	UnexpectedClientError: "UnexpectedClientError",
}

// Valid reports whether c is one of the SDK's categories.
func (c Category) valid() bool { return c > categoryInvalid && c < categoryEnd }

// Error returns the category as the SDK spells it ("ExpectedError"); a
// Category is an error so that errors.Is(err, errcodes.ExpectedError) asks
// for it, and fmt prints that text. A value that names no category prints
// as "Category(n)".
func (c Category) Error() string {
	if !c.valid() {
		return "Category(" + strconv.Itoa(int(c)) + ")"
	}
	return categoryNames[c]
}

// AllCategories returns the SDK's categories in declaration order. The slice
// is new on each call.
func allCategories() []Category {
	return []Category{ExpectedError, UnexpectedServerError, UnexpectedClientError}
}

// ParseCategory returns the category spelled s, exactly as String writes it.
func parseCategory(s string) (Category, bool) {
	for c := ExpectedError; c < categoryEnd; c++ {
		if categoryNames[c] == s {
			return c, true
		}
	}
	return categoryInvalid, false
}

// MarshalText writes the category's name. A value that names no category is
// an error.
func (c Category) marshalText() ([]byte, error) {
	if !c.valid() {
		return nil, fmt.Errorf("errcodes: %v is not a result category", c)
	}
	return []byte(categoryNames[c]), nil
}

// UnmarshalText reads a category's name, as MarshalText writes it.
func (c *Category) unmarshalText(text []byte) error {
	v, ok := parseCategory(string(text))
	if !ok {
		return fmt.Errorf("errcodes: unknown result category %q", text)
	}
	*c = v
	return nil
}

var (
	_ error = Category(0)
)
