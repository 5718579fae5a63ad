package notify

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
)

// sealedPrefix marks a params column sealed with the engine's box. A notice's
// parameters name people and carry codes that open pages without a login
// (the employer's notice code), so they are kept sealed at rest like phone
// numbers; the worker opens them to send.
const sealedPrefix = "sealed:"

// sealParams is the params column of a new notice.
func (e *Engine) sealParams(params map[string]string) (string, error) {
	data, err := json.Marshal(params)
	if err != nil {
		return "", fmt.Errorf("notify: params: %w", err)
	}
	if e.Box == nil {
		return string(data), nil
	}
	sealed, err := e.Box.Seal(string(data))
	if err != nil {
		return "", fmt.Errorf("notify: seal params: %w", err)
	}
	return sealedPrefix + base64.StdEncoding.EncodeToString(sealed), nil
}

// openParams reads a params column, sealed or (rows of before sealing, or
// cleared by ForgetRecipients) plain JSON.
func (e *Engine) openParams(column string) (map[string]string, error) {
	data := column
	if rest, ok := strings.CutPrefix(column, sealedPrefix); ok {
		raw, err := base64.StdEncoding.DecodeString(rest)
		if err != nil {
			return nil, err
		}
		if e.Box == nil {
			return nil, fmt.Errorf("sealed parameters and no key to open them")
		}
		if data, err = e.Box.Open(raw); err != nil {
			return nil, err
		}
	}
	params := map[string]string{}
	if err := json.Unmarshal([]byte(data), &params); err != nil {
		return nil, err
	}
	return params, nil
}
