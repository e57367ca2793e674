package main

import (
	"runtime/debug"
	"strings"
)

// versionLine says which build this is, from the build information the Go
// toolchain records: the module's version ("(devel)" when built from a
// checkout rather than installed at a version), the revision of the
// repository it was built from (with ", modified" when the checkout had
// uncommitted changes) and the revision's time, and the Go version.
func versionLine() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "breakoutfsm: no build information (not built with module support)"
	}
	return formatVersion(info)
}

func formatVersion(info *debug.BuildInfo) string {
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	var b strings.Builder
	b.WriteString("breakoutfsm ")
	version := info.Main.Version
	if version == "" {
		version = "(unknown version)"
	}
	b.WriteString(version)
	if path := info.Main.Path; path != "" {
		b.WriteString(" (" + path + ")")
	}
	if rev := settings["vcs.revision"]; rev != "" {
		b.WriteString(", " + settings["vcs"] + " revision " + rev)
		var notes []string
		if t := settings["vcs.time"]; t != "" {
			notes = append(notes, t)
		}
		if settings["vcs.modified"] == "true" {
			notes = append(notes, "modified")
		}
		if len(notes) > 0 {
			b.WriteString(" (" + strings.Join(notes, ", ") + ")")
		}
	} else {
		b.WriteString(", no revision recorded (built outside a repository, or with -buildvcs=false)")
	}
	b.WriteString(", " + info.GoVersion)
	return b.String()
}
