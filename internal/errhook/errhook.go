// Package errhook is how package errcodes hands internal/errs what it does
// not export (the constructors the engine builds its errors with, the error
// table as data and as documents): errcodes registers an opener when it
// loads, and errs opens it. It imports nothing, so that errcodes can import
// it.
//
// It is not part of the API; use internal/errs.
package errhook

var open func() any

// Register is called once, by package errcodes, when it loads.
func Register(opener func() any) { open = opener }

// Open is errcodes' unexported side.
func Open() any {
	if open == nil {
		panic("errhook: package errcodes is not loaded")
	}
	return open()
}
