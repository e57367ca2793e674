//go:build !unix

package proptest

import "os/exec"

// killTree leaves the command as it is: its cancellation kills the process
// itself (exec.CommandContext's default).
func killTree(cmd *exec.Cmd) {}
