// Package text cleans what people type before liaison keeps it: control
// characters (C0 and C1, which no one means to type and which break
// exports, logs and SMS) and the Unicode direction overrides (U+202A–U+202E,
// U+2066–U+2069, which make a text read differently from what it holds) are
// removed. Newline and tab stay: messages and replies have lines.
package text

import (
	"reflect"
	"strings"
)

// drop reports whether r is removed.
func drop(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f): // C0, DEL, C1
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // embeddings, overrides, isolates
		return true
	}
	return false
}

// Clean removes the control characters and direction overrides of s; a
// carriage return of a Windows line end goes too, leaving the newline.
func Clean(s string) string {
	if strings.IndexFunc(s, drop) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if drop(r) {
			return -1
		}
		return r
	}, s)
}

// CleanAll cleans, in place, every string reachable from v (a pointer to a
// decoded request body): fields, pointers, slices and maps of strings.
func CleanAll(v any) { cleanValue(reflect.ValueOf(v)) }

func cleanValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			cleanValue(v.Elem())
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(Clean(v.String()))
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				cleanValue(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			cleanValue(v.Index(i))
		}
	case reflect.Map:
		if v.Type().Elem().Kind() != reflect.String {
			for _, k := range v.MapKeys() {
				e := reflect.New(v.Type().Elem()).Elem()
				e.Set(v.MapIndex(k))
				cleanValue(e)
				v.SetMapIndex(k, e)
			}
			return
		}
		for _, k := range v.MapKeys() {
			v.SetMapIndex(k, reflect.ValueOf(Clean(v.MapIndex(k).String())).Convert(v.Type().Elem()))
		}
	}
}
