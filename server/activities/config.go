package activities

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Rules are the settings of configs/activities.yaml: the station rules of
// item 4, reminders, the check-in window and the employer page's texts.
type Rules struct {
	StationRules       []StationRule      `yaml:"station_rules"`
	ComplianceReminder ComplianceReminder `yaml:"compliance_reminder"`
	ReminderOffsets    []time.Duration    `yaml:"reminder_offsets"`
	CheckinOpensBefore time.Duration      `yaml:"checkin_opens_before"`
	CheckinCodeSlot    time.Duration      `yaml:"checkin_code_slot"`
	EmployerNotice     EmployerTexts      `yaml:"employer_notice"`
	// Offices are the issuing office and contact phone of the employer's
	// notice per area code; an activity takes its station's area's, else the
	// nearest above it, else the deployment's (employer_notice).
	Offices map[string]Office `yaml:"offices"`
	// PublicKinds are the kinds shown to the public on a station's page
	// (GET /stations/{id}/schedule): those the public may come to.
	PublicKinds []string `yaml:"public_kinds"`
}

// StationRule says a station holds at least AtLeast activities of Kind per Period.
type StationRule struct {
	Kind    string `yaml:"kind" json:"kind"`
	Period  string `yaml:"period" json:"period"` // month, quarter, half_year, year
	AtLeast int    `yaml:"at_least" json:"at_least"`
}

// ComplianceReminder says when staff are reminded of a rule not yet met.
type ComplianceReminder struct {
	MonthlyDay      int           `yaml:"monthly_day"`
	BeforePeriodEnd time.Duration `yaml:"before_period_end"`
}

// EmployerTexts are the fixed texts of the employer's page.
type EmployerTexts struct {
	LegalBasis    string `yaml:"legal_basis"`
	IssuingOffice string `yaml:"issuing_office"`
	ContactPhone  string `yaml:"contact_phone"`
}

// Office issues the employer's notice and answers its telephone.
type Office struct {
	Name  string `yaml:"name"`
	Phone string `yaml:"phone"`
}

// OfficeFor is the office of an area: the area's own, else that of the
// nearest area above it (by the administrative code, GB/T 2260: a street
// 450102001 → county 450102 → city 450100 → province 450000), else the
// deployment's.
func (r *Rules) OfficeFor(areaCode string) Office {
	for _, c := range areaAncestry(areaCode) {
		if o, ok := r.Offices[c]; ok {
			return o
		}
	}
	return Office{Name: r.EmployerNotice.IssuingOffice, Phone: r.EmployerNotice.ContactPhone}
}

// areaAncestry is the code and the codes above it, nearest first.
func areaAncestry(code string) []string {
	out := []string{code}
	if len(code) > 6 {
		code = code[:6]
		out = append(out, code)
	}
	if len(code) == 6 {
		for _, up := range []string{code[:4] + "00", code[:2] + "0000"} {
			if up != out[len(out)-1] {
				out = append(out, up)
			}
		}
	}
	return out
}

// DefaultRules are the rules of configs/activities.yaml, for a missing file (tests, tools).
func DefaultRules() *Rules {
	r := &Rules{
		StationRules: []StationRule{
			{"reception_day", "month", 1}, {"visit", "month", 1}, {"publicity", "quarter", 1}, {"study", "quarter", 1},
			{"opinion_meeting", "half_year", 1}, {"report_review", "year", 1}, {"survey", "year", 1}, {"satisfaction_review", "year", 1},
		},
		ComplianceReminder: ComplianceReminder{MonthlyDay: 20, BeforePeriodEnd: 14 * 24 * time.Hour},
		ReminderOffsets:    []time.Duration{24 * time.Hour, 2 * time.Hour},
		CheckinOpensBefore: time.Hour,
		CheckinCodeSlot:    30 * time.Second,
		PublicKinds:        []string{"reception_day", "visit", "publicity", "opinion_meeting", "report_review", "satisfaction_review", "theme"},
		EmployerNotice: EmployerTexts{
			LegalBasis:    "根据《代表法》第三十三条，代表所在单位必须给予时间保障，按正常出勤对待，享受所在单位的工资和其他待遇。",
			IssuingOffice: "人大常委会代表联络站",
		},
	}
	return r
}

// LoadRules reads configs/activities.yaml and checks it.
func LoadRules(path string) (*Rules, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("activities: %w", err)
	}
	r := DefaultRules()
	r.StationRules, r.ReminderOffsets = nil, nil
	if err := yaml.Unmarshal(data, r); err != nil {
		return nil, fmt.Errorf("activities: %s: %w", path, err)
	}
	if err := r.check(); err != nil {
		return nil, fmt.Errorf("activities: %s: %w", path, err)
	}
	return r, nil
}

func (r *Rules) check() error {
	for _, sr := range r.StationRules {
		if !KnownKind(sr.Kind) {
			return fmt.Errorf("station rule of unknown kind %q", sr.Kind)
		}
		if !slices.Contains([]string{"month", "quarter", "half_year", "year"}, sr.Period) {
			return fmt.Errorf("station rule %s: period %q is not month, quarter, half_year or year", sr.Kind, sr.Period)
		}
		if sr.AtLeast < 1 {
			return fmt.Errorf("station rule %s: at_least must be at least 1", sr.Kind)
		}
	}
	for code, o := range r.Offices {
		if strings.TrimSpace(o.Name) == "" || strings.TrimSpace(o.Phone) == "" {
			return fmt.Errorf("offices: %s needs a name and a phone", code)
		}
	}
	for _, k := range r.PublicKinds {
		if !KnownKind(k) {
			return fmt.Errorf("public_kinds: unknown kind %q", k)
		}
	}
	for _, o := range r.ReminderOffsets {
		if o <= 0 {
			return fmt.Errorf("reminder offset %s is not positive", o)
		}
	}
	slices.SortFunc(r.ReminderOffsets, func(a, b time.Duration) int { return int(b - a) }) // longest first
	if r.CheckinCodeSlot < 5*time.Second {
		return fmt.Errorf("checkin_code_slot %s is shorter than 5s", r.CheckinCodeSlot)
	}
	if r.CheckinOpensBefore < 0 {
		return fmt.Errorf("checkin_opens_before is negative")
	}
	if r.ComplianceReminder.MonthlyDay < 1 || r.ComplianceReminder.MonthlyDay > 28 {
		return fmt.Errorf("compliance_reminder.monthly_day must be 1–28")
	}
	return nil
}

// KnownKind reports whether code is an activity kind.
func KnownKind(code string) bool {
	return slices.ContainsFunc(Kinds, func(k Kind) bool { return k.Code == code })
}

// unknownKind is the field error of a kind that is not one of Kinds: it
// names their codes, which a client sends, with what each means.
func unknownKind() string {
	codes := make([]string, len(Kinds))
	for i, k := range Kinds {
		codes[i] = k.Code + "（" + k.Name + "）"
	}
	return "未知的活动类型，应为以下之一：" + strings.Join(codes, "、")
}

// KindName is the Chinese name of a kind.
func KindName(code string) string {
	for _, k := range Kinds {
		if k.Code == code {
			return k.Name
		}
	}
	return code
}
