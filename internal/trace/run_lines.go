package trace

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// EachLine calls fn with every line of r, without its newline; a last line
// without a newline counts too. Lines may be of any length. The slice is
// valid only during the call. It stops at the first error fn returns.
func EachLine(r io.Reader, fn func(line []byte) error) error {
	return eachLine(r, 0, false, func(line []byte, _ int64) error { return fn(line) })
}

// EachLineMax is EachLine for input that may be hostile: a line longer than
// max bytes (its newline not counted) is not held. fn is then called with a
// nil line and the line's length, once the line has been read past; for
// every other line, with the line and 0. A UTF-8 byte order mark at the
// very start of r is skipped. It holds at most max bytes of a line, and
// 64 KiB more, whatever r holds.
func EachLineMax(r io.Reader, max int, fn func(line []byte, tooLong int64) error) error {
	return eachLine(r, max, true, fn)
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// eachLine reads lines; max 0 means no limit.
func eachLine(r io.Reader, max int, skipBOM bool, fn func(line []byte, tooLong int64) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if skipBOM {
		if b, err := br.Peek(len(utf8BOM)); err == nil && bytes.Equal(b, utf8BOM) {
			br.Discard(len(utf8BOM))
		}
	}
	var long []byte // the line so far, when it spans chunks
	var n int64     // its length so far
	spans, over := false, false
	for {
		chunk, err := br.ReadSlice('\n')
		full := errors.Is(err, bufio.ErrBufferFull)
		if err != nil && !full && !errors.Is(err, io.EOF) {
			return err
		}
		body := chunk
		if !full {
			body = bytes.TrimSuffix(chunk, []byte{'\n'})
		}
		n += int64(len(body))
		if max > 0 && n > int64(max) && !over {
			over, long = true, long[:0] // give up the line: only its length counts now
		}
		if full {
			if !over {
				long, spans = append(long, body...), true
			}
			continue
		}
		atEOF := err != nil
		if atEOF && n == 0 && !spans && len(chunk) == 0 {
			return nil
		}
		var ferr error
		switch {
		case over:
			ferr = fn(nil, n)
		case spans:
			long = append(long, body...)
			ferr = fn(long, 0)
		default:
			ferr = fn(body, 0)
		}
		if ferr != nil {
			return ferr
		}
		long, n, spans, over = long[:0], 0, false, false
		if atEOF {
			return nil
		}
	}
}
