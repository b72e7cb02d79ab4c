package qualtricsemu

import (
	"encoding/json"
	"time"
)

// typeInfo is an activity type the emulator lists, with the filters it takes.
type typeInfo struct {
	name, description, category string
	filters                     []string
}

// ActivityTypes returns the names of the activity types the emulator lists,
// in the order it lists them.
func ActivityTypes() []string {
	var names []string
	for _, t := range emulatorTypes() {
		names = append(names, t.name)
	}
	return names
}

// emulatorTypes are the activity types the emulator lists: the ones public
// clients name, and response_exports, which trail does not know, so the
// client meets a type it must show without understanding it. Which filters
// each takes is a plausible guess: the documentation says only that not all
// of them work with every type.
func emulatorTypes() []typeInfo {
	user := []string{"userId", "organizationId"}
	return []typeInfo{
		{"logins", "User logins, successful and failed", "Authentication", user},
		{"session_creations", "Sessions started", "Authentication", user},
		{"session_terminations", "Sessions ended", "Authentication", user},
		{"password_changes", "Passwords changed by their users", "Authentication", user},
		{"password_resets", "Passwords reset", "Authentication", user},
		{"users", "Users created, changed or deleted", "Administration", user},
		{"brands", "Brand settings changed", "Administration", []string{"organizationId"}},
		{"role_membership_change", "Users added to or removed from roles", "Permissions", []string{"userId", "organizationId", "groupId"}},
		{"role_permission_change", "Role permissions changed", "Permissions", []string{"organizationId", "groupId"}},
		{"user_permission_change", "User permissions changed", "Permissions", user},
		{"contact_list", "Mailing lists changed", "XM Directory", []string{"directoryId", "groupId"}},
		{"contact", "Contacts changed", "XM Directory", []string{"directoryId", "contactId"}},
		{"directory", "Directories changed", "XM Directory", []string{"directoryId"}},
		{"directory_setting", "Directory settings changed", "XM Directory", []string{"directoryId"}},
		{"dashboard_usage", "Dashboards viewed", "CX Dashboards", user},
		{"response_exports", "Survey responses exported", "Data", []string{"organizationId"}},
	}
}

// findType looks up an activity type the emulator lists, by its exact name.
func findType(name string) (typeInfo, bool) {
	for _, t := range emulatorTypes() {
		if t.name == name {
			return t, true
		}
	}
	return typeInfo{}, false
}

// MarshalJSON writes the event as the API does: id, timestamp with
// milliseconds, datacenter, source and the descriptor, with no type.
func (e Entry) MarshalJSON() ([]byte, error) {
	d := e.Descriptor
	if len(d) == 0 {
		d = json.RawMessage("{}")
	}
	return json.Marshal(struct {
		ID         string          `json:"id"`
		Timestamp  string          `json:"timestamp"`
		Datacenter string          `json:"datacenter"`
		Source     string          `json:"source"`
		Descriptor json.RawMessage `json:"descriptor"`
	}{e.ID, e.Timestamp.UTC().Format(dateLayout), e.Datacenter, e.Source, d})
}

// marshal is MarshalJSON for entries known to encode.
func (e Entry) marshal() json.RawMessage {
	b, err := e.MarshalJSON()
	if err != nil {
		return json.RawMessage(`{}`)
	}
	return b
}

// The descriptor shapes below follow the fields public clients read, in the
// order of the API's example; nil pointers are sent as null, as it does.

type geo struct {
	CountryCode string  `json:"countryCode"`
	Region      string  `json:"region"`
	City        string  `json:"city"`
	PostalCode  string  `json:"postalCode"`
	Latitude    float64 `json:"latitude"`
	Longitude   float64 `json:"longitude"`
	DmaCode     int     `json:"dmaCode"`
	AreaCode    int     `json:"areaCode"`
	MetroCode   int     `json:"metroCode"`
}

type authInfo struct {
	Method        string  `json:"method"`
	MethodVersion *string `json:"methodVersion"`
	SecondFactor  *string `json:"secondFactor"`
}

type platformInfo struct {
	UserAgent              string `json:"userAgent"`
	UserAgentVersion       string `json:"userAgentVersion"`
	OperatingSystem        string `json:"operatingSystem"`
	OperatingSystemVersion string `json:"operatingSystemVersion"`
	DeviceFamily           string `json:"deviceFamily"`
}

type loginDescriptor struct {
	UserID        *string      `json:"userId"`
	Username      string       `json:"username"`
	BrandID       string       `json:"brandId"`
	SessionID     *string      `json:"sessionId"`
	IsSuccessful  bool         `json:"isSuccessful"`
	FailureReason *string      `json:"failureReason"`
	IsProxyLogin  bool         `json:"isProxyLogin"`
	ProxyDetails  *string      `json:"proxyDetails"`
	Product       string       `json:"product"`
	URL           string       `json:"url"`
	IPAddress     string       `json:"ipAddress"`
	Location      geo          `json:"location"`
	Auth          authInfo     `json:"authentication"`
	Platform      platformInfo `json:"platform"`
}

type sessionDescriptor struct {
	UserID               string `json:"userId"`
	BrandID              string `json:"brandId"`
	SessionID            string `json:"sessionId"`
	TerminationTimestamp *int64 `json:"terminationTimestamp"`
	IPAddress            string `json:"ipAddress"`
	Location             geo    `json:"location"`
}

type validationRules struct {
	MaxPasswordAgeDays           int `json:"maxPasswordAgeDays"`
	MinPasswordLength            int `json:"minPasswordLength"`
	MinUpperCaseCharacters       int `json:"minUpperCaseCharacters"`
	MinLowerCaseCharacters       int `json:"minLowerCaseCharacters"`
	MinNumericCharacters         int `json:"minNumericCharacters"`
	MinNonAlphaNumericCharacters int `json:"minNonAlphaNumericCharacters"`
	MinGenerationsWithoutRepeat  int `json:"minGenerationsWithoutRepeat"`
}

type resetDescriptor struct {
	UserID          string          `json:"userId"`
	BrandID         string          `json:"brandId"`
	AgentUserID     *string         `json:"agentUserId"`
	AgentSessionID  *string         `json:"agentSessionId"`
	ValidationRules validationRules `json:"validationRules"`
	Reason          string          `json:"reason"`
	IPAddress       string          `json:"ipAddress"`
	Location        geo             `json:"location"`
}

// exportDescriptor is the made-up shape of response_exports, the type the
// client does not know.
type exportDescriptor struct {
	UserID      string `json:"userId"`
	BrandID     string `json:"brandId"`
	SurveyID    string `json:"surveyId"`
	SurveyName  string `json:"surveyName"`
	Format      string `json:"format"`
	RecordCount int    `json:"recordCount"`
	IPAddress   string `json:"ipAddress"`
}

// raw encodes a descriptor; the shapes above always encode.
func raw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage(`{}`)
	}
	return b
}

// millis is t as Unix milliseconds, for terminationTimestamp.
func millis(t time.Time) *int64 {
	ms := t.UnixMilli()
	return &ms
}
