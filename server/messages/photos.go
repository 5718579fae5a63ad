package messages

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/liaison-stations/liaison/server/access"
	"github.com/liaison-stations/liaison/server/apperr"
	"github.com/liaison-stations/liaison/server/store"
	"github.com/liaison-stations/liaison/server/uploads"
)

var errPhotoNotFound = apperr.NotFound("upload_not_found", "照片不存在")

// uploadRetryAfter is when an upload that found every decode busy may try again.
const uploadRetryAfter = 5 * time.Second

// ErrTooLarge is the answer to a photo over upload_max_bytes.
func (s *Service) errTooLarge() error {
	return apperr.New(apperr.KindTooLarge, "upload_too_large", fmt.Sprintf("照片不能超过 %d MB", s.Rules.UploadMaxBytes>>20))
}

// MaxUploadBytes is the size limit of one photo.
func (s *Service) MaxUploadBytes() int64 { return s.Rules.UploadMaxBytes }

// Upload keeps a photo for a message the caller is about to submit. It is
// checked by content, re-encoded without metadata (EXIF, GPS) and stored;
// it stays the caller's until a message takes it.
func (s *Service) Upload(ctx context.Context, p *access.Principal, data []byte) (*Image, error) {
	if p == nil || p.UserID == 0 {
		return nil, apperr.Unauthorized("unauthorized", "请先登录")
	}
	if int64(len(data)) > s.Rules.UploadMaxBytes {
		return nil, s.errTooLarge()
	}
	clean, kind, err := s.Decoder.Clean(ctx, data)
	switch {
	case errors.Is(err, uploads.ErrNotImage):
		return nil, &apperr.Error{Kind: apperr.KindInvalid, Code: "not_an_image", Message: "仅支持 JPEG、PNG、WebP 格式的照片",
			Fields: map[string]string{"file": "不是有效的 JPEG、PNG 或 WebP 图片"}}
	case errors.Is(err, uploads.ErrTooManyPixels):
		return nil, &apperr.Error{Kind: apperr.KindTooLarge, Code: "image_too_large", Message: "照片尺寸过大，请缩小后再上传",
			Fields: map[string]string{"file": "照片的像素太多，请缩小后再上传"}}
	case errors.Is(err, uploads.ErrBusy):
		return nil, &apperr.Error{Kind: apperr.KindUnavailable, Code: "upload_busy", Message: "现在上传照片的人较多，请稍后再试",
			RetryAfter: uploadRetryAfter, Err: err}
	case err != nil:
		return nil, err
	}
	var rnd [12]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	key := fmt.Sprintf("%s/%s", now.Format("200601"), hex.EncodeToString(rnd[:]))
	if err := s.Uploads.Put(ctx, key, clean); err != nil {
		return nil, apperr.Unavailable("upload_store_unavailable", "照片保存失败，请稍后再试", err)
	}
	res, err := s.DB.ExecContext(ctx, `INSERT INTO uploads (user_id, storage_key, content_type, bytes, created_at) VALUES (?, ?, ?, ?, ?)`,
		p.UserID, key, kind, len(clean), now)
	if err != nil {
		_ = s.Uploads.Delete(ctx, key)
		return nil, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return nil, err
	}
	return &Image{ID: id, URL: UploadURL(id)}, nil
}

// Photo returns a photo's bytes and type to its uploader, or to whoever may
// see the message it belongs to; anyone else gets 404.
func (s *Service) Photo(ctx context.Context, p *access.Principal, id int64) ([]byte, string, error) {
	if p == nil {
		return nil, "", errPhotoNotFound
	}
	where, args := visible(p)
	var u struct {
		Key  string `db:"storage_key"`
		Type string `db:"content_type"`
	}
	// The scope of a photo is its message's station: the join reads
	// stations (registry's table) for the station's area, as selectMessage does.
	err := s.DB.GetContext(ctx, &u, `SELECT up.storage_key, up.content_type FROM uploads up
		LEFT JOIN messages m ON m.id = up.message_id LEFT JOIN stations s ON s.id = m.station_id
		WHERE up.id = ? AND ((up.message_id IS NULL AND up.user_id = ?) OR (up.message_id IS NOT NULL AND `+where+`))`,
		append([]any{id, p.UserID}, args...)...)
	if store.IsNoRows(err) {
		return nil, "", errPhotoNotFound
	}
	if err != nil {
		return nil, "", err
	}
	data, err := s.Uploads.Get(ctx, u.Key)
	if errors.Is(err, uploads.ErrNotFound) {
		return nil, "", errPhotoNotFound
	}
	if err != nil {
		return nil, "", apperr.Unavailable("upload_store_unavailable", "照片暂时无法读取", err)
	}
	return data, u.Type, nil
}

// unusedPhotoTTL is how long a photo may wait for the message it was
// uploaded for.
const unusedPhotoTTL = 24 * time.Hour

// PurgeUnusedPhotos deletes the photos no message took within a day of
// their upload (the citizen gave up, or uploaded more than they sent). It is
// safe to run repeatedly and in several workers.
func (s *Service) PurgeUnusedPhotos(ctx context.Context) (int, error) {
	var old []struct {
		ID  int64  `db:"id"`
		Key string `db:"storage_key"`
	}
	if err := s.DB.SelectContext(ctx, &old, `SELECT id, storage_key FROM uploads WHERE message_id IS NULL AND created_at < ? ORDER BY id LIMIT 500`,
		s.Clock.Now().Add(-unusedPhotoTTL)); err != nil {
		return 0, err
	}
	n := 0
	for _, u := range old {
		res, err := s.DB.ExecContext(ctx, `DELETE FROM uploads WHERE id = ? AND message_id IS NULL`, u.ID)
		if err != nil {
			return n, err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			continue // a message took it meanwhile
		}
		if err := s.Uploads.Delete(ctx, u.Key); err != nil {
			s.Log.WarnContext(ctx, "messages: delete an unused photo's bytes", "key", u.Key, "error", err)
		}
		n++
	}
	return n, nil
}
