package meeting

import (
	"strconv"
	"strings"

	"github.com/breakoutfsm/breakoutfsm/errcodes"
	"github.com/breakoutfsm/breakoutfsm/internal/errs"
	"github.com/breakoutfsm/breakoutfsm/internal/rule"
	"github.com/breakoutfsm/breakoutfsm/lifecycle"
)

// Teams' limits (docs/RULES.md#meeting).
const (
	defaultMaxRooms        = 50
	defaultMaxParticipants = 300
)

// Config is what a meeting is created with. The zero Config is Teams'
// limits (50 rooms, 300 participants) and the SDK's default delays
// (lifecycle.DefaultConfig): meeting.New(meeting.Config{}).
type Config struct {
	// MaxRooms is how many rooms the meeting may hold; 0 means 50, Teams'
	// limit.
	MaxRooms int
	// MaxParticipants is how many participants may be present at once (a
	// participant who left does not count); 0 means 300, Teams' limit.
	MaxParticipants int
	// Participant is the config every participant machine is created with,
	// except its Role, which each participant brings. The zero value means
	// lifecycle.DefaultConfig(). It must describe a Teams meeting with the
	// feature enabled: a meeting whose participants could have no breakout
	// rooms (R1) is refused.
	Participant lifecycle.Config
}

// resolve fills in the defaults and checks the config.
func (c Config) resolve() (Config, *errcodes.Error) {
	switch {
	case c.MaxRooms < 0:
		return c, refuse(BadConfig, rule.Invalid, "§6: MaxRooms must not be negative")
	case c.MaxParticipants < 0:
		return c, refuse(BadConfig, rule.Invalid, "§6: MaxParticipants must not be negative")
	}
	if c.MaxRooms == 0 {
		c.MaxRooms = defaultMaxRooms
	}
	if c.MaxParticipants == 0 {
		c.MaxParticipants = defaultMaxParticipants
	}
	if c.Participant == (lifecycle.Config{}) {
		c.Participant = lifecycle.DefaultConfig()
	}
	// The role is each participant's own; any valid one checks the rest.
	c.Participant.Role = lifecycle.Attendee
	if err := c.Participant.Validate(); err != nil {
		return c, refuse(BadConfig, rule.R1, "§6: participant config: "+err.Error())
	}
	switch {
	case !c.Participant.FeatureEnabled:
		return c, errs.WithCause(errs.New(errcodes.Disabled, rule.R1), BadConfig)
	case c.Participant.Meeting != lifecycle.MeetingTeams:
		return c, errs.WithCause(errs.New(errcodes.OnlyAvailableInMeetings, rule.R1), BadConfig)
	}
	return c, nil
}

// Participant is someone who joins the meeting.
type Participant struct {
	// ID is the participant's raw id (its MRI), unique in the meeting: for
	// example "8:acs:<resource>_<user>" for an ACS user or
	// "8:orgid:<object id>" for a Microsoft 365 user.
	ID string
	// Role is attendee or manager. Only a Microsoft 365 user (identifier kind
	// microsoftTeamsUser, not an anonymous Teams visitor) can be a manager:
	// ACS identities never are (docs/RULES.md §1).
	Role lifecycle.Role
	// Kind is the kind of the participant's CommunicationIdentifier, from
	// which its invitee entry is built.
	Kind lifecycle.IdentifierKind
}

// validate checks the participant's fields.
func (p Participant) validate() *errcodes.Error {
	switch {
	case p.ID == "":
		return refuse(BadParticipant, rule.Invalid, "§6: a participant needs a non-empty id")
	case p.Role != lifecycle.Attendee && p.Role != lifecycle.Manager:
		return refuse(BadParticipant, rule.Invalid, "§6: participant "+strconv.Quote(p.ID)+": role must be attendee or manager")
	case p.Kind < lifecycle.IdentifierCommunicationUser || p.Kind > lifecycle.IdentifierUnknown:
		return refuse(BadParticipant, rule.Invalid, "§6: participant "+strconv.Quote(p.ID)+": invalid identifier kind "+p.Kind.String())
	case p.Role == lifecycle.Manager && (p.Kind != lifecycle.IdentifierMicrosoftTeamsUser || identifierOf(p).IsAnonymous):
		return refuse(BadParticipant, rule.Invalid, "§6: participant "+strconv.Quote(p.ID)+
			": only a Microsoft 365 user can manage breakout rooms, not a "+p.Kind.String()+" identity")
	}
	return nil
}

// rawIDPrefixes are the MRI prefixes of @azure/communication-common's raw ids,
// with what each says about the identifier.
var rawIDPrefixes = []struct {
	kind      lifecycle.IdentifierKind
	prefix    string
	cloud     string
	anonymous bool
}{
	{lifecycle.IdentifierMicrosoftTeamsUser, "8:orgid:", "public", false},
	{lifecycle.IdentifierMicrosoftTeamsUser, "8:dod:", "dod", false},
	{lifecycle.IdentifierMicrosoftTeamsUser, "8:gcch:", "gcch", false},
	{lifecycle.IdentifierMicrosoftTeamsUser, "8:teamsvisitor:", "public", true},
	{lifecycle.IdentifierMicrosoftTeamsApp, "28:orgid:", "public", false},
	{lifecycle.IdentifierMicrosoftTeamsApp, "28:dod:", "dod", false},
	{lifecycle.IdentifierMicrosoftTeamsApp, "28:gcch:", "gcch", false},
	{lifecycle.IdentifierPhoneNumber, "4:", "", false},
}

// identifierOf builds the participant's CommunicationIdentifier the way
// @azure/communication-common reads a raw id: the raw id is kept as rawId and
// the kind's own id field is the raw id without its MRI prefix (a
// communicationUserId is the whole MRI). An id without the kind's prefix is
// taken as the kind's id as it is.
func identifierOf(p Participant) lifecycle.Identifier {
	id := lifecycle.Identifier{Kind: p.Kind, ID: p.ID, RawID: p.ID}
	for _, e := range rawIDPrefixes {
		if e.kind == p.Kind && strings.HasPrefix(p.ID, e.prefix) {
			id.ID = p.ID[len(e.prefix):]
			id.Cloud, id.IsAnonymous = e.cloud, e.anonymous
			break
		}
	}
	if id.ID == "" { // a bare prefix: keep something the SDK could send
		id.ID = p.ID
	}
	return id
}
