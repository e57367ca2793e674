package errcodes

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Error is every refusal and every failure report of the engine.
//
// An error carries either an SDK subcode (Kind is KindSDK; Code, Category and
// Message come from the SDK's table) or one of the project's kinds (Subcode,
// Code and Category are zero). Either way it names the rule that produced it
// and, when a guard refused, the guard.
//
// It matches through [errors.Is]: its Subcode, its WrappedBy, its Category and
// its Kind are all targets it answers to (see [Error.Is]).
type Error struct {
	Kind       Kind     // KindSDK when Subcode is set
	Subcode    Subcode  // 0 for a project kind
	Code       int      // HTTP code from the SDK's table; 0 for a project kind
	Category   Category // CategoryInvalid for a project kind
	Message    string
	Resolution string
	Rule       Rule   // the rule that refused or reported
	Guard      string // the guard that refused, if one did
	// WrappedBy is ReturnToMainMeetingFailed (46261) where the SDK re-throws
	// the failure of returnToMainMeeting() under that subcode; otherwise 0.
	WrappedBy Subcode
	Cause     error
}

// newError returns an error carrying the SDK subcode s, reported by rule,
// with its HTTP code, category, message and resolution from the table. A
// subcode not in the table still gives a usable error: Kind is KindSDK and
// the message says the subcode is unknown. The engine calls it as
// internal/errs.New.
//
// It allocates; the engine builds its errors once and derives the rest with
// internal/errs.
func newError(s Subcode, rule Rule) *Error {
	e := &Error{Kind: KindSDK, Subcode: s, Rule: rule}
	if info, ok := lookup(s); ok {
		e.Code = info.Code
		e.Category = info.Category
		e.Message = info.Message
		e.Resolution = info.Resolution
	} else {
		e.Message = "unknown breakout-room subcode " + strconv.Itoa(int(s))
		e.Resolution = "This subcode is not in the SDK 2.0.0 table; treat it as an unexpected failure."
	}
	return e
}

// NewWrapped is New with WrappedBy set to ReturnToMainMeetingFailed: the SDK
// would throw 46261 around the failure, so the error matches both subcodes.
// Wrapping 46261 in itself adds nothing, so NewWrapped(46261, r) equals
// New(46261, r).
func newWrapped(s Subcode, rule Rule) *Error {
	e := newError(s, rule)
	if s != ReturnToMainMeetingFailed {
		e.WrappedBy = ReturnToMainMeetingFailed
	}
	return e
}

// newKind returns an error of the project kind k, reported by rule. An empty
// message means the kind's default message. k should be a project kind;
// KindSDK errors come from newError.
func newKind(k Kind, rule Rule, message string) *Error {
	if message == "" {
		message = k.defaultMessage()
	}
	return &Error{Kind: k, Rule: rule, Message: message, Resolution: k.resolution()}
}

// WithGuard returns a copy of e naming the guard that refused.
func (e *Error) withGuard(g string) *Error {
	if e == nil {
		return nil
	}
	c := *e
	c.Guard = g
	return &c
}

// WithMessage returns a copy of e with its message replaced.
func (e *Error) withMessage(m string) *Error {
	if e == nil {
		return nil
	}
	c := *e
	c.Message = m
	return &c
}

// WithCause returns a copy of e wrapping c.
func (e *Error) withCause(c error) *Error {
	if e == nil {
		return nil
	}
	d := *e
	d.Cause = c
	return &d
}

