package main

func runSimulate(args []string, e *env) int {
	return usageError(e, "simulate", "not built yet")
}
