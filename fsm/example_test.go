package fsm_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/breakoutfsm/breakoutfsm/fsm"
)

// A lamp: pressing the switch turns it on, if there is power, and off again.
type lamp uint8

const (
	lampInvalid lamp = iota
	lampOff
	lampOn
)

func (l lamp) String() string { return [...]string{"", "off", "on"}[l] }

type lampInput uint8

const press lampInput = 1

func (lampInput) String() string { return "press" }

type lampAction uint8

const (
	switchLight lampAction = iota + 1
	stayDark
)

func (a lampAction) String() string { return [...]string{"", "switch", "stayDark"}[a] }

type lampRule uint8

func (r lampRule) String() string { return fmt.Sprintf("L%d", r) }

const powered uint8 = 0 // condition bit

func lampSpec() fsm.Spec[lamp, lampInput, lampAction, lampRule] {
	return fsm.Spec[lamp, lampInput, lampAction, lampRule]{
		States:     []lamp{lampOff, lampOn},
		Inputs:     []lampInput{press},
		Conditions: []string{"powered"},
		Initial:    lampOff,
		Home:       []lamp{lampOff},
		Rows: []fsm.Row[lamp, lampInput, lampAction, lampRule]{
			{From: lampOff, On: press, Guard: fsm.When(powered), To: lampOn, Action: switchLight, Rule: 1},
			{From: lampOff, On: press, Guard: fsm.Guard{}.Not(powered), To: lampOff, Action: stayDark, Rule: 2},
			{From: lampOn, On: press, To: lampOff, Action: switchLight, Rule: 3},
		},
		Refusal: func(a lampAction) bool { return a == stayDark },
	}
}

func Example() {
	table, err := fsm.New(lampSpec())
	if err != nil {
		panic(err)
	}

	// The host works out which conditions hold, then asks the table.
	for _, c := range []fsm.Conditions{0, 1 << powered} {
		index, row, _ := table.Step(lampOff, press, c)
		fmt.Printf("off, press, powered=%v: row %d -> %v (%v, rule %v)\n", c != 0, index, row.To, row.Action, row.Rule)
	}

	fmt.Print(table.Mermaid(fsm.DiagramOptions{Refusals: true}))

	// Output:
	// off, press, powered=false: row 1 -> off (stayDark, rule L2)
	// off, press, powered=true: row 0 -> on (switch, rule L1)
	// stateDiagram-v2
	//     off
	//     on
	//     [*] --> off
	//     off --> on : press [powered] / L1
	//     off --> off : press [!powered] / L2 (refused)
	//     on --> off : press / L3
}

func ExampleNew_validation() {
	spec := lampSpec()
	spec.Rows = spec.Rows[:2] // forget what pressing does when the lamp is on
	_, err := fsm.New(spec)
	var first *fsm.ValidationError
	if errors.As(err, &first) {
		fmt.Printf("%v: state %s, input %s, rows %v\n", first.Problem, first.State, first.Input, first.Rows)
	}
	fmt.Println(err)

	// Output:
	// incomplete guards: state on, input press, rows []
	// fsm: incomplete guards (state on; input press): no row
	// fsm: no path home (state on): no sequence of rows leads from here to a home state
}

func ExampleTable_Looplab() {
	table, err := fsm.New(lampSpec())
	if err != nil {
		panic(err)
	}
	machine, err := table.Looplab(lampOff)
	if err != nil {
		panic(err)
	}
	index, err := machine.Fire(context.Background(), press, 1<<powered)
	fmt.Println(index, err, machine.Current())

	// Output:
	// 0 <nil> on
}
