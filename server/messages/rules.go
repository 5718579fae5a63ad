package messages

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/liaison-stations/liaison/server/uploads"
)

// Rules are the settings of configs/messages.yaml.
type Rules struct {
	AcceptWithinWorkdays int           `yaml:"accept_within_workdays"`
	ReplyWithinWorkdays  int           `yaml:"reply_within_workdays"`
	RateWithin           time.Duration `yaml:"rate_within"`
	PromiseDueSoon       time.Duration `yaml:"promise_due_soon"`
	FollowupHour         int           `yaml:"followup_hour"`
	CodePrefix           string        `yaml:"code_prefix"`
	HolidaysDir          string        `yaml:"holidays_dir"`
	UploadsDir           string        `yaml:"uploads_dir"`
	UploadMaxBytes       int64         `yaml:"upload_max_bytes"`
	// UploadDecode bounds decoding the photos: memory of the largest
	// decoded image and of all at once, decodes at once, how long an
	// upload waits for its turn (then 503).
	UploadDecode struct {
		MaxBytes int64         `yaml:"max_bytes"`
		AtOnce   int           `yaml:"at_once"`
		Wait     time.Duration `yaml:"wait"`
	} `yaml:"upload_decode"`
	MaxImages  int `yaml:"max_images"`
	RateLimits struct {
		PerUser Limit `yaml:"per_user"`
		PerIP   Limit `yaml:"per_ip"`
	} `yaml:"rate_limits"`
	// AnonymizeAfter is how long a closed message keeps who wrote it
	// (PIPL retention); then its author, name, phone and photos go.
	AnonymizeAfter time.Duration `yaml:"anonymize_after"`
	// Calendar is loaded from HolidaysDir.
	Calendar *Calendar `yaml:"-"`
}

// Limit is count submissions per period; a zero count means no limit.
type Limit struct {
	Count int           `yaml:"count"`
	Per   time.Duration `yaml:"per"`
}

// DefaultRules are the rules without a file: weekends-only calendar.
func DefaultRules() *Rules {
	r := &Rules{AcceptWithinWorkdays: 3, ReplyWithinWorkdays: 15, RateWithin: 7 * 24 * time.Hour,
		PromiseDueSoon: 7 * 24 * time.Hour, FollowupHour: 9, CodePrefix: "LX", UploadMaxBytes: 5 << 20, MaxImages: 9,
		AnonymizeAfter: 3 * 365 * 24 * time.Hour, Calendar: &Calendar{}}
	r.RateLimits.PerUser = Limit{Count: 10, Per: time.Hour}
	d := uploads.DefaultDecodeLimits()
	r.UploadDecode.MaxBytes, r.UploadDecode.AtOnce, r.UploadDecode.Wait = d.MaxBytes, d.AtOnce, d.Wait
	r.RateLimits.PerIP = Limit{Count: 60, Per: time.Hour}
	return r
}

// LoadRules reads configs/messages.yaml and the holiday calendars it names.
// Relative paths are resolved against the file's folder.
func LoadRules(path string) (*Rules, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("messages: rules: %w", err)
	}
	r := DefaultRules()
	if err := yaml.Unmarshal(data, r); err != nil {
		return nil, fmt.Errorf("messages: rules %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	if r.HolidaysDir != "" && !filepath.IsAbs(r.HolidaysDir) {
		r.HolidaysDir = filepath.Join(dir, r.HolidaysDir)
	}
	if r.UploadsDir != "" && !filepath.IsAbs(r.UploadsDir) {
		r.UploadsDir = filepath.Join(dir, r.UploadsDir)
	}
	switch {
	case r.AcceptWithinWorkdays < 1 || r.ReplyWithinWorkdays < 1:
		return nil, fmt.Errorf("messages: rules %s: deadlines must be at least one working day", path)
	case r.FollowupHour < 0 || r.FollowupHour > 23:
		return nil, fmt.Errorf("messages: rules %s: followup_hour must be 0–23", path)
	case r.MaxImages < 0 || r.UploadMaxBytes <= 0:
		return nil, fmt.Errorf("messages: rules %s: max_images and upload_max_bytes", path)
	case r.UploadDecode.MaxBytes <= 0 || r.UploadDecode.AtOnce <= 0 || r.UploadDecode.Wait <= 0:
		return nil, fmt.Errorf("messages: rules %s: upload_decode needs max_bytes, at_once and wait above zero", path)
	case r.AnonymizeAfter < 24*time.Hour:
		return nil, fmt.Errorf("messages: rules %s: anonymize_after must be at least a day", path)
	}
	if r.HolidaysDir != "" {
		if r.Calendar, err = LoadCalendar(r.HolidaysDir); err != nil {
			return nil, err
		}
	}
	return r, nil
}
