package notify

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Rules say how each kind of notice is sent (configs/notifications.yaml).
type Rules struct {
	Retry             Retry           `yaml:"retry"`
	SendingTimeout    time.Duration   `yaml:"sending_timeout"`
	RequeueAfter      time.Duration   `yaml:"requeue_after"`
	UnknownGrace      time.Duration   `yaml:"unknown_grace"`
	RateLimits        map[string]int  `yaml:"rate_limits"`
	LongTermTemplates []string        `yaml:"long_term_templates"`
	Kinds             map[string]Kind `yaml:"kinds"`
}

// Retry is the backoff of transient failures.
type Retry struct {
	MaxAttempts int           `yaml:"max_attempts"`
	BaseDelay   time.Duration `yaml:"base_delay"`
	MaxDelay    time.Duration `yaml:"max_delay"`
}

// Kind is how one kind of notice is sent.
type Kind struct {
	Priority string      `yaml:"priority"` // asynq queue: critical, default, low
	WeChat   *WeChatRule `yaml:"wechat"`
	SMS      *SMSRule    `yaml:"sms"`
}

// WeChatRule maps a notice onto a subscribe message template.
type WeChatRule struct {
	Template string               `yaml:"template"` // key of subscribe_templates
	Page     string               `yaml:"page"`
	Data     map[string]FieldRule `yaml:"data"`
}

// FieldRule fills one template field from a parameter.
type FieldRule struct {
	Param string `yaml:"param"`
	Type  string `yaml:"type"`
}

// SMSRule maps a notice onto an SMS template.
type SMSRule struct {
	TemplateID string         `yaml:"template_id"`
	Params     []string       `yaml:"params"`
	MaxLen     map[string]int `yaml:"max_len"` // characters; a longer value is cut, ending in "…"
}

// LoadRules reads the rules file and checks it.
func LoadRules(path string) (*Rules, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("notify: rules: %w", err)
	}
	var r Rules
	if err := yaml.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("notify: rules %s: %w", path, err)
	}
	if err := r.validate(); err != nil {
		return nil, fmt.Errorf("notify: rules %s: %w", path, err)
	}
	return &r, nil
}

var fieldTypes = []string{"thing", "number", "letter", "symbol", "character_string", "time", "date", "amount", "phone_number", "car_number", "name", "phrase"}

func (r *Rules) validate() error {
	var problems []string
	if r.Retry.MaxAttempts < 1 || r.Retry.BaseDelay <= 0 || r.Retry.MaxDelay < r.Retry.BaseDelay {
		problems = append(problems, "retry needs max_attempts ≥ 1 and 0 < base_delay ≤ max_delay")
	}
	if r.SendingTimeout <= 0 || r.UnknownGrace <= 0 || r.RequeueAfter <= 0 {
		problems = append(problems, "sending_timeout, requeue_after and unknown_grace must be positive")
	}
	for name, k := range r.Kinds {
		if k.WeChat == nil && k.SMS == nil {
			problems = append(problems, name+": neither wechat nor sms")
		}
		switch k.Priority {
		case "critical", "default", "low":
		default:
			problems = append(problems, name+": priority must be critical, default or low")
		}
		if k.WeChat != nil {
			if k.WeChat.Template == "" || len(k.WeChat.Data) == 0 {
				problems = append(problems, name+": wechat needs a template and data")
			}
			for field, f := range k.WeChat.Data {
				if !slices.Contains(fieldTypes, f.Type) || !strings.HasPrefix(field, f.Type) || f.Param == "" {
					problems = append(problems, fmt.Sprintf("%s: wechat field %s: type %q (the field name starts with its type) and a param", name, field, f.Type))
				}
			}
		}
		if k.SMS != nil && k.SMS.TemplateID == "" {
			problems = append(problems, name+": sms needs a template_id")
		}
		if k.SMS != nil {
			for _, p := range k.SMS.Params {
				if k.SMS.MaxLen[p] < 1 {
					problems = append(problems, fmt.Sprintf("%s: sms parameter %s needs a max_len", name, p))
				}
			}
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

// backoff is the delay before attempt n+1 after n failed attempts, without jitter.
func (r Retry) backoff(n int) time.Duration {
	d := r.BaseDelay
	for i := 1; i < n && d < r.MaxDelay; i++ {
		d *= 2
	}
	return min(d, r.MaxDelay)
}
