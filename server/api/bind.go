package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gin-gonic/gin/binding"

	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/text"
)

// bind decodes a JSON body into dst, answering 400 when it cannot: malformed
// JSON is invalid_json; a value of the wrong type or form (a number for a
// string, a time that is not RFC 3339) is invalid_input with the field at
// fault in fields, as a capability's own checks answer. Every string of the
// body is cleaned of control characters and direction overrides
// (server/text) before any capability sees it.
func bind(c *gin.Context, dst any) bool {
	if c.Request.Body == nil {
		c.Request.Body = http.NoBody
	}
	data, err := io.ReadAll(c.Request.Body)
	if err == nil {
		err = binding.JSON.BindBody(data, dst)
	}
	if err != nil {
		malformed := &apperr.Error{Kind: apperr.KindInvalid, Code: "invalid_json", Message: "请求格式错误", Err: err}
		if field, problem, ok := fieldAtFault(err, data, reflect.TypeOf(dst)); ok {
			fail(c, &apperr.Error{Kind: apperr.KindInvalid, Code: "invalid_input", Message: "输入有误，请检查后重试",
				Fields: map[string]string{field: problem}, Err: err})
			return false
		}
		fail(c, bodyError(err, malformed))
		return false
	}
	text.CleanAll(dst)
	return true
}

// fieldAtFault names the field (dotted, as the body spells it: on_behalf.phone,
// image_ids[1]) whose value could not be decoded into dst's type t, and what
// is wrong with it. Malformed JSON, or a body that is not an object, has no
// field at fault.
func fieldAtFault(err error, data []byte, t reflect.Type) (field, problem string, ok bool) {
	var syntax *json.SyntaxError
	var mbe *http.MaxBytesError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax), errors.As(err, &mbe), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "", "", false
	case errors.As(err, &te):
		if te.Field == "" {
			return "", "", false
		}
		return te.Field, problemOf(te), true
	case t == nil || t.Kind() != reflect.Pointer:
		return "", "", false
	}
	// A type's own UnmarshalJSON (time.Time's) says what is wrong, not where:
	// decode the body's members one at a time to find the one that fails.
	path, cause := failing(t.Elem(), data, func(v []byte) []byte { return v }, maxFieldDepth)
	if cause == nil || path == "" {
		return "", "", false
	}
	return path, problemOf(cause), true
}

// problemOf says in plain Chinese what is wrong with a value that failed to
// decode with err.
func problemOf(err error) string {
	var te *json.UnmarshalTypeError
	var pe *time.ParseError
	switch {
	case errors.As(err, &te):
		return expected(te.Type)
	case errors.As(err, &pe), strings.Contains(err.Error(), "Time.UnmarshalJSON"):
		return expected(reflect.TypeFor[time.Time]())
	default:
		return "格式不正确"
	}
}

// maxFieldDepth bounds how deep failing looks: each level decodes the body
// again, and no input of this API nests deeper.
const maxFieldDepth = 6

// failing finds, in the JSON value raw (placed in the body by wrap), the
// deepest member (depth levels at most) whose value alone fails to decode
// into t, with the error it fails with; nil when raw decodes. The path is ""
// when raw fails as a whole (a time given as a number).
func failing(t reflect.Type, raw []byte, wrap func([]byte) []byte, depth int) (string, error) {
	cause := json.Unmarshal(wrap(raw), reflect.New(t).Interface())
	if cause == nil || depth == 0 {
		return "", cause
	}
	join := func(at, deeper string) string {
		if deeper == "" || strings.HasPrefix(deeper, "[") {
			return at + deeper
		}
		return at + "." + deeper
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) == nil {
		keys := slices.Sorted(maps.Keys(obj))
		for _, k := range keys {
			name, _ := json.Marshal(k)
			inner := func(v []byte) []byte { return wrap([]byte("{" + string(name) + ":" + string(v) + "}")) }
			if deeper, err := failing(t, obj[k], inner, depth-1); err != nil {
				return join(k, deeper), err
			}
		}
	}
	var arr []json.RawMessage
	if json.Unmarshal(raw, &arr) == nil {
		for i, v := range arr {
			inner := func(v []byte) []byte { return wrap([]byte("[" + string(v) + "]")) }
			if deeper, err := failing(t, v, inner, depth-1); err != nil {
				return join(fmt.Sprintf("[%d]", i), deeper), err
			}
		}
	}
	return "", cause
}

// expected says, in plain Chinese, what a value of type t looks like.
func expected(t reflect.Type) string {
	if t == reflect.TypeFor[time.Time]() {
		return "时间格式不正确，应如 2024-03-15T09:30:00+08:00"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "应为整数"
	case reflect.Float32, reflect.Float64:
		return "应为数字"
	case reflect.String:
		return "应为文字"
	case reflect.Bool:
		return "应为是或否"
	case reflect.Slice, reflect.Array:
		return "应为列表"
	default:
		return "格式不正确"
	}
}
