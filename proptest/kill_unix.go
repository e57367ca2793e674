//go:build unix

package proptest

import (
	"os/exec"
	"syscall"
)

// killTree starts the command in a process group of its own and has its
// cancellation kill the whole group, so that an engine run through a shell
// or a runtime launcher leaves nothing behind when it is killed.
func killTree(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}