// Error formats the error on one line, for example
//
//	breakoutfsm: 46256 (412 ExpectedError) R5: Not able to join …
//	breakoutfsm: 46262 (412 ExpectedError, wrapped by 46261) R17: Already in …
//	breakoutfsm: returnDisabled R15 [guard returnAllowed]: returning to …
//
// followed by ": " and the cause, when there is one.
func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	var b strings.Builder
	b.WriteString("breakoutfsm: ")
	if e.Kind == KindSDK || e.Subcode != 0 {
		b.WriteString(strconv.Itoa(int(e.Subcode)))
		var detail []string
		if e.Code != 0 || e.Category.valid() {
			d := strconv.Itoa(e.Code)
			if e.Category.valid() {
				d += " " + e.Category.Error()
			}
			detail = append(detail, d)
		}
		if e.WrappedBy != 0 {
			detail = append(detail, "wrapped by "+strconv.Itoa(int(e.WrappedBy)))
		}
		if len(detail) > 0 {
			b.WriteString(" (" + strings.Join(detail, ", ") + ")")
		}
	} else {
		b.WriteString(e.Kind.Error())
	}
	if e.Rule.valid() {
		b.WriteString(" " + e.Rule.String())
	}
	if e.Guard != "" {
		b.WriteString(" [guard " + e.Guard + "]")
	}
	b.WriteString(": " + e.Message)
	if e.Cause != nil {
		b.WriteString(": " + e.Cause.Error())
	}
	return b.String()
}

// Of is the *Error in err's chain (errors.As), or nil: for reading an
// error's fields where err may be nil.
//
//	if e := errcodes.Of(err); e != nil && e.Subcode == errcodes.JoinFailedRoomClosed { … }
func Of(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Cause
}

// Is reports whether e matches target:
//   - a [Subcode] equal to e.Subcode or to e.WrappedBy;
//   - a [Category] equal to e.Category (the wrapping 46261's category does
//     not count);
//   - a [Kind] equal to e.Kind (KindSDK for every SDK error);
//   - an [*Error] with the same Kind and Subcode, and the same Rule unless the
//     target's Rule is RuleInvalid. Message, guard and cause are ignored.
//
// Zero values of Subcode, Category and Kind match nothing.
func (e *Error) Is(target error) bool {
	if e == nil {
		return false
	}
	switch t := target.(type) {
	case Subcode:
		return t != 0 && (t == e.Subcode || t == e.WrappedBy)
	case Category:
		return t.valid() && t == e.Category
	case Kind:
		return t.valid() && t == e.Kind
	case *Error:
		return t != nil && t.Kind == e.Kind && t.Subcode == e.Subcode &&
			(t.Rule == ruleInvalid || t.Rule == e.Rule)
	}
	return false
}

