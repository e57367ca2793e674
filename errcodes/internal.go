package errcodes

import "github.com/breakoutfsm/breakoutfsm/internal/errhook"

// plumbing is what the project's own code uses of this package and users do
// not: the constructors the engine builds its errors with (users read
// errors, they do not make them), whether a subcode is in the table, and the
// table rendered for docs/errors.md and `breakoutfsm codes`. internal/errs
// reaches it through internal/errhook; it is not part of the API.
type plumbing struct{}

func (plumbing) New(s Subcode, rule Rule) *Error { return newError(s, rule) }

func (plumbing) NewKind(k Kind, rule Rule, message string) *Error {
	return newKind(k, rule, message)
}

func (plumbing) Known(s Subcode) bool { return s.valid() }

func (plumbing) MarkdownTable() string { return markdownTable() }

func (plumbing) JSONTable() ([]byte, error) { return jsonTable() }

func init() { errhook.Register(func() any { return plumbing{} }) }
