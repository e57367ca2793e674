package errcodes_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
)

// The engine makes the errors (its own code calls internal/errs, as these
// examples do); a user reads them.
func ExampleError_is() {
	err := errs.New(errcodes.JoinFailedRoomClosed, rule.R5)
	fmt.Println(err.Code, err.Category, err.Rule)
	fmt.Println(errors.Is(err, errcodes.JoinFailedRoomClosed), errors.Is(err, errcodes.ExpectedError))
	// Output:
	// 412 ExpectedError R5
	// true true
}

func ExampleError_wrappedBy() {
	// The SDK re-throws a failed return as 46261; the engine reports the
	// specific subcode, and the error still matches 46261.
	e := errs.New(errcodes.AlreadyInMainMeeting, rule.R17)
	e.WrappedBy = errcodes.ReturnToMainMeetingFailed
	err := error(e)
	fmt.Println(errors.Is(err, errcodes.AlreadyInMainMeeting))
	fmt.Println(errors.Is(err, errcodes.ReturnToMainMeetingFailed))
	// Output:
	// true
	// true
}

func ExampleKind() {
	err := errs.NewKind(errcodes.ReturnDisabled, rule.R15, "")
	err.Guard = "returnAllowed"
	fmt.Println(err)
	fmt.Println(errors.Is(err, errcodes.ReturnDisabled))
	// Output:
	// breakoutfsm: returnDisabled R15 [guard returnAllowed]: returning to the main meeting is not allowed by this breakout room's settings
	// true
}

func ExampleError_MarshalJSON() {
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	e := errs.New(errcodes.MainMeetingResumeFailed, rule.R19)
	e.WrappedBy, e.Message = errcodes.ReturnToMainMeetingFailed, "resume failed"
	_ = enc.Encode(e)
	_ = enc.Encode(errs.NewKind(errcodes.UnexpectedInput, rule.R24, "no holdMain in flight"))
	// Output:
	// {"subcode":46257,"code":412,"category":"UnexpectedServerError","rule":"R19","message":"resume failed","wrappedBy":46261}
	// {"kind":"unexpectedInput","rule":"R24","message":"no holdMain in flight"}
}

func ExampleError_errorsAs() {
	var err error = fmt.Errorf("line 7: %w", errs.New(errcodes.JoinFailed, rule.R6))
	var e *errcodes.Error
	if errors.As(err, &e) {
		fmt.Println(e.Subcode, e.Code, e.Rule)
	}
	// Output:
	// 46254 JOIN_FAILED 500 R6
}
