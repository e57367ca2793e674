//go:build breakoutfsm_plantbug

package main

import (
	"io"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/trace"
)

// This file is built only with -tags breakoutfsm_plantbug, by proptest's
// TestCheckProcess_CatchesAPlantedBug: it plants one bug in `replay
// --json`, so that the test can show that proptest.CheckProcess catches it
// and shrinks the trace. No other build includes it.
//
// The bug: a return refused because the room's settings do not allow it
// (R15, returnDisabled) is written as if it had been taken, with no error:
// an engine that forgot to report R15's refusal.

func init() { replayTrace = replayWithPlantedBug }

func replayWithPlantedBug(r io.Reader, w io.Writer, opt trace.ReplayOptions) error {
	if !opt.JSON {
		return trace.ReplayWith(r, w, opt)
	}
	run := trace.NewRunner()
	var buf []byte
	return trace.EachLine(r, func(line []byte) error {
		res, ok := run.Next(line)
		if !ok {
			return nil
		}
		if e := res.Err; e != nil && e.Kind == errcodes.ReturnDisabled {
			res.Err = nil // the planted bug
		}
		var err error
		if buf, err = res.AppendJSON(buf[:0]); err != nil {
			return err
		}
		_, err = w.Write(append(buf, '\n'))
		return err
	})
}
