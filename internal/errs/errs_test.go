package errs

import (
	"errors"
	"testing"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
)

func TestDerivedErrorsAreCopies(t *testing.T) {
	base := errcodes.New(errcodes.AlreadyInMainMeeting, rule.R17)
	w := Wrapped(errcodes.AlreadyInMainMeeting, rule.R17)
	if !errors.Is(w, errcodes.ReturnToMainMeetingFailed) || !errors.Is(w, errcodes.AlreadyInMainMeeting) {
		t.Errorf("%v does not match both subcodes", w)
	}
	if self := Wrapped(errcodes.ReturnToMainMeetingFailed, rule.R19); self.WrappedBy != 0 {
		t.Errorf("46261 wrapped in itself: %v", self)
	}
	cause := errors.New("why")
	g, m, c := WithGuard(base, "g"), WithMessage(base, "m"), WithCause(base, cause)
	if g.Guard != "g" || m.Message != "m" || !errors.Is(c, cause) {
		t.Errorf("not derived: %v %v %v", g, m, c)
	}
	if base.Guard != "" || base.Cause != nil || base.Message == "m" || g == base {
		t.Errorf("the base error changed: %v", base)
	}
}
