// Package errs makes the project's errors: New and NewKind build an
// *errcodes.Error from the SDK's table or a project kind, and the others
// derive one: the same error naming the guard that refused, with another
// message, with a cause, or wrapped by 46261 as the SDK re-throws
// returnToMainMeeting()'s failures. Each returns a copy: the engine builds
// its errors once and shares them. It also renders the whole error table
// (MarkdownTable for docs/errors.md, JSONTable for `breakoutfsm codes`).
//
// It is not part of the API: users read errors (package errcodes), the
// engine makes them. errcodes hands it what it does not export through
// internal/errhook.
package errs

import (
	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/errhook"
)

// Wrapped is New with WrappedBy set to ReturnToMainMeetingFailed:
// the SDK would throw 46261 around the failure, so the error matches both
// subcodes. Wrapping 46261 in itself adds nothing.
func Wrapped(s errcodes.Subcode, r errcodes.Rule) *errcodes.Error {
	e := New(s, r)
	if s != errcodes.ReturnToMainMeetingFailed {
		e.WrappedBy = errcodes.ReturnToMainMeetingFailed
	}
	return e
}

// WithGuard is a copy of e naming the guard that refused.
func WithGuard(e *errcodes.Error, guard string) *errcodes.Error {
	c := *e
	c.Guard = guard
	return &c
}

// WithMessage is a copy of e with its message replaced.
func WithMessage(e *errcodes.Error, message string) *errcodes.Error {
	c := *e
	c.Message = message
	return &c
}

// WithCause is a copy of e wrapping cause.
func WithCause(e *errcodes.Error, cause error) *errcodes.Error {
	c := *e
	c.Cause = cause
	return &c
}

// plumbing is errcodes' unexported side (errcodes/internal.go).
type plumbing interface {
	New(s errcodes.Subcode, rule errcodes.Rule) *errcodes.Error
	NewKind(k errcodes.Kind, rule errcodes.Rule, message string) *errcodes.Error
	Known(s errcodes.Subcode) bool
	MarkdownTable() string
	JSONTable() ([]byte, error)
}

func open() plumbing { return errhook.Open().(plumbing) }

// New returns an error carrying the SDK subcode s, reported by rule, with its
// HTTP code, category, message and resolution from the table. A subcode not
// in the table still gives a usable error: Kind is KindSDK and the message
// says the subcode is unknown.
//
// New allocates; the engine builds its errors once and derives the rest with
// the other functions here.
func New(s errcodes.Subcode, rule errcodes.Rule) *errcodes.Error { return open().New(s, rule) }

// NewKind returns an error of the project kind k, reported by rule. An empty
// message means the kind's default message. k should be a project kind;
// KindSDK errors come from New.
func NewKind(k errcodes.Kind, rule errcodes.Rule, message string) *errcodes.Error {
	return open().NewKind(k, rule, message)
}

// Known reports whether s is one of the SDK's subcodes (46250 to 46263).
func Known(s errcodes.Subcode) bool { return open().Known(s) }

// MarkdownTable renders the error table as the body of a Markdown document:
// a table of every SDK subcode, then a table of the project's kinds
// (docs/errors.md). The output depends only on the table.
func MarkdownTable() string { return open().MarkdownTable() }

// JSONTable renders the error table as a JSON array indented by two spaces:
// one object per SDK subcode, in ascending order, then one per project kind
// (`breakoutfsm codes --format json`). HTML characters are not escaped, and
// the output ends with a newline.
func JSONTable() ([]byte, error) { return open().JSONTable() }
