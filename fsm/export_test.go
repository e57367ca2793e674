package fsm

import "errors"

// Names for the package's own tests of what it keeps unexported: the
// problem kinds, the looplab adapter's errors, the condition limit.
const (
	ProblemInvalid      = problemInvalid
	UnknownState        = unknownState
	UnknownInput        = unknownInput
	UnknownCondition    = unknownCondition
	ContradictoryGuard  = contradictoryGuard
	DuplicateRow        = duplicateRow
	OverlappingGuards   = overlappingGuards
	IncompleteGuards    = incompleteGuards
	RefusalChangesState = refusalChangesState
	UnreachableState    = unreachableState
	NoPathHome          = noPathHome
	DuplicateName       = duplicateName
	EmptySpec           = emptySpec
	TooManyConditions   = tooManyConditions
	InvalidName         = invalidName
	UnknownCallback     = unknownCallback
	DeadRow             = deadRow

	MaxConditions = maxConditions
)

var (
	ErrNoRow       = errNoRow
	ErrDirectEvent = errDirectEvent
)

type FireError = fireError

// Problems lists every valid Problem, in order.
func Problems() []Problem { return allProblems() }

// HasProblem reports whether err (one ValidationError, or the joined errors
// New returns) holds a problem of kind p.
func HasProblem(err error, p Problem) bool {
	var ve *ValidationError
	if errors.As(err, &ve) && ve.Problem == p {
		return true
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			if HasProblem(e, p) {
				return true
			}
		}
	}
	return false
}
