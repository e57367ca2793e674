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
	br := bufio.NewReaderSize(r, 64<<10)
	var long []byte
	for {
		chunk, err := br.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			long = append(long, chunk...)
			continue
		case err != nil && !errors.Is(err, io.EOF):
			return err
		}
		line := chunk
		if long != nil {
			long = append(long, chunk...)
			line = long
		}
		atEOF := err != nil
		if atEOF && len(line) == 0 {
			return nil
		}
		line = bytes.TrimSuffix(line, []byte{'\n'})
		if ferr := fn(line); ferr != nil {
			return ferr
		}
		long = nil
		if atEOF {
			return nil
		}
	}
}
