package bench

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// TestMachineLayout logs the memory layout of lifecycle.Machine, field by
// field (offset and size, nested structs over 32 bytes and arrays of structs
// expanded), and of the Effect its buffers hold. run.sh puts it in the
// report beside the heap profile, to show which fields the bytes of a
// participant go to. It checks nothing.
func TestMachineLayout(t *testing.T) {
	var b strings.Builder
	m := reflect.TypeFor[lifecycle.Machine]()
	e := reflect.TypeFor[lifecycle.Effect]()
	fmt.Fprintf(&b, "lifecycle.Machine: %d bytes; lifecycle.Effect: %d bytes\n\n", m.Size(), e.Size())
	layout(&b, m, "")
	t.Log("\n" + b.String())
}

func layout(b *strings.Builder, t reflect.Type, indent string) {
	for i := range t.NumField() {
		f := t.Field(i)
		fmt.Fprintf(b, "%s%-18s offset %4d  size %4d  %v\n", indent, f.Name, f.Offset, f.Type.Size(), f.Type)
		switch {
		case f.Type.Kind() == reflect.Struct && f.Type.Size() > 32 && f.Type.PkgPath() != "time":
			layout(b, f.Type, indent+"    ")
		case f.Type.Kind() == reflect.Array && f.Type.Elem().Kind() == reflect.Struct:
			fmt.Fprintf(b, "%s    each %v: %d bytes\n", indent, f.Type.Elem(), f.Type.Elem().Size())
			layout(b, f.Type.Elem(), indent+"        ")
		}
	}
}
