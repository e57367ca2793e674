package errs

import (
	"errors"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
)

func TestDerivedErrorsAreCopies(t *testing.T) {
	base := New(errcodes.AlreadyInMainMeeting, rule.R17)
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

func TestNewFillsTheTable(t *testing.T) {
	e := New(errcodes.JoinFailedRoomClosed, rule.R5)
	if e.Code != 412 || e.Category != errcodes.ExpectedError || e.Message == "" || e.Resolution == "" || e.Kind != errcodes.KindSDK {
		t.Errorf("not from the table: %#v", e)
	}
	k := NewKind(errcodes.ReturnDisabled, rule.R15, "")
	if k.Kind != errcodes.ReturnDisabled || k.Message == "" || k.Resolution == "" || k.Subcode != 0 {
		t.Errorf("not from the kind: %#v", k)
	}
	if !Known(errcodes.JoinFailed) || Known(46264) || Known(0) {
		t.Error("Known does not follow the table")
	}
	if md := MarkdownTable(); !strings.Contains(md, "| 46258 |") {
		t.Errorf("the Markdown table has no 46258 row:\n%s", md)
	}
	if js, err := JSONTable(); err != nil || !strings.Contains(string(js), `"subcode": 46258`) {
		t.Errorf("the JSON table has no 46258 object (%v):\n%s", err, js)
	}
}

// internal/errhook imports nothing, so that package errcodes can import it.
func TestHookImportsNothing(t *testing.T) {
	files, err := filepath.Glob("../errhook/*.go")
	if err != nil || len(files) == 0 {
		t.Fatal("no errhook source", err)
	}
	for _, name := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Imports) > 0 {
			t.Errorf("%s imports %d packages", name, len(f.Imports))
		}
	}
}
