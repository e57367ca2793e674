package meeting

// The snapshot as the package holds it, for the external tests that break
// one field at a time: a test build exports them, the package does not.
type (
	MeetingSnapshot = meetingSnapshot
	SnapshotError   = snapshotError
)

// Capture takes the meeting's snapshot.
func (m *Meeting) Capture() MeetingSnapshot { return m.capture() }

// Restore rebuilds a meeting from its snapshot.
func Restore(s MeetingSnapshot) (*Meeting, error) { return restore(s) }
