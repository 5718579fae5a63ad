// Package uploads keeps the bytes of uploaded photos behind Store, so that
// object storage can replace the disk, and makes an uploaded image safe to
// keep: checked by content, decoded and re-encoded without its metadata.
package uploads

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// ErrNotFound is a key the store does not hold.
var ErrNotFound = errors.New("uploads: not found")

// Store keeps bytes under keys made by the caller (letters, digits, '-', '/').
type Store interface {
	Put(ctx context.Context, key string, data []byte) error
	Get(ctx context.Context, key string) ([]byte, error)
	Delete(ctx context.Context, key string) error
}

// Dir is a Store in a directory of the local disk.
type Dir struct{ root string }

// NewDir is a store in root; Check tells whether it can be written.
func NewDir(root string) *Dir { return &Dir{root: root} }

// Check makes the directory if needed and proves that a file can be written there.
func (d *Dir) Check() error {
	if err := os.MkdirAll(d.root, 0o750); err != nil {
		return fmt.Errorf("uploads: %w", err)
	}
	probe := filepath.Join(d.root, ".probe")
	if err := os.WriteFile(probe, nil, 0o640); err != nil {
		return fmt.Errorf("uploads: %s is not writable: %w", d.root, err)
	}
	return os.Remove(probe)
}

func (d *Dir) path(key string) (string, error) {
	if key == "" || strings.Contains(key, "..") || strings.HasPrefix(key, "/") {
		return "", fmt.Errorf("uploads: bad key %q", key)
	}
	return filepath.Join(d.root, filepath.FromSlash(key)), nil
}

// Put writes the file atomically (temporary file, then rename).
func (d *Dir) Put(_ context.Context, key string, data []byte) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return fmt.Errorf("uploads: %w", err)
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, data, 0o640); err != nil {
		return fmt.Errorf("uploads: %w", err)
	}
	if err := os.Rename(tmp, p); err != nil {
		return fmt.Errorf("uploads: %w", err)
	}
	return nil
}

// Get reads a file.
func (d *Dir) Get(_ context.Context, key string) ([]byte, error) {
	p, err := d.path(key)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	return b, err
}

// Delete removes a file; a missing one is not an error.
func (d *Dir) Delete(_ context.Context, key string) error {
	p, err := d.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// Memory is a Store in memory, for tests and development.
type Memory struct {
	mu sync.Mutex
	m  map[string][]byte
}

// NewMemory makes an empty store.
func NewMemory() *Memory { return &Memory{m: map[string][]byte{}} }

// Put keeps a copy of data.
func (s *Memory) Put(_ context.Context, key string, data []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[key] = append([]byte(nil), data...)
	return nil
}

// Get returns the bytes under key.
func (s *Memory) Get(_ context.Context, key string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.m[key]
	if !ok {
		return nil, ErrNotFound
	}
	return b, nil
}

// Delete forgets key.
func (s *Memory) Delete(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, key)
	return nil
}

// Len is how many objects the store holds.
func (s *Memory) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}
