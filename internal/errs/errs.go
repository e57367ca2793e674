// Package errs derives the project's errors from errcodes' constructors:
// the same error naming the guard that refused, with another message, with
// a cause, or wrapped by 46261 as the SDK re-throws returnToMainMeeting()'s
// failures. Each returns a copy: the engine builds its errors once and
// shares them.
package errs

import "github.com/breakoutfsm/breakoutfsm/errcodes"

// Wrapped is errcodes.New with WrappedBy set to ReturnToMainMeetingFailed:
// the SDK would throw 46261 around the failure, so the error matches both
// subcodes. Wrapping 46261 in itself adds nothing.
func Wrapped(s errcodes.Subcode, r errcodes.Rule) *errcodes.Error {
	e := errcodes.New(s, r)
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