// MarshalJSON writes the error object of the trace format (docs/TRACE.md),
// keys in this order:
//
//	{"subcode":46256,"code":412,"category":"ExpectedError","rule":"R5","message":"…"}
//	{"subcode":46262,"code":412,"category":"ExpectedError","rule":"R17","message":"…","wrappedBy":46261}
//	{"kind":"returnDisabled","rule":"R15","message":"…"}
//
// Guard, resolution and cause are not written. "category" is left out for a
// subcode outside the table and "rule" when Rule is RuleInvalid. HTML
// characters are not escaped. An error with neither a subcode nor a project
// kind cannot be written.
func (e *Error) MarshalJSON() ([]byte, error) {
	if e == nil {
		return []byte("null"), nil
	}
	var b bytes.Buffer
	switch {
	case e.Subcode != 0 && (e.Kind == KindSDK || e.Kind == kindInvalid):
		b.WriteString(`{"subcode":`)
		b.WriteString(strconv.Itoa(int(e.Subcode)))
		b.WriteString(`,"code":`)
		b.WriteString(strconv.Itoa(e.Code))
		if e.Category.valid() {
			b.WriteString(`,"category":"` + e.Category.Error() + `"`)
		}
	case e.Kind.valid() && e.Kind != KindSDK && e.Subcode == 0:
		if e.Code != 0 || e.Category != categoryInvalid || e.WrappedBy != 0 {
			return nil, fmt.Errorf("errcodes: a %v error cannot carry an HTTP code, category or wrapping subcode", e.Kind)
		}
		b.WriteString(`{"kind":"` + e.Kind.Error() + `"`)
	default:
		return nil, fmt.Errorf("errcodes: cannot write an error of kind %v with subcode %d", e.Kind, e.Subcode)
	}
	if e.Rule.valid() {
		b.WriteString(`,"rule":"` + e.Rule.String() + `"`)
	}
	b.WriteString(`,"message":`)
	if err := writeJSONString(&b, e.Message); err != nil {
		return nil, err
	}
	if e.WrappedBy != 0 {
		b.WriteString(`,"wrappedBy":`)
		b.WriteString(strconv.Itoa(int(e.WrappedBy)))
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// writeJSONString appends s as a JSON string without HTML escaping.
func writeJSONString(b *bytes.Buffer, s string) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode ends every value with a newline
	return nil
}

// errorWire is the JSON error object as read. Pointers tell a missing key from
// a zero value.
type errorWire struct {
	Subcode   *uint16 `json:"subcode"`
	Code      *int    `json:"code"`
	Category  *string `json:"category"`
	Kind      *string `json:"kind"`
	Rule      *string `json:"rule"`
	Message   *string `json:"message"`
	WrappedBy *uint16 `json:"wrappedBy"`
}

// unmarshalJSON reads the error object that MarshalJSON writes. Unknown keys
// are refused. The resolution, which the JSON does not carry, is filled in
// from the table (or from the kind); a missing code, category or message of a
// known subcode, or a missing message of a kind, is filled in the same way.
// Guard and Cause come back empty. null leaves e unchanged.
func (e *Error) unmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var w errorWire
	if err := dec.Decode(&w); err != nil {
		return fmt.Errorf("errcodes: reading an error object: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("errcodes: reading an error object: data after the object")
	}

	var out Error
	if w.Rule != nil {
		r, ok := parseRule(*w.Rule)
		if !ok {
			return fmt.Errorf("errcodes: unknown rule %q", *w.Rule)
		}
		out.Rule = r
	}
	if w.Subcode != nil {
		if err := readSDKError(&out, &w); err != nil {
			return err
		}
	} else {
		if err := readKindError(&out, &w); err != nil {
			return err
		}
	}
	*e = out
	return nil
}

func readSDKError(out *Error, w *errorWire) error {
	s := Subcode(*w.Subcode)
	if s == 0 {
		return errors.New("errcodes: subcode 0 is not a subcode")
	}
	if w.Kind != nil && *w.Kind != KindSDK.Error() {
		return fmt.Errorf("errcodes: an error object cannot carry both subcode %d and kind %q", s, *w.Kind)
	}
	*out = Error{Kind: KindSDK, Subcode: s, Rule: out.Rule}
	if info, ok := lookup(s); ok {
		out.Code, out.Category, out.Message, out.Resolution = info.Code, info.Category, info.Message, info.Resolution
	}
	if w.Code != nil {
		out.Code = *w.Code
	}
	if w.Category != nil {
		if err := out.Category.unmarshalText([]byte(*w.Category)); err != nil {
			return err
		}
	}
	if w.Message != nil {
		out.Message = *w.Message
	}
	if w.WrappedBy != nil {
		out.WrappedBy = Subcode(*w.WrappedBy)
		if !out.WrappedBy.valid() {
			return fmt.Errorf("errcodes: wrappedBy %d is not a subcode", *w.WrappedBy)
		}
	}
	return nil
}

func readKindError(out *Error, w *errorWire) error {
	if w.Kind == nil {
		return errors.New(`errcodes: an error object needs "subcode" or "kind"`)
	}
	k, ok := parseKind(*w.Kind)
	if !ok || k == KindSDK {
		return fmt.Errorf("errcodes: %q is not a project error kind", *w.Kind)
	}
	if w.Code != nil || w.Category != nil || w.WrappedBy != nil {
		return fmt.Errorf(`errcodes: a %v error object cannot carry "code", "category" or "wrappedBy"`, k)
	}
	out.Kind = k
	out.Message = k.defaultMessage()
	out.Resolution = k.resolution()
	if w.Message != nil {
		out.Message = *w.Message
	}
	return nil
}

var (
	_ error          = (*Error)(nil)
	_ json.Marshaler = (*Error)(nil)
)
